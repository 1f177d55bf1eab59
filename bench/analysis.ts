/**
 * Analysis section of `npm run bench`: the indexed analysis core (src/core/analysis) against
 * the naive reference (bench/naive.ts) on one dataset, side by side, in one run:
 *   (a) R1 co-location over all sites, (b) reuse of a 10 km corridor built along existing
 *   ducts, (c) full analysis of the demo plan, (d) re-analysis after one corridor edit.
 * Where the naive run would take too long it is timed on a random sample (of rows of the
 * all-pairs loop, or of the corridor's 1 m steps) and extrapolated; the line says so.
 */
import { join } from 'node:path';
import { readAnalysisInput, readPlan } from '../src/cli/load-data';
import { Analyzer } from '../src/core/analysis/analyze';
import { buildContext } from '../src/core/analysis/context';
import { analyzeCorridor } from '../src/core/analysis/corridors';
import { DEFAULT_PARAMS } from '../src/core/analysis/params';
import { clusters, colocationPairs } from '../src/core/analysis/sharing';
import type { PlanFile } from '../src/core/analysis/types';
import { distanceM, offsetM } from '../src/core/geo/ellipsoid';
import type { GeoFeature } from '../src/core/io/fgb';
import { Rng } from '../src/core/random';
import { geodesicM, naiveClusters, naiveCorridor, naivePairs, naivePlannedSharing, naiveSite, turfLines, turfM, type NaiveSite } from './naive';

type Line = (k: string, v: string) => void;

const now = () => performance.now();

/** "850 ms", "12.4 s", "3.1 min", "2.4 h". */
export function dur(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

const ex = (t: { extrapolated: boolean }) => (t.extrapolated ? ' (naive EXTRAPOLATED from a sample)' : '');
const ratio = (naive: number, fast: number) => `×${Math.round(naive / fast).toLocaleString('en-US')}`;

/** Median time of `n` runs (after one warm-up run). */
function timeIt<T>(n: number, f: () => T): { ms: number; out: T } {
  let out = f();
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    out = f();
    ts.push(now() - t);
  }
  ts.sort((a, b) => a - b);
  return { ms: ts[Math.floor(ts.length / 2)], out };
}

/**
 * A ~`target` m corridor that follows existing ducts: start on the longest duct, then keep
 * jumping to the nearest unused duct end (reversing the duct when needed), joined by a short
 * straight link where ends do not meet. Vertices are moved 3 m north, inside T of the duct.
 */
export function corridorAlongDucts(ducts: GeoFeature[], target: number, id = 'bench-cor-10km'): GeoFeature {
  const lines = ducts.filter((d) => d.geometry.type === 'LineString').map((d) => d.geometry.coordinates as number[][]);
  const len = (l: number[][]) => l.reduce((s, c, i) => (i ? s + distanceM(l[i - 1][0], l[i - 1][1], c[0], c[1]) : 0), 0);
  let cur = lines.reduce((best, l) => (len(l) > len(best) ? l : best), lines[0]);
  const used = new Set<number[][]>([cur]);
  const pts: number[][] = [cur[0]];
  let total = 0;
  for (;;) {
    for (const c of cur) {
      const [lx, ly] = pts[pts.length - 1];
      const step = distanceM(lx, ly, c[0], c[1]);
      if (step === 0) continue;
      if (total + step >= target) {
        const t = (target - total) / step;
        pts.push([lx + (c[0] - lx) * t, ly + (c[1] - ly) * t]);
        total = target;
        break;
      }
      pts.push(c);
      total += step;
    }
    if (total >= target || used.size >= lines.length) break;
    const [ex, ey] = pts[pts.length - 1];
    let best: number[][] | null = null;
    let bestD = Infinity;
    let rev = false;
    for (const l of lines) {
      if (used.has(l)) continue;
      const d0 = distanceM(ex, ey, l[0][0], l[0][1]);
      const d1 = distanceM(ex, ey, l[l.length - 1][0], l[l.length - 1][1]);
      if (d0 < bestD) [best, bestD, rev] = [l, d0, false];
      if (d1 < bestD) [best, bestD, rev] = [l, d1, true];
    }
    if (!best) break;
    used.add(best);
    cur = rev ? [...best].reverse() : best;
  }
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => offsetM(x, y, 0, 3)) },
    properties: { id, code: 'CORRIDOR', owner: 'shared', status: 'planned', phase: '2030' },
  };
}

interface NaiveTiming {
  ms: number;
  extrapolated: boolean;
  note: string;
}

/**
 * Naive corridor analysis of `corridors`, timed; if the whole run would exceed `budgetMs`,
 * only a random share of the 1 m steps is evaluated and the time extrapolated.
 */
function naiveCorridorsTimed(corridors: GeoFeature[], ducts: ReturnType<typeof turfLines>, aerial: ReturnType<typeof turfLines>, budgetMs: number, rng: Rng) {
  const T = DEFAULT_PARAMS.tolerance_m;
  // Probe (after a warm-up) to size the sample: a step tests every line until one is within T.
  // The timed run then evaluates steps drawn at random, so the extrapolated total is unbiased.
  const L0 = Math.max(1, lengthOf(corridors[0]));
  naiveCorridor(corridors[0], ducts, aerial, T, { sample: Math.min(1, 3 / L0), rand: () => rng.next() });
  const t0 = now();
  const probe = naiveCorridor(corridors[0], ducts, aerial, T, { sample: Math.min(1, 20 / L0), rand: () => rng.next() });
  const perStep = (now() - t0) / Math.max(1, probe.evaluated);
  const steps = corridors.reduce((s, c) => s + Math.ceil(lengthOf(c)) + 4, 0);
  const share = Math.min(1, budgetMs / (perStep * steps));
  const t1 = now();
  const results = corridors.map((c) => naiveCorridor(c, ducts, aerial, T, { sample: share, rand: () => rng.next() }));
  const ms = now() - t1;
  const evaluated = results.reduce((s, r) => s + r.evaluated, 0);
  const all = results.reduce((s, r) => s + r.steps, 0);
  const timing: NaiveTiming =
    evaluated >= all
      ? { ms, extrapolated: false, note: `all ${all.toLocaleString('en-US')} steps` }
      : {
          ms: (ms * all) / Math.max(1, evaluated),
          extrapolated: true,
          note: `EXTRAPOLATED from ${evaluated.toLocaleString('en-US')} random of ${all.toLocaleString('en-US')} 1 m steps, ${dur(ms)} measured`,
        };
  return { results, timing };
}

function lengthOf(f: GeoFeature): number {
  let s = 0;
  const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates as number[][]] : (f.geometry.coordinates as number[][][]);
  for (const l of parts) for (let i = 1; i < l.length; i++) s += distanceM(l[i - 1][0], l[i - 1][1], l[i][0], l[i][1]);
  return s;
}

/**
 * Naive R1 over all sites (commune lookup by turf for every site, then every pair with turf's
 * haversine, union-find). Above `maxFull` sites, timed on a random sample and extrapolated.
 */
function naiveColocationTimed(input: { sites: GeoFeature[]; communes: GeoFeature[] }, maxFull: number, rng: Rng) {
  const p = DEFAULT_PARAMS;
  const points = input.sites.filter((f) => f.geometry.type === 'Point');
  const n = points.length;
  if (n <= maxFull) {
    const t0 = now();
    const sites = points.map((f) => naiveSite(f, input.communes));
    const t1 = now();
    const pairs = naivePairs(sites, p, turfM);
    const t2 = now();
    const cs = naiveClusters(sites, pairs, turfM);
    const t3 = now();
    return {
      sites,
      pairs,
      clusters: cs,
      timing: { ms: t3 - t0, extrapolated: false, note: `areas ${dur(t1 - t0)}, ${((n * (n - 1)) / 2).toLocaleString('en-US')} pairs ${dur(t2 - t1)}, clusters ${dur(t3 - t2)}` } as NaiveTiming,
    };
  }
  // Sample: k sites get their area and are paired with every other site.
  const k = Math.max(50, Math.round((maxFull * maxFull) / (2 * n)));
  const idx = new Set<number>();
  while (idx.size < k) idx.add(Math.floor(rng.next() * n));
  const rows = [...idx];
  const t0 = now();
  const sampleSites = rows.map((i) => naiveSite(points[i], input.communes));
  const tArea = now() - t0;
  // Pair loop cost does not depend on the area: give the other sites a placeholder area.
  const sites: NaiveSite[] = points.map((f) => {
    const [lon, lat] = f.geometry.coordinates as number[];
    return { id: String(f.properties.id), owner: String(f.properties.owner), status: String(f.properties.status), lon, lat, area: 'xa' };
  });
  rows.forEach((i, j) => (sites[i] = sampleSites[j]));
  const t1 = now();
  const pairs = naivePairs(sites, p, turfM, rows);
  const tPairs = now() - t1;
  const areaMs = (tArea * n) / k;
  const pairMs = (tPairs * ((n * (n - 1)) / 2)) / (k * (n - 1));
  return {
    sites,
    pairs,
    clusters: [],
    timing: {
      ms: areaMs + pairMs,
      extrapolated: true,
      note: `EXTRAPOLATED from ${k} random sites × all ${n.toLocaleString('en-US')} (${dur(tArea + tPairs)} measured; union-find not counted)`,
    } as NaiveTiming,
  };
}

export async function analysisBench(dir: string, tag: string, line: Line, opts: { budgetMs?: number } = {}) {
  const budget = opts.budgetMs ?? 8000;
  const rng = new Rng(20300317);
  const p = DEFAULT_PARAMS;
  const input = await readAnalysisInput(dir);
  const plan = readPlan(join(dir, 'demo-plan.geojson'));
  const segs = (fs: GeoFeature[]) => fs.reduce((s, f) => s + Math.max(0, (f.geometry.coordinates as unknown[]).length - 1), 0);
  line(
    `analysis ${tag} data`,
    `${input.sites.length.toLocaleString('en-US')} sites, ${input.ducts.length.toLocaleString('en-US')} ducts (${segs(input.ducts).toLocaleString('en-US')} segments), ${input.aerial.length.toLocaleString('en-US')} aerial routes (${segs(input.aerial).toLocaleString('en-US')} segments), ${input.communes.length} communes`,
  );
  const ductsT = turfLines(input.ducts);
  const aerialT = turfLines(input.aerial);

  // (a) Co-location over all sites: indexed = context (commune lookup + kdbush) + pairs + clusters.
  // Indexed timings are medians of 5 warm runs (one warm-up first); the naive loops run once.
  const ctxRun = timeIt(5, () => buildContext(input));
  const ctx = ctxRun.out;
  const tCtx = ctxRun.ms;
  const pairRun = timeIt(5, () => {
    const pairs = colocationPairs(ctx, p);
    return { pairs, cs: clusters(ctx, pairs) };
  });
  const { pairs, cs } = pairRun.out;
  const tPairs = pairRun.ms;
  const fastA = tCtx + tPairs;
  let t = 0;
  const naiveA = naiveColocationTimed(input, 6000, rng);
  line(`analysis ${tag} (a) co-location, all sites`, `indexed ${dur(fastA)} | naive ${dur(naiveA.timing.ms)} | speed-up ${ratio(naiveA.timing.ms, fastA)}${ex(naiveA.timing)}`);
  line(`analysis ${tag} (a) indexed detail`, `context (communes, kdbush, flatbush) ${dur(tCtx)}, pairs + clusters ${dur(tPairs)}: ${pairs.length.toLocaleString('en-US')} pairs, ${cs.length.toLocaleString('en-US')} clusters`);
  if (!naiveA.timing.extrapolated) {
    // Compare decisions: naive uses turf's sphere, so pairs near a threshold may flip (pitfalls #10).
    const ids = ctx.sites.map((s) => s.id);
    const key = (a: number, b: number) => `${ids[a]}|${ids[b]}`;
    const F = new Set(pairs.map((q) => key(q.a, q.b)));
    const S = new Set(naiveA.pairs.map((q) => key(q.a, q.b)));
    const differ = [...new Set([...F, ...S])].filter((k) => F.has(k) !== S.has(k));
    const byId = new Map(ctx.sites.map((s) => [s.id, s]));
    const worst = differ.reduce((m, k) => {
      const [a, b] = k.split('|').map((x) => byId.get(x)!);
      const limit = Math.max(p.shareDistance_m[a.area as 'phuong'] ?? 400, p.shareDistance_m[b.area as 'phuong'] ?? 400);
      return Math.max(m, Math.abs(geodesicM(a.lon, a.lat, b.lon, b.lat) - limit) / limit);
    }, 0);
    line(
      `analysis ${tag} (a) naive detail`,
      `${naiveA.timing.note}; ${naiveA.pairs.length.toLocaleString('en-US')} pairs (turf sphere), ${naiveA.clusters.length.toLocaleString('en-US')} clusters; ${differ.length} pair decisions differ, all within ${(worst * 100).toFixed(2)}% of the threshold (geodesic)`,
    );
  } else line(`analysis ${tag} (a) naive detail`, naiveA.timing.note);

  // (b) Reuse of a 10 km corridor along existing ducts.
  const cor = corridorAlongDucts(input.ducts, 10_000);
  const fastB = timeIt(20, () => analyzeCorridor(cor, ctx, p));
  const naiveB = naiveCorridorsTimed([cor], ductsT, aerialT, budget, rng);
  const fb = fastB.out;
  const nb = naiveB.results[0];
  line(`analysis ${tag} (b) reuse, 10 km corridor`, `indexed ${dur(fastB.ms)} | naive ${dur(naiveB.timing.ms)} | speed-up ${ratio(naiveB.timing.ms, fastB.ms)}${ex(naiveB.timing)}`);
  line(
    `analysis ${tag} (b) detail`,
    `indexed: ${fb.length_m} m, reuse ${fb.reuse_duct_m} m, along poles ${fb.along_poles_m} m, new ${fb.new_build_m} m (index built once, in (a)); naive: ${naiveB.timing.note}, reuse ≈ ${Math.round(nb.reuse_duct_m)} m`,
  );

  // (c) Full analysis of the demo plan: Analyzer construction + analyze vs naive R1 + corridors.
  const buildRun = timeIt(5, () => new Analyzer(input));
  const tBuild = buildRun.ms;
  // Analyze: median of 5 runs, each on a fresh analyzer (nothing cached).
  const runs: number[] = [];
  let analyzer = buildRun.out;
  let report = analyzer.analyze(plan);
  for (let i = 0; i < 5; i++) {
    analyzer = new Analyzer(input);
    t = now();
    report = analyzer.analyze(plan);
    runs.push(now() - t);
  }
  runs.sort((a, b) => a - b);
  const fastC = tBuild + runs[2];
  const ns = naiveA.sites;
  t = now();
  const plannedNaive = plan.features
    .filter((f) => String(f.properties.code).startsWith('ANT_') && f.geometry.type === 'Point')
    .map((f) => naivePlannedSharing(naiveSite(f, input.communes), ns, p, turfM));
  const tPlanned = now() - t;
  const planCorridors = plan.features.filter((f) => f.properties.code === 'CORRIDOR' && /LineString/.test(f.geometry.type));
  const naiveC = naiveCorridorsTimed(planCorridors, ductsT, aerialT, budget, rng);
  const naiveCms = naiveA.timing.ms + tPlanned + naiveC.timing.ms;
  const anyExtra = naiveA.timing.extrapolated || naiveC.timing.extrapolated;
  line(`analysis ${tag} (c) full run, demo plan`, `indexed ${dur(fastC)} | naive ${dur(naiveCms)} | speed-up ${ratio(naiveCms, fastC)}${anyExtra ? ' (naive partly EXTRAPOLATED)' : ''}`);
  const km = planCorridors.reduce((s, c) => s + lengthOf(c), 0) / 1000;
  line(
    `analysis ${tag} (c) detail`,
    `indexed: build ${dur(tBuild)} + analyze ${dur(fastC - tBuild)}, ${report.findings.length.toLocaleString('en-US')} findings, ${plannedNaive.length} planned sites, ${planCorridors.length} corridors (${km.toFixed(1)} km); naive: R1 from (a) + planned sites ${dur(tPlanned)} + corridors ${dur(naiveC.timing.ms)} (${naiveC.timing.note})`,
  );

  // (d) Re-analysis after one corridor edit: move the middle vertex of the longest corridor 40 m.
  analyzer.analyze(plan);
  const target = planCorridors.reduce((a, b) => (lengthOf(b) > lengthOf(a) ? b : a), planCorridors[0]);
  const edited: PlanFile = {
    ...plan,
    features: plan.features.map((f) => {
      if (f !== target) return f;
      const c = (f.geometry.coordinates as number[][]).map((x) => [...x]);
      if (c.length > 2) {
        const m = Math.floor(c.length / 2);
        c[m] = offsetM(c[m][0], c[m][1], 40, 0);
      } else c.splice(1, 0, offsetM((c[0][0] + c[1][0]) / 2, (c[0][1] + c[1][1]) / 2, 40, 0));
      return { ...f, geometry: { ...f.geometry, coordinates: c } };
    }),
  };
  t = now();
  analyzer.analyze(edited);
  const fastD = now() - t;
  const recomputed = analyzer.lastComputed;
  const editedCor = edited.features.find((f) => f.properties.id === target.properties.id)!;
  const naiveD = naiveCorridorsTimed([editedCor], ductsT, aerialT, budget / 2, rng);
  line(
    `analysis ${tag} (d) one corridor edited`,
    `indexed ${dur(fastD)} (${recomputed} feature recomputed) | naive ${dur(naiveD.timing.ms)} | speed-up ${ratio(naiveD.timing.ms, fastD)}${ex(naiveD.timing)}`,
  );
  line(
    `analysis ${tag} (d) detail`,
    `edited ${String(target.properties.id)} (${(lengthOf(editedCor) / 1000).toFixed(1)} km); naive re-runs only that corridor (a lower bound: no R1, no cache): ${naiveD.timing.note}`,
  );
}
