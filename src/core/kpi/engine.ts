/**
 * The Plan 317 indicators for 2025, 2030 and 2040, kept incremental: the baseline's coverage
 * counts (how many 5G sites reach each population cell, how many fibre routes pass within the
 * drop distance, how many free Wi-Fi points stand near each committee seat) are computed once
 * per set of parameters; each plan feature's effect (the cells it adds or removes) is cached
 * by the feature's content. A phase is the baseline counts plus the effects of the features
 * active in it, so an edit recomputes one feature and re-adds typed arrays.
 */
import KDBush from 'kdbush';
import type { GeoFeature } from '../io/fgb';
import { distanceM, polylineLengthM } from '../geo/ellipsoid';
import { geometryProblem } from '../geo/valid';
import { inYear } from '../plan/phase';
import { linesOf, type Context } from '../analysis/context';
import { analyzeCorridor } from '../analysis/corridors';
import { isBulky } from '../analysis/spacing';
import { withParams, type AnalysisParams } from '../analysis/params';
import type { CorridorResult, PlanFile } from '../analysis/types';
import { AREA_CLASSES, buildCells, lineCells, siteCells, type CellSet } from './cells';
import { TARGETS, withKpiParams, type KpiParams } from './params';
import { backboneSet, coastSet, sitingScore, type SitingContext } from './siting';
import { KPI_PHASES, type CommuneKpi, type Contribution, type DcKpi, type DcSiting, type KpiInput, type KpiPhase, type KpiReport, type PhaseKpi } from './types';

interface BaseSite {
  id: string;
  lon: number;
  lat: number;
  commune: number;
  fiveG: boolean;
  shared: boolean;
  a2InA1: boolean;
}

/** What one plan feature does to the indicators. */
interface Effect {
  id: string;
  code: string;
  /** +1 adds coverage, -1 removes it. */
  sign: number;
  cells5g: Uint32Array | null;
  cellsFibre: Uint32Array | null;
  seats: Uint32Array | null;
  /** Keys that must apply once per phase (two removals of the same site count once). */
  once: string | null;
  sites: number;
  sites5g: number;
  shared: number;
  a2InA1: number;
  commune: number;
  newDuct_m: number;
  reuseDuct_m: number;
  alongPoles_m: number;
  undergroundWard_m: number;
  dcNew: { id: string; ref: string; name: string; pue: number } | null;
  dcUpgrade: string | null;
}

interface Baseline {
  c5: Int32Array;
  cf: Int32Array;
  seats: Int32Array;
  siting: Omit<DcSiting, 'proposed_by'>[];
}

export function has5g(tech: unknown): boolean {
  return String(tech ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .includes('5G');
}

function tenantCount(p: Record<string, unknown>): number {
  return String(p.tenants ?? '')
    .split(',')
    .filter((t) => t.trim()).length;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);
const km = (m: number) => Math.round(m / 100) / 10;

export class KpiEngine {
  readonly cells: CellSet;
  private communes: { code: string; name: string; type: string; lon: number; lat: number }[];
  private baseSites: BaseSite[] = [];
  private siteById = new Map<string, number>();
  private lineById = new Map<string, GeoFeature>();
  private wifiById = new Map<string, GeoFeature>();
  private wifiPoints: GeoFeature[];
  private seatIndex: KDBush;
  private dcs: GeoFeature[];
  private aerialWard_m = 0;
  /** The baseline's site counts (per commune, and city totals), counted once. */
  private siteCounts: { sites: Int32Array; sites5g: Int32Array; shared: number; a2InA1: number };
  private sitingCtx: SitingContext;
  private baselines = new Map<string, Baseline>();
  private effects = new Map<string, Effect>();
  private last = new Map<KpiPhase, { c5: Int32Array; cf: Int32Array }>();
  lastComputed = 0;

  /**
   * `corridorOf`: the corridor analysis to use, e.g. an Analyzer's cached one, so a corridor the
   * analysis has just measured is not measured again; by default it is computed here.
   */
  constructor(
    input: KpiInput,
    readonly ctx: Context,
    readonly corridorOf: (f: GeoFeature, ap: AnalysisParams) => CorridorResult = (f, ap) => analyzeCorridor(f, ctx, ap),
  ) {
    this.communes = input.communes.map((f) => ({
      code: String(f.properties.code),
      name: String(f.properties.name),
      type: String(f.properties.type),
      lon: Number(f.properties.seat_lon),
      lat: Number(f.properties.seat_lat),
    }));
    this.cells = buildCells(input.popcells, this.communes);
    const byCode = new Map(this.communes.map((c, i) => [c.code, i]));
    const sites = input.sites.filter((f) => f.geometry.type === 'Point');
    sites.forEach((f, i) => {
      const row = ctx.sites[i];
      const p = f.properties;
      this.siteById.set(row.id, i);
      this.baseSites.push({
        id: row.id,
        lon: row.lon,
        lat: row.lat,
        commune: byCode.get(row.commune) ?? -1,
        fiveG: has5g(p.tech),
        shared: tenantCount(p) > 1 || p.shared === true,
        a2InA1: isBulky(row.code) && ctx.a1Zones.index.find(row.lon, row.lat) >= 0,
      });
    });
    this.siteCounts = { sites: new Int32Array(this.communes.length), sites5g: new Int32Array(this.communes.length), shared: 0, a2InA1: 0 };
    for (const b of this.baseSites) {
      if (b.commune >= 0) {
        this.siteCounts.sites[b.commune]++;
        if (b.fiveG) this.siteCounts.sites5g[b.commune]++;
      }
      if (b.shared) this.siteCounts.shared++;
      if (b.a2InA1) this.siteCounts.a2InA1++;
    }
    for (const f of [...input.ducts, ...input.aerial]) this.lineById.set(String(f.properties.id), f);
    this.wifiPoints = input.service.filter((f) => f.geometry.type === 'Point' && isFreeWifi(f.properties));
    for (const f of this.wifiPoints) this.wifiById.set(String(f.properties.id), f);
    this.seatIndex = new KDBush(Math.max(1, this.communes.length), 16, Float64Array);
    for (const c of this.communes) this.seatIndex.add(Number.isFinite(c.lon) ? c.lon : 0, Number.isFinite(c.lat) ? c.lat : 0);
    if (this.communes.length === 0) this.seatIndex.add(0, 0);
    this.seatIndex.finish();
    for (const f of input.aerial) this.aerialWard_m += this.wardLength(linesOf(f));
    this.dcs = input.datacentres.filter((f) => f.geometry.type === 'Point');
    this.sitingCtx = { backbone: backboneSet(input.ducts, input.aerial), coast: coastSet(input.land) };
  }

  /** Metres of the lines whose segment midpoints lie in wards (phường). */
  private wardLength(lines: number[][][]): number {
    let m = 0;
    for (const line of lines)
      for (let k = 1; k < line.length; k++) {
        const ci = this.ctx.communeIndex.find((line[k - 1][0] + line[k][0]) / 2, (line[k - 1][1] + line[k][1]) / 2);
        if (ci >= 0 && this.ctx.communes[ci].type === 'phuong') m += distanceM(line[k - 1][0], line[k - 1][1], line[k][0], line[k][1]);
      }
    return m;
  }

  private radii(p: KpiParams): number[] {
    return AREA_CLASSES.map((a) => p.radius5g_m[a]);
  }

  /** Committee seats within the Wi-Fi distance of a point. */
  private seatsNear(lon: number, lat: number, r: number): Uint32Array {
    const d = r / 100_000; // generous: 1 degree is over 100 km here
    const out: number[] = [];
    for (const i of this.seatIndex.range(lon - d * 1.2, lat - d, lon + d * 1.2, lat + d)) {
      const c = this.communes[i];
      if (c && distanceM(lon, lat, c.lon, c.lat) <= r) out.push(i);
    }
    return Uint32Array.from(out).sort();
  }

  private baseline(p: KpiParams): Baseline {
    const key = JSON.stringify(p);
    let b = this.baselines.get(key);
    if (b) return b;
    const n = this.cells.size;
    const c5 = new Int32Array(n);
    const cf = new Int32Array(n);
    const radii = this.radii(p);
    for (const s of this.baseSites) if (s.fiveG) for (const i of siteCells(this.cells, s.lon, s.lat, radii)) c5[i]++;
    for (const f of this.lineById.values()) for (const i of lineCells(this.cells, linesOf(f), p.fibreDrop_m)) cf[i]++;
    const seats = new Int32Array(this.communes.length);
    for (const f of this.wifiPoints) {
      const [lon, lat] = f.geometry.coordinates as number[];
      for (const i of this.seatsNear(lon, lat, p.wifiSeat_m)) seats[i]++;
    }
    const siting = this.dcs.filter((f) => f.properties.status === 'candidate').map((f) => sitingScore(f, this.ctx, this.sitingCtx, p));
    b = { c5, cf, seats, siting };
    // One entry per parameter set in use; a planner rarely keeps more than a few.
    if (this.baselines.size > 4) this.baselines.clear();
    this.baselines.set(key, b);
    return b;
  }

  private effect(f: GeoFeature, p: KpiParams, ap: AnalysisParams, key: string): Effect {
    const k = key + '|' + JSON.stringify(f);
    const hit = this.effects.get(k);
    if (hit) return hit;
    this.lastComputed++;
    const e = this.computeEffect(f, p, ap);
    if (this.effects.size > 20000) this.effects.clear();
    this.effects.set(k, e);
    return e;
  }

  compute(plan: PlanFile, kpiParams?: Partial<KpiParams>, analysisParams?: Partial<AnalysisParams>): KpiReport {
    const t0 = performance.now();
    const p = withKpiParams(kpiParams);
    const ap = withParams(analysisParams);
    const key = JSON.stringify(p) + JSON.stringify(ap);
    this.lastComputed = 0;
    const base = this.baseline(p);
    const t1 = performance.now();
    const feats = plan.features.filter((f) => f && f.properties && geometryProblem(f.geometry) === null);
    const effects = feats.map((f) => ({ phase: f.properties.phase, e: this.effect(f, p, ap, key) }));
    const phases = {} as Record<KpiPhase, PhaseKpi>;
    for (const ph of KPI_PHASES) phases[ph] = this.phase(ph, effects.filter((x) => inYear(x.phase, ph)).map((x) => x.e), base, p);
    const proposedBy = new Map<string, string>();
    for (const f of feats) if (f.properties.code === 'DC' && f.properties.ref_id && f.properties.status === 'planned') proposedBy.set(String(f.properties.ref_id), String(f.properties.id));
    const t2 = performance.now();
    return {
      phases,
      siting: base.siting.map((s) => ({ ...s, proposed_by: proposedBy.get(s.id) ?? null })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)),
      params: { ...p },
      timings_ms: { baseline: Math.round((t1 - t0) * 10) / 10, plan: Math.round((t2 - t1) * 10) / 10 },
      computed: this.lastComputed,
    };
  }

  private phase(ph: KpiPhase, active: Effect[], base: Baseline, p: KpiParams): PhaseKpi {
    const c5 = base.c5.slice();
    const cf = base.cf.slice();
    const seats = base.seats.slice();
    const nc = this.communes.length;
    const sites = this.siteCounts.sites.slice();
    const sites5g = this.siteCounts.sites5g.slice();
    let sitesTotal = this.baseSites.length;
    let shared = this.siteCounts.shared;
    let a2 = this.siteCounts.a2InA1;
    let newDuct = 0;
    let reuse = 0;
    let along = 0;
    let underground = 0;
    const done = new Set<string>();
    const applied: Effect[] = [];
    // An asset removed in the phase takes its other actions (upgrade, share, convert) with it.
    const refOf = (once: string) => once.slice(once.indexOf(':') + 1);
    const removed = new Set(active.filter((e) => e.sign < 0 && e.once).map((e) => refOf(e.once!)));
    for (const e of active) {
      if (e.once) {
        if (done.has(e.once)) continue;
        if (e.sign > 0 && removed.has(refOf(e.once))) continue;
        done.add(e.once);
      }
      applied.push(e);
      if (e.cells5g) for (const i of e.cells5g) c5[i] += e.sign;
      if (e.cellsFibre) for (const i of e.cellsFibre) cf[i] += e.sign;
      if (e.seats) for (const i of e.seats) seats[i] += e.sign;
      sitesTotal += e.sites;
      shared += e.shared;
      a2 += e.a2InA1;
      if (e.commune >= 0) {
        sites[e.commune] += e.sites;
        sites5g[e.commune] += e.sites5g;
      }
      newDuct += e.newDuct_m;
      reuse += e.reuseDuct_m;
      along += e.alongPoles_m;
      underground += e.undergroundWard_m;
    }
    const { pop, commune } = this.cells;
    const popC = new Float64Array(nc);
    const p5C = new Float64Array(nc);
    const pfC = new Float64Array(nc);
    let total = 0;
    let p5 = 0;
    let pf = 0;
    for (let i = 0; i < this.cells.size; i++) {
      const w = pop[i];
      total += w;
      const ci = commune[i];
      if (ci >= 0) popC[ci] += w;
      if (c5[i] > 0) {
        p5 += w;
        if (ci >= 0) p5C[ci] += w;
      }
      if (cf[i] > 0) {
        pf += w;
        if (ci >= 0) pfC[ci] += w;
      }
    }
    this.last.set(ph, { c5, cf });
    const communes: CommuneKpi[] = this.communes.map((c, i) => ({
      code: c.code,
      name: c.name,
      type: c.type,
      population: Math.round(popC[i]),
      population_5g: Math.round(p5C[i]),
      pct_5g: pct(p5C[i], popC[i]),
      population_fibre: Math.round(pfC[i]),
      pct_fibre: pct(pfC[i], popC[i]),
      wifi: seats[i] > 0,
      sites: sites[i],
      sites_5g: sites5g[i],
    }));
    const wifi = communes.filter((c) => c.wifi).length;
    const dc = this.dcKpi(applied, p);
    const k: PhaseKpi = {
      phase: ph,
      population_total: Math.round(total),
      population_5g: Math.round(p5),
      pct_5g: pct(p5, total),
      population_fibre: Math.round(pf),
      pct_fibre: pct(pf, total),
      wifi_centres: wifi,
      wifi_centres_total: nc,
      wifi_centres_pct: pct(wifi, nc),
      datacentres: dc,
      sharing: {
        sites_total: sitesTotal,
        sites_shared: shared,
        pct_shared: pct(shared, sitesTotal),
        a2_in_a1_zones: a2,
        aerial_ward_km: km(this.aerialWard_m),
        undergrounded_ward_km: km(underground),
        new_duct_km: km(newDuct),
        reused_duct_km: km(reuse),
        along_poles_km: km(along),
      },
      communes,
      gaps: { pct_5g: 0, pct_fibre: 0, wifi_centres_pct: 0, dc_new: 0, dc_upgraded: 0 },
      contributions: this.contributions(applied, c5, cf),
    };
    k.gaps = {
      pct_5g: Math.max(0, Math.round((TARGETS.pct_5g - k.pct_5g) * 100) / 100),
      pct_fibre: Math.max(0, Math.round((TARGETS.pct_fibre - k.pct_fibre) * 100) / 100),
      wifi_centres_pct: Math.max(0, Math.round((TARGETS.wifi_centres_pct - k.wifi_centres_pct) * 100) / 100),
      dc_new: Math.max(0, TARGETS.dc_new_min - dc.green_new),
      dc_upgraded: Math.max(0, TARGETS.dc_upgraded - dc.upgraded),
    };
    return k;
  }

  /** Each feature's marginal effect: the people covered by it alone, or lost by its removal alone. */
  private contributions(applied: Effect[], c5: Int32Array, cf: Int32Array): Contribution[] {
    const out: Contribution[] = [];
    const { pop, commune } = this.cells;
    const one = (e: Effect, cells: Uint32Array, counts: Int32Array, kind: '5g' | 'fibre') => {
      const target = e.sign > 0 ? 1 : 0;
      const by = new Map<number, number>();
      let people = 0;
      for (const i of cells)
        if (counts[i] === target && pop[i] > 0) {
          people += pop[i];
          by.set(commune[i], (by.get(commune[i]) ?? 0) + pop[i]);
        }
      out.push({
        id: e.id,
        code: e.code,
        kind,
        people: e.sign * Math.round(people),
        communes: [...by]
          .filter(([ci]) => ci >= 0)
          .map(([ci, v]) => ({ code: this.communes[ci].code, people: e.sign * Math.round(v) }))
          .sort((a, b) => Math.abs(b.people) - Math.abs(a.people)),
      });
    };
    for (const e of applied) {
      if (e.cells5g) one(e, e.cells5g, c5, '5g');
      if (e.cellsFibre) one(e, e.cellsFibre, cf, 'fibre');
    }
    return out.sort((a, b) => Math.abs(b.people) - Math.abs(a.people) || a.id.localeCompare(b.id));
  }

  private dcKpi(applied: Effect[], p: KpiParams): DcKpi {
    const upgraded = new Set(applied.map((e) => e.dcUpgrade).filter((x): x is string => !!x));
    const existing = this.dcs.filter((f) => f.properties.status === 'existing');
    const centres: DcKpi['centres'] = existing.map((f) => {
      const pue = Number(f.properties.pue);
      return { id: String(f.properties.id), name: String(f.properties.name ?? ''), status: 'existing', pue, green: pue <= p.greenPue, upgraded: upgraded.has(String(f.properties.id)), planned: false };
    });
    const seen = new Set<string>();
    for (const e of applied)
      if (e.dcNew && !seen.has(e.dcNew.ref || e.dcNew.id)) {
        seen.add(e.dcNew.ref || e.dcNew.id);
        centres.push({ id: e.dcNew.id, name: e.dcNew.name, status: 'planned', pue: e.dcNew.pue, green: e.dcNew.pue <= p.greenPue, upgraded: false, planned: true });
      }
    const planned = centres.filter((c) => c.planned);
    return {
      existing: existing.length,
      upgraded: centres.filter((c) => c.upgraded).length,
      upgrade_planned: existing.filter((f) => f.properties.upgrade === true).length,
      proposed_new: planned.length,
      green_new: planned.filter((c) => c.green).length,
      target_upgraded: TARGETS.dc_upgraded,
      target_new_min: TARGETS.dc_new_min,
      target_new_max: TARGETS.dc_new_max,
      centres,
    };
  }

  /**
   * The effect of one plan feature. New assets (status planned) add; actions on existing ones
   * (ref_id) change them: `remove` takes an asset away, `upgrade` makes a site 5G-capable (the
   * `share` action, also status upgrade, adds a tenant instead), `convert` turns an A2 into A1.
   */
  private computeEffect(f: GeoFeature, p: KpiParams, ap: AnalysisParams): Effect {
    const { baseSites, siteById, lineById, wifiById } = this;
    const e = emptyEffect(f);
    const props = f.properties;
    const code = e.code;
    const status = String(props.status ?? 'planned');
    const ref = props.ref_id ? String(props.ref_id) : '';
    const ctx = this.ctx;
    // This engine's communes and the context's come from the same layer, in the same order.
    const communeOf = (lon: number, lat: number) => ctx.communeIndex.find(lon, lat);
    if (code.startsWith('ANT_') && f.geometry.type === 'Point') {
      const [lon, lat] = f.geometry.coordinates as number[];
      const bi = ref ? siteById.get(ref) : undefined;
      const b = bi !== undefined ? baseSites[bi] : undefined;
      if (status === 'planned' && !ref) {
        e.sites = 1;
        e.commune = communeOf(lon, lat);
        e.shared = tenantCount(props) > 1 || props.shared === true ? 1 : 0;
        e.a2InA1 = isBulky(code) && ctx.a1Zones.index.find(lon, lat) >= 0 ? 1 : 0;
        if (has5g(props.tech)) {
          e.sites5g = 1;
          e.cells5g = siteCells(this.cells, lon, lat, this.radii(p));
        }
      } else if (b) {
        // A share is status 'upgrade' too; it must not stand in for (or be dropped as) a 5G upgrade.
        e.once = `${props.action === 'share' ? 'share' : status}:${ref}`;
        e.commune = b.commune;
        if (status === 'remove') {
          e.sign = -1;
          e.sites = -1;
          e.shared = b.shared ? -1 : 0;
          e.a2InA1 = b.a2InA1 ? -1 : 0;
          if (b.fiveG) {
            e.sites5g = -1;
            e.cells5g = siteCells(this.cells, b.lon, b.lat, this.radii(p));
          }
        } else if (status === 'convert') {
          e.a2InA1 = b.a2InA1 ? -1 : 0;
        } else if (status === 'upgrade' && props.action === 'share') {
          e.shared = b.shared ? 0 : 1;
        } else if (status === 'upgrade' && !b.fiveG) {
          e.sites5g = 1;
          e.cells5g = siteCells(this.cells, b.lon, b.lat, this.radii(p));
        }
      }
      return e;
    }
    if (code === 'CORRIDOR' || code === 'UG_DUCT' || code === 'ROUTE_AERIAL') {
      const lines = linesOf(f);
      if (status === 'remove' && ref && lineById.has(ref)) {
        const old = lineById.get(ref)!;
        e.once = `remove:${ref}`;
        e.sign = -1;
        e.cellsFibre = lineCells(this.cells, linesOf(old), p.fibreDrop_m);
        if (code === 'ROUTE_AERIAL') e.undergroundWard_m = this.wardLength(linesOf(old));
        return e;
      }
      if (status !== 'planned' || lines.length === 0) return e;
      e.cellsFibre = lineCells(this.cells, lines, p.fibreDrop_m);
      if (code === 'CORRIDOR') {
        const r = this.corridorOf(f, ap);
        e.newDuct_m = r.new_build_m;
        e.reuseDuct_m = r.reuse_duct_m;
        e.alongPoles_m = r.along_poles_m;
        const along = r.parts.filter((x) => x.kind === 'aerial').map((x) => pairs(x.coords));
        e.undergroundWard_m = this.wardLength(along);
      } else if (code === 'UG_DUCT') {
        e.newDuct_m = lines.reduce((s, l) => s + polylineLengthM(l.flat()), 0);
      }
      return e;
    }
    if (code.startsWith('SVC_') && f.geometry.type === 'Point') {
      const [lon, lat] = f.geometry.coordinates as number[];
      if (status === 'remove' && ref && wifiById.has(ref)) {
        const [x, y] = wifiById.get(ref)!.geometry.coordinates as number[];
        e.once = `remove:${ref}`;
        e.sign = -1;
        e.seats = this.seatsNear(x, y, p.wifiSeat_m);
      } else if (status === 'planned' && isFreeWifi(props)) e.seats = this.seatsNear(lon, lat, p.wifiSeat_m);
      return e;
    }
    if (code === 'DC') {
      if (status === 'planned') e.dcNew = { id: e.id, ref, name: String(props.name ?? e.id), pue: Number(props.pue) };
      else if (status === 'upgrade' && ref) e.dcUpgrade = ref;
    }
    return e;
  }

  /** Populated cells not covered in a phase of the last computation, for the coverage-gap layer. */
  gapCells(phase: KpiPhase, kind: '5g' | 'fibre'): { positions: Float64Array; population: Float32Array } {
    const l = this.last.get(phase);
    if (!l) return { positions: new Float64Array(), population: new Float32Array() };
    const counts = kind === '5g' ? l.c5 : l.cf;
    const idx: number[] = [];
    for (let i = 0; i < this.cells.size; i++) if (counts[i] === 0 && this.cells.pop[i] > 0) idx.push(i);
    const positions = new Float64Array(idx.length * 2);
    const population = new Float32Array(idx.length);
    idx.forEach((i, k) => {
      positions[2 * k] = this.cells.lon[i];
      positions[2 * k + 1] = this.cells.lat[i];
      population[k] = this.cells.pop[i];
    });
    return { positions, population };
  }
}

export function isFreeWifi(p: Record<string, unknown>): boolean {
  return p.subtype === 'wifi' && p.free !== false && p.status !== 'remove';
}

function emptyEffect(f: GeoFeature): Effect {
  return {
    id: String(f.properties.id ?? ''),
    code: String(f.properties.code ?? ''),
    sign: 1,
    cells5g: null,
    cellsFibre: null,
    seats: null,
    once: null,
    sites: 0,
    sites5g: 0,
    shared: 0,
    a2InA1: 0,
    commune: -1,
    newDuct_m: 0,
    reuseDuct_m: 0,
    alongPoles_m: 0,
    undergroundWard_m: 0,
    dcNew: null,
    dcUpgrade: null,
  };
}

function pairs(flat: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}
