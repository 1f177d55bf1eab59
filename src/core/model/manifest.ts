/** The dataset manifest written by the seed (see seeds/write.ts and docs/schema.md). */
export interface ManifestLayer {
  id: string;
  file: string;
  codes: string[];
  geometry: string;
  count: number;
  bbox: [number, number, number, number];
  synthetic: boolean;
  base: boolean;
  fields: { name: string; kind: 'string' | 'number' | 'int' | 'bool' }[];
  bytes: number;
}

export interface Manifest {
  name: string;
  format: 1;
  seed: number;
  scale: number;
  base_source: 'shared' | 'fallback';
  synthetic_notice: { vi: string; en: string };
  attributions: { id: string; text: string; licence: string }[];
  grid: { cell_m: number; dlon: number; dlat: number };
  plan: string;
  layers: ManifestLayer[];
}
