/**
 * GDAL reads the exports back: every format and profile is written to a temporary folder (with
 * its sidecar and, for CSV, its .csvt and .prj) and opened with `ogrinfo`: the same feature
 * count, WGS 84 (EPSG:4326), every exported field present, no feature without geometry and no
 * invalid geometry (SQLite dialect, ST_IsValid).
 *
 * CI installs gdal-bin (.ci/run). Without `ogrinfo` on the PATH the checks are skipped and the
 * skip says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../seeds/shared-path';
import type { GeoFeature } from '../../src/core/io/fgb';
import { EXPORT_FORMATS, exportFeatures } from '../../src/core/io/export';
import { exportColumns } from '../../src/core/io/columns-infer';
import { applyProfile } from '../../src/core/io/redact';
import type { ExportFormat, ExportProfile } from '../../src/core/io/types';
import { readLayer, readManifest, readPlan } from '../../src/cli/load-data';
import { exportMeta } from '../../src/cli/export';
import { writeExport } from '../../src/cli/files';

const DATA = join(REPO_ROOT, 'public', 'data');
const HAVE_OGRINFO = spawnSync('sh', ['-c', 'command -v ogrinfo'], { encoding: 'utf8' }).status === 0;

interface OgrLayer {
  name: string;
  geometry: string;
  count: number;
  srs: string;
  geometryColumn: string | null;
  fields: string[];
}

function ogrinfo(args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync('ogrinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ogrinfo ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The layers `ogrinfo -ro -al -so FILE` describes. */
function summary(file: string): { layers: OgrLayer[]; stderr: string } {
  const { stdout, stderr } = ogrinfo(['-ro', '-al', '-so', file]);
  const layers = stdout
    .split(/^Layer name: /m)
    .slice(1)
    .map((block): OgrLayer => {
      const lines = block.split('\n');
      const srs = /Layer SRS WKT:\n([\s\S]*?)\nData axis/.exec(block)?.[1] ?? '';
      const afterAxis = block.slice(block.indexOf('Data axis'));
      return {
        name: lines[0].trim(),
        geometry: /^Geometry: (.*)$/m.exec(block)?.[1] ?? '',
        count: Number(/^Feature Count: (\d+)$/m.exec(block)?.[1] ?? NaN),
        srs,
        geometryColumn: /^Geometry Column = (.*)$/m.exec(block)?.[1] ?? null,
        fields: [...afterAxis.matchAll(/^([^\s].*?): (?:String|Real|Integer|Integer64|Date|Time|DateTime|Binary|StringList|IntegerList|RealList)(?:\([A-Za-z0-9]+\))? \(/gm)].map((m) => m[1]),
      };
    });
  return { layers, stderr };
}

/** Features, features without geometry and invalid geometries of one layer, by GDAL's SQLite dialect. */
function validity(file: string, layer: OgrLayer): { n: number; nullGeom: number; invalid: number; stderr: string } {
  const g = layer.geometryColumn ?? 'geometry';
  const q = `SELECT COUNT(*) AS n, SUM(CASE WHEN ${g} IS NULL THEN 1 ELSE 0 END) AS null_geom, SUM(CASE WHEN ST_IsValid(${g}) = 0 THEN 1 ELSE 0 END) AS n_invalid FROM "${layer.name.replace(/"/g, '""')}"`;
  const { stdout, stderr } = ogrinfo(['-ro', '-al', '-q', '-dialect', 'SQLite', '-sql', q, file]);
  const num = (k: string) => Number(new RegExp(`^\\s*${k} \\(\\w+\\) = (\\d+|\\(null\\))`, 'm').exec(stdout)?.[1]?.replace('(null)', '0') ?? NaN);
  return { n: num('n'), nullGeom: num('null_geom'), invalid: num('n_invalid'), stderr };
}

let tmp = '';
let features: GeoFeature[] = [];
let planIds = new Set<string>();
let meta: ReturnType<typeof exportMeta>;

describe('GDAL ogrinfo reads every export back', () => {
  // A requirement, not optional: .ci/run installs gdal-bin, and a missing ogrinfo must fail loudly.
  it('ogrinfo is installed (apt-get install gdal-bin)', () => {
    expect(HAVE_OGRINFO, 'ogrinfo not found on the PATH: apt-get install gdal-bin').toBe(true);
  });

  beforeAll(async () => {
    if (!existsSync(join(DATA, 'manifest.json'))) {
      const seed = spawnSync(process.execPath, ['--import', 'tsx', 'seeds/seed.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'hatang-ogr-'));
    const m = readManifest(DATA);
    // Polygons (zones), lines (ducts, aerial), points (sites, critical, data centres) and the plan.
    for (const id of ['zones', 'ducts', 'aerial', 'sites', 'datacentres', 'critical']) features.push(...(await readLayer(DATA, m, id)));
    const plan = readPlan(join(DATA, m.plan));
    planIds = new Set(plan.features.map((f) => String(f.properties.id)));
    features = [...features, ...plan.features];
    meta = exportMeta(m, plan);
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const profiles: ExportProfile[] = [{ kind: 'public' }, { kind: 'carrier', carrier: 'MobiFone' }, { kind: 'full' }];
  const cases = EXPORT_FORMATS.flatMap((format) => profiles.map((p) => [format, p.kind === 'carrier' ? `carrier:${p.carrier}` : p.kind, p] as [ExportFormat, string, ExportProfile]));

  it.each(cases)('%s, %s', (format, _label, profile) => {
    const out = exportFeatures(features, { profile, format, meta, planFeatureIds: planIds });
    const published = applyProfile(features, profile, { planFeatureIds: planIds });
    expect(out.count).toBe(published.length);
    expect(out.count).toBeGreaterThan(0);
    const file = join(tmp, out.fileName);
    writeExport(file, out);

    const { layers, stderr } = summary(file);
    expect(stderr, 'ogrinfo warnings').not.toMatch(/ERROR|Warning/);
    expect(layers.length).toBeGreaterThan(0);
    // Same number of features.
    expect(layers.reduce((a, l) => a + l.count, 0)).toBe(out.count);
    const fields = new Set(layers.flatMap((l) => l.fields.map((f) => f.toLowerCase())));
    for (const l of layers) {
      // WGS 84, EPSG:4326.
      expect(l.srs, `${l.name} SRS`).toContain('WGS 84');
      expect(l.srs, `${l.name} SRS`).toMatch(/ID\["EPSG",4326\]/);
      expect(l.geometry).not.toBe('None');
      // Every feature has a geometry and every geometry is valid.
      const v = validity(file, l);
      expect(v.stderr).not.toMatch(/ERROR/);
      expect(v.n, `${l.name} count by SQL`).toBe(l.count);
      expect(v.nullGeom, `${l.name} features without geometry`).toBe(0);
      expect(v.invalid, `${l.name} invalid geometries`).toBe(0);
    }
    // Every exported field is there (KML's LIBKML driver shows `name` as its own `Name`).
    for (const c of exportColumns(published)) expect(fields.has(c.name.toLowerCase()), `${format} field ${c.name}`).toBe(true);
    if (format === 'csv') for (const c of out.companions.length && published.every((f) => f.geometry.type === 'Point') ? ['lon', 'lat'] : ['wkt']) expect(fields.has(c), c).toBe(true);
    // The public export never lists a confidential field.
    if (profile.kind === 'public') for (const k of ['tenants', 'shared', 'sharing_capacity_left', 'n_free_ducts']) expect(fields.has(k), k).toBe(false);
  }, 120_000);

  it('reads a points-only CSV through its lon/lat columns (.csvt CoordX/CoordY)', () => {
    const sites = features.filter((f) => f.geometry.type === 'Point' && String(f.properties.code).startsWith('ANT_'));
    const out = exportFeatures(sites, { profile: { kind: 'public' }, format: 'csv', meta, layer: 'sites' });
    const file = join(tmp, out.fileName);
    writeExport(file, out);
    const { layers } = summary(file);
    expect(layers).toHaveLength(1);
    expect(layers[0].geometry).toBe('Point');
    expect(layers[0].count).toBe(sites.length);
    expect(layers[0].srs).toMatch(/ID\["EPSG",4326\]/);
    expect(layers[0].fields).toEqual(expect.arrayContaining(['lon', 'lat', 'id', 'height_m']));
    expect(validity(file, layers[0]).invalid).toBe(0);
  }, 120_000);
});
