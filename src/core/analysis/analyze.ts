/**
 * Runs every analysis on a plan against the dataset. Results for the baseline (existing
 * assets) are computed once per set of parameters; results for each plan feature are cached
 * by the feature's content, so an edit recomputes only what it touches. Cross-feature parts
 * (joint build between corridors, spacing between planned sites) are cheap and always redone.
 */
import type { GeoFeature } from '../io/fgb';
import { geometryProblem } from '../geo/valid';
import { a1ZoneIds, buildContext, segmentSet, siteRow, type Context, type SiteRow } from './context';
import { analyzeCorridor, corridorSet, jointWith } from './corridors';
import { clusterFindings, clusters, colocationPairs, plannedSiteSharing } from './sharing';
import { checkSpacing } from './spacing';
import { checkA1Zone } from './a1-zones';
import { checkRooftop } from './rooftop';
import { checkAviation } from './aviation';
import { checkPlannedPole } from './poles';
import { checkIndustrialZone, checkRoad } from './ducts-required';
import { withParams, type AnalysisParams } from './params';
import type { AnalysisInput, Cluster, CorridorResult, Finding, PlanFile, Report } from './types';
import { byFinding, mergeFindings } from './order';

export { mergeFindings };


interface FeatureResult {
  findings: Finding[];
  corridor?: CorridorResult;
}

export class Analyzer {
  readonly ctx: Context;
  private zoneIds: string[];
  private baseline = new Map<string, { clusters: Cluster[]; findings: Finding[] }>();
  private perFeature = new Map<string, FeatureResult>();
  /** How many plan features the last run actually (re)computed. */
  lastComputed = 0;

  constructor(input: AnalysisInput) {
    this.ctx = buildContext(input);
    this.zoneIds = a1ZoneIds(input);
  }

  private baselineFor(p: AnalysisParams, key: string) {
    let b = this.baseline.get(key);
    if (!b) {
      const cs = clusters(this.ctx, colocationPairs(this.ctx, p));
      const findings: Finding[] = clusterFindings(cs, p, this.ctx);
      for (const s of this.ctx.sites) {
        const r3 = checkA1Zone(s, this.ctx, this.zoneIds);
        if (r3) findings.push(r3);
        const r4 = checkRooftop(s, p);
        if (r4) findings.push(r4);
        findings.push(...checkAviation(s, this.ctx, p));
      }
      const none = segmentSet([]);
      for (const z of this.ctx.iz) {
        const f = checkIndustrialZone(z, this.ctx, none);
        if (f) findings.push(f);
      }
      findings.sort(byFinding);
      b = { clusters: cs, findings };
      this.baseline.set(key, b);
    }
    return b;
  }

  private featureResult(f: GeoFeature, site: SiteRow | null, p: AnalysisParams, key: string): FeatureResult {
    const k = key + '|' + JSON.stringify(f);
    const hit = this.perFeature.get(k);
    if (hit) return hit;
    this.lastComputed++;
    const out: FeatureResult = { findings: [] };
    const code = String(f.properties.code);
    if (code === 'CORRIDOR') out.corridor = analyzeCorridor(f, this.ctx, p);
    else if (site) {
      const r1 = plannedSiteSharing(site, this.ctx, p);
      if (r1) out.findings.push(r1);
      const r3 = checkA1Zone(site, this.ctx, this.zoneIds);
      if (r3) out.findings.push(r3);
      const r4 = checkRooftop(site, p);
      if (r4) out.findings.push(r4);
      out.findings.push(...checkAviation(site, this.ctx, p));
    } else {
      const r6 = checkPlannedPole(f, this.ctx, p);
      if (r6) out.findings.push(r6);
    }
    // Bounded: a long editing session must not grow the cache without end.
    if (this.perFeature.size > 20000) this.perFeature.clear();
    this.perFeature.set(k, out);
    return out;
  }

  /** One corridor's reuse split, from the same per-feature cache (the indicators use it too). */
  corridor(f: GeoFeature, params?: Partial<AnalysisParams>): CorridorResult {
    const p = withParams(params);
    return this.featureResult(f, null, p, JSON.stringify(p)).corridor ?? analyzeCorridor(f, this.ctx, p);
  }

  /**
   * The analysis in two parts: the baseline's findings and clusters (the same object for as
   * long as the parameters stay the same, identified by `key`) and the plan's own findings and
   * corridors. The worker sends the baseline part only when it changes.
   */
  analyzeParts(plan: PlanFile, params?: Partial<AnalysisParams>): AnalysisParts {
    const p = withParams(params);
    const key = JSON.stringify(p);
    const t0 = performance.now();
    this.lastComputed = 0;
    const base = this.baselineFor(p, key);
    const t1 = performance.now();
    // Unusable geometry is skipped here; importers and the editor report it to the planner.
    const feats = plan.features.filter((f) => f && f.properties && geometryProblem(f.geometry) === null);
    const corridors = feats.filter((f) => f.properties.code === 'CORRIDOR' && /LineString/.test(f.geometry.type));
    const cset = corridorSet(corridors);
    const plannedSites = feats
      // Actions on existing sites (upgrade, convert, remove: status other than planned) are not new sites.
      .filter((f) => String(f.properties.code).startsWith('ANT_') && f.geometry.type === 'Point' && (f.properties.status ?? 'planned') === 'planned')
      .map((f) => siteRow(f, this.ctx));
    const findings: Finding[] = [];
    const results: CorridorResult[] = [];
    for (const f of feats) {
      const site = plannedSites.find((s) => s.id === String(f.properties.id)) ?? null;
      const r = this.featureResult(f, String(f.properties.code).startsWith('ANT_') ? site : null, p, key);
      findings.push(...r.findings);
      if (r.corridor) results.push({ ...r.corridor, jointWith: jointWith(f, cset, p) });
    }
    for (const s of plannedSites) {
      const r2 = checkSpacing(s, this.ctx, plannedSites, p);
      if (r2) findings.push(r2);
    }
    // Planned roads and zones need the planned ducts too (corridors and UG_DUCT features).
    const plannedDucts = segmentSet(feats.filter((f) => f.properties.code === 'CORRIDOR' || f.properties.code === 'UG_DUCT'));
    for (const f of feats) {
      const r9 = checkRoad(f, this.ctx, plannedDucts, p) ?? checkIndustrialZone(f, this.ctx, plannedDucts);
      if (r9) findings.push(r9);
    }
    findings.sort(byFinding);
    const t2 = performance.now();
    return {
      key,
      params: { ...p, plan: plan.metadata?.name ?? null },
      baseline: base,
      findings,
      corridors: results,
      timings_ms: { baseline: Math.round((t1 - t0) * 10) / 10, plan: Math.round((t2 - t1) * 10) / 10 },
    };
  }

  analyze(plan: PlanFile, params?: Partial<AnalysisParams>): Report {
    const r = this.analyzeParts(plan, params);
    return {
      params: r.params,
      findings: mergeFindings(r.baseline.findings, r.findings),
      colocation: r.baseline.clusters,
      corridors: r.corridors,
      timings_ms: r.timings_ms,
    };
  }
}

export interface AnalysisParts {
  key: string;
  params: Record<string, unknown>;
  /** Sorted by severity, rule, id. */
  baseline: { clusters: Cluster[]; findings: Finding[] };
  /** The plan's own findings, sorted the same way. */
  findings: Finding[];
  corridors: CorridorResult[];
  timings_ms: Record<string, number>;
}

export function analyzePlan(input: AnalysisInput, plan: PlanFile, params?: Partial<AnalysisParams>): Report {
  return new Analyzer(input).analyze(plan, params);
}
