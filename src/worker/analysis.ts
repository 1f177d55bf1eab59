/**
 * The analysis side of the data worker: one Analyzer over the layers the worker already holds,
 * re-run on every plan change (its per-feature cache keeps an edit cheap), results annotated
 * with owners and communes for the findings panel, corridor parts packed into typed arrays.
 */
import * as Comlink from 'comlink';
import { Analyzer } from '../core/analysis/analyze';
import { mergeFindings } from '../core/analysis/order';
import { analyzeCorridor } from '../core/analysis/corridors';
import { withParams } from '../core/analysis/params';
import type { AnalysisParams } from '../core/analysis/params';
import type { AnalysisInput, Finding, PlanFile, Report } from '../core/analysis/types';
import type { GeoFeature } from '../core/io/fgb';
import { buildProposals, proposalsFor } from '../core/review/proposals';
import { writePackage } from '../core/review/file';
import type { Proposal } from '../core/review/types';

export interface AnnotatedFinding extends Finding {
  owners: string[];
  communes: string[];
}

export interface CorridorGeometry {
  /** Flat lon/lat of every part, Float64. */
  positions: Float64Array;
  startIndices: Uint32Array;
  /** 0 duct reuse, 1 along aerial route, 2 new build; one per part. */
  kind: Uint8Array;
  length: number;
}

export interface AnalysisResult {
  seq: number;
  report: Omit<Report, 'findings'> & { findings: AnnotatedFinding[] };
  geometry: CorridorGeometry;
  computed: number;
  ms: number;
  /**
   * Set when the caller keeps the baseline itself (it passed the key it holds): `report` then
   * has only the plan's findings and no clusters, and `baseline` comes only when it changed.
   */
  split?: { key: string; baseline: { findings: AnnotatedFinding[]; colocation: Report['colocation'] } | null };
}

const KIND = { duct: 0, aerial: 1, new: 2 } as const;

let analyzer: Analyzer | null = null;
/** Every dataset feature by id, for the facts and fingerprints of review proposals. */
let byId = new Map<string, GeoFeature>();
let info = new Map<string, { owner: string; commune: string; lon: number; lat: number }>();

export function prepareAnalysis(input: AnalysisInput, all: GeoFeature[][]) {
  analyzer = new Analyzer(input);
  info = new Map();
  byId = new Map();
  for (const layer of all)
    for (const f of layer) {
      const id = String(f.properties.id ?? '');
      if (!id) continue;
      byId.set(id, f);
      const c = firstCoord(f.geometry.coordinates);
      info.set(id, { owner: String(f.properties.owner ?? ''), commune: String(f.properties.commune_code ?? ''), lon: c[0], lat: c[1] });
    }
}

function firstCoord(c: unknown): number[] {
  let x = c as unknown[];
  while (Array.isArray(x[0])) x = x[0] as unknown[];
  return x as number[];
}

/** The analyzer (indexes and corridor cache), shared with the indicator engine. */
export function analysisEngine(): Analyzer | null {
  return analyzer;
}

export function analysisReady(): boolean {
  return analyzer !== null;
}

/** Annotated baseline findings, per set of parameters (they involve dataset features only). */
let annotatedBaseline: { key: string; findings: AnnotatedFinding[] } | null = null;

/**
 * Runs the analysis. With `haveKey` (the baseline key the caller already holds, or null) the
 * result is split: the tens of thousands of baseline findings of a large city cross to the main
 * thread only when the thresholds change, not on every edit.
 */
export function runAnalysis(plan: PlanFile, params: Partial<AnalysisParams>, seq: number, haveKey?: string | null): AnalysisResult {
  if (!analyzer) throw new Error('analysis: the dataset is not loaded yet');
  const t0 = performance.now();
  const parts = analyzer.analyzeParts(plan, params);
  const planInfo = new Map<string, { owner: string; commune: string }>();
  for (const f of plan.features) planInfo.set(String(f.properties.id), { owner: String(f.properties.owner ?? ''), commune: String(f.properties.commune_code ?? '') });
  const annotate = (f: Finding): AnnotatedFinding => {
    const owners = new Set<string>();
    const communes = new Set<string>();
    for (const id of f.featureIds) {
      const i = planInfo.get(id) ?? info.get(id);
      if (i?.owner) owners.add(i.owner);
      if (i?.commune) communes.add(i.commune);
    }
    return { ...f, owners: [...owners], communes: [...communes] };
  };
  if (annotatedBaseline?.key !== parts.key) annotatedBaseline = { key: parts.key, findings: parts.baseline.findings.map(annotate) };
  const planFindings = parts.findings.map(annotate);
  const split = haveKey !== undefined;
  const report = {
    params: parts.params,
    findings: split ? planFindings : mergeFindings(annotatedBaseline.findings, planFindings),
    colocation: split ? [] : parts.baseline.clusters,
    corridors: parts.corridors,
    timings_ms: parts.timings_ms,
  };
  let nv = 0;
  let np = 0;
  for (const c of report.corridors) for (const p of c.parts) {
    nv += p.coords.length / 2;
    np++;
  }
  const positions = new Float64Array(nv * 2);
  const startIndices = new Uint32Array(np + 1);
  const kind = new Uint8Array(np);
  let v = 0;
  let k = 0;
  for (const c of report.corridors)
    for (const p of c.parts) {
      startIndices[k] = v;
      kind[k++] = KIND[p.kind];
      positions.set(p.coords, v * 2);
      v += p.coords.length / 2;
    }
  startIndices[np] = v;
  const corridors = report.corridors.map((c) => ({ ...c, parts: [] }));
  const result: AnalysisResult = {
    seq,
    report: { ...report, corridors },
    ...(split ? { split: { key: parts.key, baseline: haveKey === parts.key ? null : { findings: annotatedBaseline.findings, colocation: parts.baseline.clusters } } } : {}),
    geometry: { positions, startIndices, kind, length: np },
    computed: analyzer.lastComputed,
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
  return Comlink.transfer(result, [positions.buffer, startIndices.buffer, kind.buffer]);
}

/** Cluster proposals depend only on the dataset and the thresholds: built once per thresholds. */
let baselineProposals: { key: string; list: Proposal[] } | null = null;

export interface ProposalsResult {
  /** Identifies the baseline (cluster) proposals; the caller keeps them while the key is unchanged. */
  baselineKey: string;
  /** Present only when the caller's key differs from the current one. */
  baseline: Proposal[] | null;
  /** Proposals that involve plan features (sites to share, ducts to reuse, joint builds). */
  plan: Proposal[];
}

/**
 * The sharing proposals of the whole plan (every phase), for carrier review. The many cluster
 * proposals of existing sites are sent only when they change, so an edit costs the plan's few.
 */
export function runProposals(plan: PlanFile, params: Partial<AnalysisParams>, haveKey: string | null): ProposalsResult {
  if (!analyzer) throw new Error('analysis: the dataset is not loaded yet');
  const p = withParams(params);
  // The parts, not the merged report: the plan's proposals need only the plan's findings.
  const parts = analyzer.analyzeParts(plan, p);
  const planById = new Map(plan.features.map((f) => [String(f.properties.id), f]));
  const feature = (id: string) => planById.get(id) ?? byId.get(id);
  const key = parts.key;
  const base = { params: parts.params, timings_ms: parts.timings_ms };
  if (!baselineProposals || baselineProposals.key !== key) {
    const empty: PlanFile = { type: 'FeatureCollection', features: [] };
    const report = { ...base, findings: [], corridors: [], colocation: parts.baseline.clusters };
    baselineProposals = { key, list: buildProposals({ report, plan: empty, ctx: analyzer.ctx, feature, params: p }) };
  }
  const report = { ...base, findings: parts.findings, corridors: parts.corridors, colocation: [] };
  const planList = buildProposals({ report, plan, ctx: analyzer.ctx, feature, params: p });
  return { baselineKey: key, baseline: haveKey === key ? null : baselineProposals.list, plan: planList };
}

/** A carrier's review package (GeoJSON text): its proposals and the features involved. */
export function runPackage(carrier: string, plan: PlanFile, params: Partial<AnalysisParams>, planName: string | null): string {
  const res = runProposals(plan, params, null);
  const all = [...res.plan, ...(res.baseline ?? [])];
  const mine = proposalsFor(carrier, all);
  const planById = new Map(plan.features.map((f) => [String(f.properties.id), f]));
  const ids = [...new Set(mine.flatMap((p) => p.featureIds))];
  const features = ids.map((id) => planById.get(id) ?? byId.get(id)).filter((f): f is GeoFeature => f !== undefined);
  return writePackage({ carrier, date: new Date().toISOString(), plan: planName, proposals: mine, features });
}

/** Positions of features by id (dataset or plan), for highlighting a finding's features. */
export function positionsOf(ids: string[], plan: PlanFile): [number, number][] {
  const out: [number, number][] = [];
  for (const id of ids) {
    const pf = plan.features.find((f) => String(f.properties.id) === id);
    if (pf) {
      const c = firstCoord(pf.geometry.coordinates);
      out.push([c[0], c[1]]);
      continue;
    }
    const i = info.get(id);
    if (i) out.push([i.lon, i.lat]);
  }
  return out;
}

export interface LiveCorridor {
  length_m: number;
  reuse_duct_m: number;
  along_poles_m: number;
  new_build_m: number;
  geometry: CorridorGeometry;
}

/** The reuse split of a line being drawn (not yet part of the plan). */
export function liveCorridor(coords: number[][], params: Partial<AnalysisParams>): LiveCorridor | null {
  if (!analyzer || coords.length < 2) return null;
  const f: GeoFeature = { type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id: '__live', code: 'CORRIDOR', owner: '' } };
  const r = analyzeCorridor(f, analyzer.ctx, withParams(params));
  const nv = r.parts.reduce((s, p) => s + p.coords.length / 2, 0);
  const positions = new Float64Array(nv * 2);
  const startIndices = new Uint32Array(r.parts.length + 1);
  const kind = new Uint8Array(r.parts.length);
  let v = 0;
  r.parts.forEach((p, i) => {
    startIndices[i] = v;
    kind[i] = KIND[p.kind];
    positions.set(p.coords, v * 2);
    v += p.coords.length / 2;
  });
  startIndices[r.parts.length] = v;
  const out: LiveCorridor = {
    length_m: r.length_m,
    reuse_duct_m: r.reuse_duct_m,
    along_poles_m: r.along_poles_m,
    new_build_m: r.new_build_m,
    geometry: { positions, startIndices, kind, length: r.parts.length },
  };
  return Comlink.transfer(out, [positions.buffer, startIndices.buffer, kind.buffer]);
}

/** Code of the commune containing a point ('' outside the city). */
export function communeAt(lon: number, lat: number): string {
  if (!analyzer) return '';
  const i = analyzer.ctx.communeIndex.find(lon, lat);
  return i >= 0 ? analyzer.ctx.communes[i].code : '';
}
