/** Reads the dataset's layers from a data folder (Node only). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFgb, type GeoFeature } from '../core/io/fgb';
import type { AnalysisInput, PlanFile } from '../core/analysis/types';
import type { KpiInput } from '../core/kpi/types';
import type { Manifest } from '../core/model/manifest';
import { geometryProblem } from '../core/geo/valid';

export class CliError extends Error {}

export function readManifest(dir: string): Manifest {
  const p = join(dir, 'manifest.json');
  if (!existsSync(p)) throw new CliError(`no dataset in ${dir} (manifest.json missing); run \`npm run seed\` or pass --data DIR`);
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Manifest;
  } catch (e) {
    throw new CliError(`${p}: not valid JSON (${(e as Error).message})`);
  }
}

export async function readLayer(dir: string, m: Manifest, id: string): Promise<GeoFeature[]> {
  const l = m.layers.find((x) => x.id === id);
  if (!l) throw new CliError(`layer ${id} missing from ${join(dir, 'manifest.json')}`);
  const p = join(dir, l.file);
  if (!existsSync(p)) throw new CliError(`${p}: file missing`);
  try {
    return await readFgb(new Uint8Array(readFileSync(p)));
  } catch (e) {
    throw new CliError(`${p}: not a readable FlatGeobuf file (${(e as Error).message})`);
  }
}

export async function readAnalysisInput(dir: string): Promise<AnalysisInput> {
  const m = readManifest(dir);
  const [communes, sites, ducts, aerial, zones] = await Promise.all(['communes', 'sites', 'ducts', 'aerial', 'zones'].map((id) => readLayer(dir, m, id)));
  return { communes, sites, ducts, aerial, zones };
}

/** The analysis layers plus population cells, service points, data centres and the land mask. */
export async function readKpiInput(dir: string): Promise<KpiInput> {
  const m = readManifest(dir);
  const [a, popcells, service, datacentres, land] = await Promise.all([
    readAnalysisInput(dir),
    ...['popcells', 'service', 'datacentres', 'land'].map((id) => readLayer(dir, m, id)),
  ] as const);
  return { ...a, popcells, service, datacentres, land } as KpiInput;
}

/** Reads and checks a plan file: a GeoJSON FeatureCollection. */
export function readPlan(path: string): PlanFile {
  if (!existsSync(path)) throw new CliError(`${path}: file not found`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const d = doc as PlanFile;
  if (!d || d.type !== 'FeatureCollection' || !Array.isArray(d.features)) throw new CliError(`${path}: not a GeoJSON FeatureCollection`);
  d.features.forEach((f, i) => {
    if (!f || f.type !== 'Feature' || !f.geometry || typeof f.properties !== 'object' || f.properties === null)
      throw new CliError(`${path}: feature ${i} is not a GeoJSON Feature with geometry and properties`);
    if (!f.properties.id) throw new CliError(`${path}: feature ${i} has no id`);
    const why = geometryProblem(f.geometry);
    if (why) throw new CliError(`${path}: feature ${i} (${String(f.properties.id)}): ${why}`);
  });
  return d;
}
