/** Writes a generated dataset as one FlatGeobuf file per layer plus manifest.json. */
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFgb, type GeoFeature } from '../src/core/io/fgb';
import { inferColumns } from '../src/core/io/columns-infer';
import { LAYERS } from '../src/core/model/taxonomy';
import type { Dataset } from './generate/index';
import type { Manifest, ManifestLayer } from '../src/core/model/manifest';

export type { Manifest, ManifestLayer };
export { inferColumns };

const BASE_LAYER_GEOM: Record<string, string> = { land: 'Polygon', neighbours: 'MultiPolygon', communes: 'Unknown' };

function bboxOf(features: GeoFeature[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    } else for (const cc of c as unknown[]) visit(cc);
  };
  for (const f of features) visit(f.geometry.coordinates);
  return b;
}

export function writeDataset(ds: Dataset, base: { source: Manifest['base_source']; attributions: Manifest['attributions'] }, outDir: string, meta: { seed: number; scale: number }): Manifest {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const layers: ManifestLayer[] = [];
  const order = ['land', 'neighbours', ...LAYERS.map((l) => l.id)];
  for (const id of order) {
    const feats = ds.layers[id];
    if (!feats) throw new Error(`layer ${id} missing`);
    const def = LAYERS.find((l) => l.id === id);
    const fields = inferColumns(feats);
    const geometry = BASE_LAYER_GEOM[id] ?? def!.geometry;
    const bytes = feats.length ? writeFgb(feats, fields, geometry) : new Uint8Array();
    const file = `${id}.fgb`;
    writeFileSync(join(outDir, file), bytes);
    const codes = [...new Set(feats.map((f) => f.properties.code).filter((c): c is string => typeof c === 'string' && !/^\d+$/.test(c)))].sort();
    layers.push({
      id,
      file,
      codes: def && !def.base ? codes : [],
      geometry,
      count: feats.length,
      bbox: feats.length ? bboxOf(feats) : [0, 0, 0, 0],
      synthetic: feats.some((f) => f.properties.synthetic === true),
      base: !def || def.base,
      fields,
      bytes: bytes.length,
    });
  }
  writeFileSync(join(outDir, 'demo-plan.geojson'), JSON.stringify(ds.plan, null, 1) + '\n');
  const manifest: Manifest = {
    name: 'Hải Phòng 2025 — dữ liệu mặc định',
    format: 1,
    seed: meta.seed,
    scale: meta.scale,
    base_source: base.source,
    synthetic_notice: {
      vi: 'Hạ tầng viễn thông trong bộ dữ liệu này là dữ liệu tổng hợp (giả lập) để minh hoạ, không phải hiện trạng thật của các doanh nghiệp.',
      en: 'The telecom infrastructure in this dataset is synthetic, generated for illustration; it is not the carriers’ real inventory.',
    },
    attributions: base.attributions,
    grid: ds.grid,
    plan: 'demo-plan.geojson',
    layers,
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}
