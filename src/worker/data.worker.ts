/**
 * The data worker: downloads and parses the dataset's FlatGeobuf layers off the main thread,
 * keeps feature properties here, and hands typed-array columns to the map (transferred).
 */
import * as Comlink from 'comlink';
import { readFgb, type GeoFeature } from '../core/io/fgb';
import { toColumns, filterMask, fold, type Filters, type GeomKind, type LayerColumns } from '../core/data/columns';
import type { Manifest } from '../core/model/manifest';
import type { AnalysisParams } from '../core/analysis/params';
import type { PlanFile } from '../core/analysis/types';
import { cancelImport, runExport, runImport, takeImport } from './io';
import type { ExportFormat, ExportMeta, ExportProfile, ImportOptions } from '../core/io/types';
import { analysisEngine, analysisReady, communeAt, liveCorridor, positionsOf, prepareAnalysis, runAnalysis, runPackage, runProposals } from './analysis';
import { kpiGaps, kpiReady, prepareKpi, runKpi } from './kpi';
import type { KpiParams } from '../core/kpi/params';
import type { KpiPhase } from '../core/kpi/types';

interface Held {
  features: GeoFeature[];
  rowFeature: Uint32Array;
  columns: LayerColumns;
}

const held = new Map<string, Held>();
let manifest: Manifest | null = null;
let baseUrl = '';
let communeCodes: string[] = [];
let communeFeatures: GeoFeature[] = [];
let landFeatures: GeoFeature[] = [];

export type ProgressFn = (loaded: number, total: number) => void;

async function fetchBytes(url: string, expected: number, onProgress?: ProgressFn): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onProgress?.(loaded, expected);
  }
  const out = new Uint8Array(loaded);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function kindOf(geometry: string): GeomKind {
  if (geometry.includes('Line')) return 'line';
  if (geometry.includes('Polygon') || geometry === 'Unknown') return 'polygon';
  return 'point';
}

export interface SearchResult {
  kind: 'commune' | 'feature';
  label: string;
  layerId: string;
  row: number;
  lon: number;
  lat: number;
  bbox?: [number, number, number, number];
}

const api = {
  async init(url: string): Promise<Manifest> {
    baseUrl = url.endsWith('/') ? url : url + '/';
    const res = await fetch(baseUrl + 'manifest.json');
    if (!res.ok) throw new Error(`manifest.json: HTTP ${res.status}`);
    manifest = (await res.json()) as Manifest;
    return manifest;
  },

  /** Base geography as GeoJSON for MapLibre sources (small layers only). */
  async loadGeoJson(id: string, onProgress?: ProgressFn): Promise<{ type: 'FeatureCollection'; features: GeoFeature[] }> {
    const l = manifest?.layers.find((x) => x.id === id);
    if (!l) throw new Error(`unknown layer ${id}`);
    const features = await readFgb(await fetchBytes(baseUrl + l.file, l.bytes, onProgress));
    if (id === 'land') landFeatures = features;
    if (id === 'communes') {
      communeFeatures = features;
      communeCodes = features.map((f) => String(f.properties.code));
    }
    for (const f of features)
      for (const [k, v] of Object.entries(f.properties)) if (typeof v === 'string') f.properties[k] = v.normalize('NFC');
    return { type: 'FeatureCollection', features };
  },

  async loadLayer(id: string, onProgress?: ProgressFn): Promise<LayerColumns> {
    const l = manifest?.layers.find((x) => x.id === id);
    if (!l) throw new Error(`unknown layer ${id}`);
    const bytes = await fetchBytes(baseUrl + l.file, l.bytes, onProgress);
    const features = await readFgb(bytes);
    const { columns, rowFeature } = toColumns(id, kindOf(l.geometry), features, communeCodes);
    held.set(id, { features, rowFeature, columns });
    // Copies go to the main thread; the worker keeps its own for filtering and search.
    const out: LayerColumns = {
      ...columns,
      positions: columns.positions.slice(),
      startIndices: columns.startIndices ? columns.startIndices.slice() : null,
      code: columns.code.slice(),
      owner: columns.owner.slice(),
      status: columns.status.slice(),
      phase: columns.phase.slice(),
      commune: columns.commune.slice(),
      value: columns.value.slice(),
    };
    const transfers = [out.positions, out.code, out.owner, out.status, out.phase, out.commune, out.value].map((a) => a.buffer);
    if (out.startIndices) transfers.push(out.startIndices.buffer);
    return Comlink.transfer(out, transfers as ArrayBuffer[]);
  },

  /** Builds the analysis indexes once the layers it needs are loaded. */
  prepareAnalysis(): boolean {
    const need = ['sites', 'ducts', 'aerial', 'zones'];
    if (!need.every((id) => held.has(id)) || communeFeatures.length === 0) return false;
    const f = (id: string) => held.get(id)!.features;
    prepareAnalysis({ communes: communeFeatures, sites: f('sites'), ducts: f('ducts'), aerial: f('aerial'), zones: f('zones') }, [...held.values()].map((h) => h.features));
    return true;
  },

  /** Builds the indicator engine once its layers (and the analysis context) are loaded. */
  prepareKpi(): boolean {
    if (kpiReady()) return true;
    const analyzer = analysisEngine();
    const need = ['sites', 'ducts', 'aerial', 'zones', 'popcells', 'service', 'datacentres'];
    if (!analyzer || !need.every((id) => held.has(id))) return false;
    const f = (id: string) => held.get(id)!.features;
    prepareKpi(
      { communes: communeFeatures, sites: f('sites'), ducts: f('ducts'), aerial: f('aerial'), zones: f('zones'), popcells: f('popcells'), service: f('service'), datacentres: f('datacentres'), land: landFeatures },
      analyzer,
    );
    return true;
  },

  kpi(plan: PlanFile, params: Partial<KpiParams>, analysisParams: Partial<AnalysisParams>, seq: number) {
    return runKpi(plan, params, analysisParams, seq);
  },

  kpiGaps(phase: KpiPhase, kind: '5g' | 'fibre') {
    return kpiGaps(phase, kind);
  },

  /** `haveKey`: the baseline key the caller holds (null: none yet); omitted: the full report. */
  analyze(plan: PlanFile, params: Partial<AnalysisParams>, seq: number, haveKey?: string | null) {
    if (!analysisReady()) throw new Error('analysis: the dataset is not loaded yet');
    return runAnalysis(plan, params, seq, haveKey);
  },

  proposals(plan: PlanFile, params: Partial<AnalysisParams>, haveKey: string | null) {
    return runProposals(plan, params, haveKey);
  },

  reviewPackage(carrier: string, plan: PlanFile, params: Partial<AnalysisParams>, planName: string | null) {
    return runPackage(carrier, plan, params, planName);
  },

  liveCorridor(coords: number[][], params: Partial<AnalysisParams>) {
    return liveCorridor(coords, params);
  },

  communeAt(lon: number, lat: number): string {
    return communeAt(lon, lat);
  },

  communesAt(points: [number, number][]): string[] {
    return points.map(([lon, lat]) => communeAt(lon, lat));
  },

  positionsOf(ids: string[], plan: PlanFile): [number, number][] {
    return positionsOf(ids, plan);
  },

  async fetchPlan(): Promise<PlanFile> {
    const res = await fetch(baseUrl + (manifest?.plan ?? 'demo-plan.geojson'));
    if (!res.ok) throw new Error(`demo plan: HTTP ${res.status}`);
    return (await res.json()) as PlanFile;
  },

  props(id: string, row: number): Record<string, unknown> | null {
    const h = held.get(id);
    if (!h || row < 0 || row >= h.rowFeature.length) return null;
    return { ...h.features[h.rowFeature[row]].properties };
  },

  filter(id: string, filters: Filters): Float32Array {
    const h = held.get(id);
    if (!h) return new Float32Array();
    const m = filterMask(h.columns, filters, communeCodes);
    return Comlink.transfer(m, [m.buffer as ArrayBuffer]);
  },

  /** Row and position of a feature by id (first row for multi-part lines). */
  locate(id: string, featureId: string): { row: number; lon: number; lat: number } | null {
    const h = held.get(id);
    if (!h) return null;
    const fi = h.features.findIndex((f) => f.properties.id === featureId);
    if (fi < 0) return null;
    const row = h.rowFeature.indexOf(fi);
    const c = h.columns;
    const v = c.startIndices ? c.startIndices[row] : row;
    return { row, lon: c.positions[2 * v], lat: c.positions[2 * v + 1] };
  },

  importFile(job: number, input: Blob | Uint8Array, opts: Omit<ImportOptions, 'onProgress' | 'signal'>, onProgress?: (done: number, total: number) => void) {
    return runImport(job, input, opts, onProgress);
  },

  cancelImport(job: number) {
    cancelImport(job);
  },

  takeImport(job: number) {
    return takeImport(job);
  },

  /** Exports plan features, optionally with dataset layers the worker holds. */
  exportData(planFeatures: GeoFeature[], layers: string[], profile: ExportProfile, format: ExportFormat, meta: ExportMeta) {
    const features = [...layers.flatMap((id) => held.get(id)?.features ?? []), ...planFeatures];
    return runExport(features, profile, format, meta, layers.length === 1 && planFeatures.length === 0 ? layers[0] : layers.length ? undefined : 'plan');
  },

  /** The geometry of a dataset feature by id, whichever layer holds it. */
  locateAny(featureId: string): { layerId: string; geometry: GeoFeature['geometry'] } | null {
    for (const [layerId, h] of held) {
      const f = h.features.find((x) => x.properties.id === featureId);
      if (f) return { layerId, geometry: f.geometry };
    }
    return null;
  },

  search(q: string, limit = 8): SearchResult[] {
    const needle = fold(q);
    if (needle.length < 2) return [];
    const out: SearchResult[] = [];
    communeFeatures.forEach((f, i) => {
      const p = f.properties;
      if (fold(String(p.name)).includes(needle) || fold(String(p.short_name)).includes(needle) || String(p.code) === needle) {
        out.push({
          kind: 'commune',
          label: String(p.name),
          layerId: 'communes',
          row: i,
          lon: Number(p.seat_lon),
          lat: Number(p.seat_lat),
          bbox: bboxOf(f),
        });
      }
    });
    out.sort((a, b) => (fold(a.label).startsWith(needle) ? 0 : 1) - (fold(b.label).startsWith(needle) ? 0 : 1));
    // Feature ids: exact or prefix match, e.g. "site-000123".
    for (const [layerId, h] of held) {
      if (out.length >= limit) break;
      for (let fi = 0; fi < h.features.length && out.length < limit; fi++) {
        const fid = String(h.features[fi].properties.id ?? '');
        if (fid.toLowerCase().startsWith(needle) && (fid.length - needle.length < 3 || needle.length > 5)) {
          const row = h.rowFeature.indexOf(fi);
          const v = h.columns.startIndices ? h.columns.startIndices[row] : row;
          out.push({ kind: 'feature', label: fid, layerId, row, lon: h.columns.positions[2 * v], lat: h.columns.positions[2 * v + 1] });
        }
      }
    }
    return out.slice(0, limit);
  },
};

function bboxOf(f: GeoFeature): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    } else for (const cc of c as unknown[]) visit(cc);
  };
  visit(f.geometry.coordinates);
  return b;
}

export type DataApi = typeof api;
Comlink.expose(api);
