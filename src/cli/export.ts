/**
 * `hatang export`: the dataset's asset layers and a plan, through an export profile (public,
 * carrier:NAME, full), as one GeoJSON, FlatGeobuf, CSV or KML file.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_PARAMS } from '../core/analysis/params';
import type { GeoFeature } from '../core/io/fgb';
import { EXPORT_FORMATS, FORMAT_EXT, exportFeatures, formatFromFileName } from '../core/io/export';
import { PACKAGE_OWNERS, parseProfile } from '../core/io/redact';
import type { ExportFormat, ExportMeta } from '../core/io/types';
import type { Manifest } from '../core/model/manifest';
import { LAYERS } from '../core/model/taxonomy';
import { DEFAULT_DATA_DIR } from './plan-inputs';
import { parseFlags, userPath, type Command, type Io } from './args';
import { checkWritable, today, writeExport } from './files';
import { CliError, readLayer, readManifest, readPlan } from './load-data';

/** The dataset's telecom layers (every non-base layer), in drawing order. */
export const ASSET_LAYERS = LAYERS.filter((l) => !l.base).map((l) => l.id);
const ALL_LAYERS = [...ASSET_LAYERS, 'plan'];

const HELP = `Usage: hatang export --profile P --format F --out PATH [--data DIR] [--plan FILE] [--layers L1,L2]

Exports the dataset's asset layers (${ASSET_LAYERS.join(', ')})
and the plan's proposals as one file.

Profiles:
  public             public consultation: no security-critical works (CRIT_SECURITY), no
                     confidential attributes (tenancy, free capacity, costs); writes a bilingual
                     field list with the plan metadata beside the file (<file>.fields.md)
  carrier:NAME       what carrier NAME must review: its assets, its and shared proposals, and
                     proposals within 400 m of its sites; other carriers' confidential attributes
                     removed (NAME: ${PACKAGE_OWNERS.join(', ')})
  full               everything (internal)

Options:
  --profile P        public, carrier:NAME or full (required)
  --format F         ${EXPORT_FORMATS.join(', ')} (default: from the extension of --out)
  --out PATH         file to write, or an existing folder to write the default file name in
  --data DIR         dataset folder with manifest.json (default: public/data)
  --plan FILE        plan as a GeoJSON FeatureCollection (default: the dataset's demo plan)
  --layers L1,L2     only these layers (${ALL_LAYERS.join(', ')}); default: all of them
  -h, --help         show this help

A CSV gets its .csvt (column types) and .prj (WGS 84) beside it.
Exit codes: 0 written, 2 bad usage or unreadable input, 1 other failure.
`;

function parseLayers(raw: string): string[] {
  const ids = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!ids.length) throw new CliError(`--layers: no layer given (${ALL_LAYERS.join(', ')})`);
  for (const id of ids) if (!ALL_LAYERS.includes(id)) throw new CliError(`--layers: unknown layer '${id}' (${ALL_LAYERS.join(', ')})`);
  return ALL_LAYERS.filter((id) => ids.includes(id));
}

function parseFormat(raw: string): ExportFormat {
  const f = EXPORT_FORMATS.find((x) => x === raw.trim().toLowerCase());
  if (!f) throw new CliError(`--format: unknown format '${raw}' (${EXPORT_FORMATS.join(', ')})`);
  return f;
}

/** Name, phase, date, thresholds and attributions of the export. */
export function exportMeta(manifest: Manifest, plan: { metadata?: Record<string, unknown>; features: GeoFeature[] } | null): ExportMeta {
  const md = plan?.metadata ?? {};
  const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);
  const phases = [...new Set((plan?.features ?? []).map((f) => f.properties.phase).filter((p): p is string => typeof p === 'string'))].sort();
  const thresholds = md.thresholds && typeof md.thresholds === 'object' ? (md.thresholds as Record<string, unknown>) : (DEFAULT_PARAMS as unknown as Record<string, unknown>);
  const attributions = [...manifest.attributions];
  if (manifest.synthetic_notice)
    attributions.push({ id: 'hatang-synthetic', text: `${manifest.synthetic_notice.vi} / ${manifest.synthetic_notice.en}`, licence: 'synthetic (illustration only)' });
  return {
    name: text(md.name) ?? manifest.name,
    phase: phases.length ? phases.join(', ') : undefined,
    date: (text(md.modified) ?? today()).slice(0, 10),
    thresholds,
    attributions,
  };
}

async function run(argv: string[], io: Io): Promise<number> {
  const v = parseFlags('export', argv, {
    data: { type: 'string' },
    plan: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    layers: { type: 'string' },
  });
  if (typeof v.profile !== 'string') throw new CliError(`--profile is required: public, carrier:NAME or full (see 'hatang export --help')`);
  let profile;
  try {
    profile = parseProfile(v.profile);
  } catch (e) {
    throw new CliError(`--profile: ${(e as Error).message}`);
  }
  if (typeof v.out !== 'string') throw new CliError(`--out PATH is required (see 'hatang export --help')`);
  let out = userPath(v.out, io);
  const outIsDir = existsSync(out) && statSync(out).isDirectory();
  const fromName = outIsDir ? null : formatFromFileName(out);
  const format = typeof v.format === 'string' ? parseFormat(v.format) : fromName;
  if (!format) throw new CliError(`--format is required when --out has no known extension (${EXPORT_FORMATS.join(', ')})`);
  if (fromName && fromName !== format) throw new CliError(`--out ${basename(out)} does not match --format ${format} (use a ${FORMAT_EXT[format]} file name)`);
  const layers = typeof v.layers === 'string' ? parseLayers(v.layers) : ALL_LAYERS;

  const dataDir = typeof v.data === 'string' ? userPath(v.data, io) : DEFAULT_DATA_DIR;
  const manifest = readManifest(dataDir);
  let planFile: string | null = null;
  if (typeof v.plan === 'string') planFile = userPath(v.plan, io);
  else if (manifest.plan) planFile = join(dataDir, manifest.plan);
  else if (layers.includes('plan')) throw new CliError(`${dataDir}: the dataset names no demo plan; pass --plan FILE`);
  const plan = planFile ? readPlan(planFile) : null;
  if (!outIsDir) checkWritable(out);

  const features: GeoFeature[] = [];
  for (const id of layers.filter((l) => l !== 'plan')) for (const f of await readLayer(dataDir, manifest, id)) features.push(f);
  const planFeatures = plan && layers.includes('plan') ? plan.features : [];
  for (const f of planFeatures) features.push(f);
  const planFeatureIds = new Set((plan?.features ?? []).map((f) => String(f.properties.id)));

  const meta = exportMeta(manifest, plan);
  const layer = layers.length === ALL_LAYERS.length ? undefined : layers.join('+');
  const result = exportFeatures(features, { profile, format, meta, layer, planFeatureIds });
  if (outIsDir) out = join(out, result.fileName);
  const written = writeExport(out, result);
  const also = written.length > 1 ? ` (and ${written.slice(1).map((p) => basename(p)).join(', ')})` : '';
  io.err(`hatang: wrote ${out}${also}: ${result.count} of ${features.length} features, ${format}, profile ${v.profile.trim()}`);
  return 0;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export the dataset and a plan (public, carrier:NAME or full) as GeoJSON, FlatGeobuf, CSV or KML',
  help: HELP,
  run,
};
