/**
 * Sharing proposals for carrier review (issue 7), derived from an analysis report of the full
 * plan: share an existing site instead of building one (R1 error findings), consolidate a
 * cluster of existing sites (R1 colocation), lease another owner's ducts or aerial route for a
 * planned corridor, build overlapping corridors once together (joint build).
 *
 * Proposal ids are built from the kind and feature ids only (stable across re-analysis and
 * machines); the fingerprint hashes the content of the features involved, so a decision made
 * on an earlier version of them shows as stale.
 */
import { distanceM } from '../geo/ellipsoid';
import { mergeIntervals, totalLength } from '../geo/segment';
import { geometryProblem } from '../geo/valid';
import type { GeoFeature } from '../io/fgb';
import { PHASES } from '../model/taxonomy';
import { coveredOnSegment, round1 } from '../analysis/corridors';
import { linesOf, segmentSet, segmentsNear, type Context, type SegmentSet } from '../analysis/context';
import type { AnalysisParams } from '../analysis/params';
import type { Cluster, Finding, PlanFile, Report } from '../analysis/types';
import { fingerprint } from './fingerprint';
import type { Party, Proposal, Role } from './types';

/** Owners that never decide on a proposal: the Sở's own shared infrastructure and the city. */
export const NON_PARTY_OWNERS: readonly string[] = ['shared', 'city'];

/** Most touched duct / aerial ids listed in a duct_reuse proposal's featureIds (and 10 in its facts). */
export const MAX_REUSE_FEATURES = 20;
const MAX_FACT_IDS = 10;

export interface BuildProposalsArgs {
  /** Analyzer result for the full plan. */
  report: Report;
  plan: PlanFile;
  ctx: Context;
  /** Any feature (plan or dataset) by id. */
  feature: (id: string) => GeoFeature | undefined;
  params: AnalysisParams;
}

type Iv = [number, number];

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strOrNull = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : Array.isArray(v) ? v.map(String).join(',') : String(v));

function isParty(owner: string): boolean {
  return owner !== '' && !NON_PARTY_OWNERS.includes(owner);
}

/** Parties in order, without non-parties, each owner once (its first role). */
function parties(list: Party[]): Party[] {
  const out: Party[] = [];
  for (const p of list) if (isParty(p.owner) && !out.some((q) => q.owner === p.owner)) out.push(p);
  return out;
}

function phaseRank(p: string): number {
  const i = (PHASES as readonly string[]).indexOf(p);
  return i < 0 ? PHASES.length : i;
}

function laterPhase(a: string, b: string): string {
  const ra = phaseRank(a);
  const rb = phaseRank(b);
  if (ra !== rb) return ra > rb ? a : b;
  return a >= b ? a : b;
}

function lerp(a: number[], b: number[], t: number): [number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** The point halfway along a line feature (by length); the first vertex for a degenerate one. */
function lineMidpoint(f: GeoFeature): [number, number] {
  const lines = linesOf(f);
  let total = 0;
  for (const l of lines) for (let k = 1; k < l.length; k++) total += distanceM(l[k - 1][0], l[k - 1][1], l[k][0], l[k][1]);
  let rest = total / 2;
  for (const l of lines)
    for (let k = 1; k < l.length; k++) {
      const d = distanceM(l[k - 1][0], l[k - 1][1], l[k][0], l[k][1]);
      if (d > 0 && rest <= d) return lerp(l[k - 1], l[k], rest / d);
      rest -= d;
    }
  const p = lines[0]?.[0] ?? [0, 0];
  return [p[0], p[1]];
}

/** The middle of the longest covered piece seen so far, along corridor segments. */
class LongestPiece {
  len = 0;
  at: [number, number] | null = null;
  offer(a: number[], b: number[], segLen: number, iv: Iv[]) {
    for (const [t0, t1] of iv) {
      const l = (t1 - t0) * segLen;
      if (l > this.len) {
        this.len = l;
        this.at = lerp(a, b, (t0 + t1) / 2);
      }
    }
  }
}

function fmtM(m: number): string {
  return String(Math.round(m));
}

interface Builder {
  feature: (id: string) => GeoFeature | undefined;
}

function fingerprintOf(ids: string[], b: Builder): string {
  const found: GeoFeature[] = [];
  const missing: string[] = [];
  for (const id of [...new Set(ids)]) {
    const f = b.feature(id);
    if (f) found.push(f);
    else missing.push(id);
  }
  return fingerprint(found, missing);
}

/** site_share from one R1 error finding `R1:<planned>` with featureIds [planned, existing]. */
function siteShare(f: Finding, b: Builder, ctx: Context): Proposal | null {
  const [plannedId, existingId] = f.featureIds;
  if (!plannedId || !existingId) return null;
  const planned = b.feature(plannedId);
  const existing = b.feature(existingId);
  const row = ctx.sites.find((s) => s.id === existingId);
  const pp = planned?.properties ?? {};
  const ep = existing?.properties ?? {};
  const tenantOwner = str(pp.owner);
  const hostOwner = str(ep.owner ?? row?.owner);
  const ps = parties(hostOwner === tenantOwner ? [{ owner: hostOwner, role: 'host' }] : [{ owner: hostOwner, role: 'host' }, { owner: tenantOwner, role: 'tenant' }]);
  if (ps.length === 0) return null;
  const d = fmtM(f.value);
  const hostIs = ps.some((p) => p.role === 'host');
  const tenantIs = ps.some((p) => p.role === 'tenant');
  let vi: string;
  let en: string;
  if (hostOwner === tenantOwner) {
    vi = `Đề nghị ${hostOwner} dùng trạm hiện có ${existingId} của mình (cách ${d} m) thay vì xây trạm ${plannedId}.`;
    en = `${hostOwner} is asked to use its existing site ${existingId} (${d} m away) instead of building site ${plannedId}.`;
  } else if (hostIs && tenantIs) {
    vi = `Đề nghị ${tenantOwner} dùng chung trạm ${existingId} của ${hostOwner} (cách ${d} m) thay vì xây trạm ${plannedId}, và ${hostOwner} cho thuê chỗ trên trạm.`;
    en = `${tenantOwner} is asked to share site ${existingId} of ${hostOwner} (${d} m away) instead of building site ${plannedId}, and ${hostOwner} to lease it space.`;
  } else if (hostIs) {
    vi = `Đề nghị ${hostOwner} cho dùng chung trạm ${existingId} (cách ${d} m) thay cho trạm quy hoạch ${plannedId}.`;
    en = `${hostOwner} is asked to open its site ${existingId} (${d} m away) for sharing instead of the planned site ${plannedId}.`;
  } else {
    vi = `Đề nghị ${tenantOwner} dùng chung trạm ${existingId} (cách ${d} m) thay vì xây trạm ${plannedId}.`;
    en = `${tenantOwner} is asked to share site ${existingId} (${d} m away) instead of building site ${plannedId}.`;
  }
  return {
    id: `share:${plannedId}>${existingId}`,
    kind: 'site_share',
    parties: ps,
    featureIds: [plannedId, existingId],
    fingerprint: fingerprintOf([plannedId, existingId], b),
    phase: str(pp.phase),
    facts: {
      distance_m: f.value,
      threshold_m: f.threshold,
      planned_code: strOrNull(pp.code),
      planned_owner: strOrNull(pp.owner),
      planned_height_m: numOrNull(pp.height_m),
      existing_code: strOrNull(ep.code ?? row?.code),
      existing_owner: strOrNull(hostOwner),
      existing_height_m: numOrNull(ep.height_m ?? row?.height),
      existing_tenants: strOrNull(ep.tenants),
      sharing_capacity_left: numOrNull(ep.sharing_capacity_left),
      phase: str(pp.phase),
    },
    lon: f.lon,
    lat: f.lat,
    summary: { vi, en },
  };
}

/**
 * cluster from one colocation cluster. Its id is the cluster's own (`cluster:<smallest site
 * id>`, built from the site ids in sharing.ts), so it is stable across re-analysis; a change
 * of membership changes the fingerprint (stale), not the id.
 */
const siteRows = new WeakMap<Context, Map<string, Context['sites'][number]>>();

function clusterProposal(c: Cluster, b: Builder, ctx: Context): Proposal | null {
  if (c.owners.length < 2 || c.sites.length < 2) return null;
  // Built once per context: a city has hundreds of clusters.
  let rows = siteRows.get(ctx);
  if (!rows) siteRows.set(ctx, (rows = new Map(ctx.sites.map((s) => [s.id, s]))));
  const members = c.sites.map((id) => {
    const p = b.feature(id)?.properties ?? {};
    const row = rows.get(id);
    return {
      id,
      owner: str(p.owner ?? row?.owner),
      capacity: numOrNull(p.sharing_capacity_left),
      height: numOrNull(p.height_m ?? (row && Number.isFinite(row.height) ? row.height : undefined)),
    };
  });
  const sorted = members.slice().sort((x, y) => (y.capacity ?? -Infinity) - (x.capacity ?? -Infinity) || (y.height ?? -Infinity) - (x.height ?? -Infinity) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const host = sorted[0];
  const tenantOwners = [...new Set(members.map((m) => m.owner))].filter((o) => o !== host.owner).sort();
  const ps = parties([{ owner: host.owner, role: 'host' }, ...tenantOwners.map((o) => ({ owner: o, role: 'tenant' as Role }))]);
  if (ps.length === 0) return null;
  const tenants = ps.filter((p) => p.role === 'tenant').map((p) => p.owner);
  const others = tenantOwners.join(', ');
  const n = c.sites.length;
  const d = fmtM(c.maxDistance_m);
  const hostIs = ps.some((p) => p.role === 'host');
  const vi = tenants.length
    ? `Đề nghị ${tenants.join(', ')} chuyển sang dùng chung trạm ${host.id} của ${host.owner}${hostIs ? `, và ${host.owner} cho thuê chỗ` : ''} (cụm ${n} trạm cách nhau tối đa ${d} m).`
    : `Đề nghị ${host.owner} cho ${others} dùng chung trạm ${host.id} (cụm ${n} trạm cách nhau tối đa ${d} m).`;
  const en = tenants.length
    ? `${tenants.join(', ')} ${tenants.length > 1 ? 'are' : 'is'} asked to consolidate onto site ${host.id} of ${host.owner}${hostIs ? `, and ${host.owner} to lease space on it` : ''} (cluster of ${n} sites at most ${d} m apart).`
    : `${host.owner} is asked to let ${others} share its site ${host.id} (cluster of ${n} sites at most ${d} m apart).`;
  const featureIds = [host.id, ...c.sites.filter((id) => id !== host.id).sort()];
  return {
    id: c.id.startsWith('cluster:') ? c.id : `cluster:${c.id}`,
    kind: 'cluster',
    parties: ps,
    featureIds,
    fingerprint: fingerprintOf(featureIds, b),
    phase: 'baseline',
    facts: {
      sites: n,
      owners: c.owners.join(','),
      max_distance_m: c.maxDistance_m,
      host_site: host.id,
      host_owner: host.owner,
      host_capacity_left: host.capacity,
      host_height_m: host.height,
      phase: 'baseline',
    },
    lon: c.lon,
    lat: c.lat,
    summary: { vi, en },
  };
}

interface OwnerReuse {
  duct: number;
  aerial: number;
  any: number;
  ducts: Set<number>;
  aerials: Set<number>;
  at: LongestPiece;
}

/** Per-feature covered intervals of segment a->b against the features of `set` near it. */
function perFeature(a: number[], b: number[], set: SegmentSet, T: number): Map<number, Iv[]> {
  const out = new Map<number, Iv[]>();
  const fis = new Set<number>();
  for (const s of segmentsNear(set, a[0], a[1], b[0], b[1], T)) fis.add(set.feature[s]);
  for (const fi of fis) {
    const iv = coveredOnSegment(a, b, set, T, (g) => g !== fi);
    if (iv.length) out.set(fi, iv);
  }
  return out;
}

/** duct_reuse proposals of one planned corridor: one per other owner whose ducts/aerial routes it runs along. */
function ductReuse(corridor: GeoFeature, b: Builder, ctx: Context, p: AnalysisParams): Proposal[] {
  const T = p.tolerance_m;
  const id = str(corridor.properties.id);
  const owner = str(corridor.properties.owner);
  const phase = str(corridor.properties.phase);
  const byOwner = new Map<string, OwnerReuse>();
  const get = (o: string) => {
    let r = byOwner.get(o);
    if (!r) {
      r = { duct: 0, aerial: 0, any: 0, ducts: new Set(), aerials: new Set(), at: new LongestPiece() };
      byOwner.set(o, r);
    }
    return r;
  };
  let length = 0;
  for (const line of linesOf(corridor))
    for (let k = 1; k < line.length; k++) {
      const a = line[k - 1];
      const c = line[k];
      const segLen = distanceM(a[0], a[1], c[0], c[1]);
      if (segLen === 0) continue;
      length += segLen;
      const dIv = new Map<string, Iv[]>();
      const aIv = new Map<string, Iv[]>();
      for (const [fi, iv] of perFeature(a, c, ctx.ducts, T)) {
        const o = ctx.ducts.owners[fi];
        if (o === owner) continue;
        get(o).ducts.add(fi);
        dIv.set(o, [...(dIv.get(o) ?? []), ...iv]);
      }
      for (const [fi, iv] of perFeature(a, c, ctx.aerial, T)) {
        const o = ctx.aerial.owners[fi];
        if (o === owner) continue;
        get(o).aerials.add(fi);
        aIv.set(o, [...(aIv.get(o) ?? []), ...iv]);
      }
      for (const o of new Set([...dIv.keys(), ...aIv.keys()])) {
        const r = get(o);
        const d = mergeIntervals(dIv.get(o) ?? []);
        const ae = mergeIntervals(aIv.get(o) ?? []);
        const any = mergeIntervals([...d, ...ae]);
        r.duct += totalLength(d) * segLen;
        r.aerial += totalLength(ae) * segLen;
        r.any += totalLength(any) * segLen;
        r.at.offer(a, c, segLen, any);
      }
    }
  const out: Proposal[] = [];
  for (const [o, r] of [...byOwner].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (r.any < p.jointMin_m) continue;
    const ps = parties([{ owner: o, role: 'host' }, { owner, role: 'tenant' }]);
    if (ps.length === 0) continue;
    const ductIds = [...new Set([...r.ducts].map((fi) => ctx.ducts.ids[fi]))].sort();
    const aerialIds = [...new Set([...r.aerials].map((fi) => ctx.aerial.ids[fi]))].sort();
    const touched = [...new Set([...ductIds, ...aerialIds])].sort().slice(0, MAX_REUSE_FEATURES);
    let freeMin: number | null = null;
    for (const did of ductIds) {
      const v = numOrNull(b.feature(did)?.properties.n_free_ducts);
      if (v !== null) freeMin = freeMin === null ? v : Math.min(freeMin, v);
    }
    const featureIds = [id, ...touched];
    const reuse = round1(r.duct);
    const along = round1(r.aerial);
    const hostIs = ps.some((x) => x.role === 'host');
    const tenantIs = ps.some((x) => x.role === 'tenant');
    const whatVi = [reuse > 0 ? `${fmtM(reuse)} m cống bể` : '', along > 0 ? `${fmtM(along)} m tuyến cáp treo` : ''].filter(Boolean).join(' và ');
    const whatEn = (whose: string) =>
      [reuse > 0 ? `${fmtM(reuse)} m of ${whose} ducts` : '', along > 0 ? `${fmtM(along)} m along ${whose} aerial route` : ''].filter(Boolean).join(' and ');
    let vi: string;
    let en: string;
    if (hostIs && tenantIs) {
      vi = `Đề nghị ${o} cho ${owner} dùng ${whatVi} dọc tuyến ${id}, và ${owner} dùng lại thay vì xây mới.`;
      en = `${o} is asked to let ${owner} use ${whatEn('its')} on corridor ${id}, and ${owner} to reuse them instead of building new.`;
    } else if (hostIs) {
      vi = `Đề nghị ${o} cho dùng ${whatVi} dọc tuyến ${id} (tuyến dùng chung) thay vì xây mới.`;
      en = `${o} is asked to open ${whatEn('its')} to the shared corridor ${id} instead of new build.`;
    } else {
      vi = `Đề nghị ${owner} dùng lại ${whatVi} của ${o} dọc tuyến ${id} thay vì xây mới.`;
      en = `${owner} is asked to reuse ${whatEn(`${o}'s`)} on corridor ${id} instead of building new.`;
    }
    const at = r.at.at ?? lineMidpoint(corridor);
    out.push({
      id: `reuse:${id}>${o}`,
      kind: 'duct_reuse',
      parties: ps,
      featureIds,
      fingerprint: fingerprintOf(featureIds, b),
      phase,
      facts: {
        corridor_length_m: round1(length),
        reuse_duct_m: reuse,
        along_aerial_m: along,
        duct_ids: ductIds.slice(0, MAX_FACT_IDS).join(','),
        aerial_ids: aerialIds.slice(0, MAX_FACT_IDS).join(','),
        free_ducts_min: freeMin,
        host_owner: o,
        phase,
      },
      lon: at[0],
      lat: at[1],
      summary: { vi, en },
    });
  }
  return out;
}

/** Where corridor `a` runs within T of corridor `b`: the middle of the longest such piece. */
function overlapPoint(a: GeoFeature, bf: GeoFeature, T: number): [number, number] | null {
  const set = segmentSet([bf]);
  const at = new LongestPiece();
  for (const line of linesOf(a))
    for (let k = 1; k < line.length; k++) {
      const segLen = distanceM(line[k - 1][0], line[k - 1][1], line[k][0], line[k][1]);
      if (segLen > 0) at.offer(line[k - 1], line[k], segLen, coveredOnSegment(line[k - 1], line[k], set, T));
    }
  return at.at;
}

export function buildProposals(args: BuildProposalsArgs): Proposal[] {
  const { report, plan, ctx, params } = args;
  const planById = new Map<string, GeoFeature>();
  for (const f of plan.features) if (f && f.properties) planById.set(str(f.properties.id), f);
  // Plan features first: the plan is what is reviewed, whatever the lookup returns.
  const b: Builder = { feature: (id) => planById.get(id) ?? args.feature(id) };
  const out: Proposal[] = [];

  for (const f of report.findings)
    if (f.rule === 'R1' && f.severity === 'error' && f.featureIds.length >= 2) {
      const p = siteShare(f, b, ctx);
      if (p) out.push(p);
    }

  for (const c of report.colocation) {
    const p = clusterProposal(c, b, ctx);
    if (p) out.push(p);
  }

  const corridors = plan.features.filter(
    (f) => f && f.properties && f.properties.code === 'CORRIDOR' && /^(Multi)?LineString$/.test(f.geometry?.type ?? '') && geometryProblem(f.geometry) === null,
  );
  for (const c of corridors) out.push(...ductReuse(c, b, ctx, params));

  const joint = new Map<string, { a: string; b: string; shared: number }>();
  for (const r of report.corridors)
    for (const j of r.jointWith) {
      if (!planById.has(r.id) || !planById.has(j.id) || r.id === j.id) continue;
      const [x, y] = r.id < j.id ? [r.id, j.id] : [j.id, r.id];
      const key = `${x}+${y}`;
      const prev = joint.get(key);
      // Each side measures the overlap along itself; the pair keeps the larger.
      if (!prev || j.shared_m > prev.shared) joint.set(key, { a: x, b: y, shared: j.shared_m });
    }
  for (const [key, j] of [...joint].sort((p, q) => (p[0] < q[0] ? -1 : 1))) {
    const fa = planById.get(j.a)!;
    const fb = planById.get(j.b)!;
    const oa = str(fa.properties.owner);
    const ob = str(fb.properties.owner);
    const ps = parties([{ owner: oa, role: 'co_builder' }, { owner: ob, role: 'co_builder' }]);
    if (ps.length === 0) continue;
    const phase = laterPhase(str(fa.properties.phase), str(fb.properties.phase));
    const m = fmtM(j.shared);
    const names = ps.map((x) => x.owner);
    const vi =
      names.length > 1
        ? `Đề nghị ${oa} và ${ob} cùng xây chung ${m} m nơi tuyến ${j.a} và ${j.b} trùng nhau, thay vì xây hai lần.`
        : `Đề nghị ${names[0]} cùng xây chung ${m} m nơi tuyến ${j.a} và ${j.b} trùng nhau với tuyến dùng chung, thay vì xây hai lần.`;
    const en =
      names.length > 1
        ? `${oa} and ${ob} are asked to build the ${m} m where corridors ${j.a} and ${j.b} overlap once, together.`
        : `${names[0]} is asked to build the ${m} m where corridors ${j.a} and ${j.b} overlap once, together with the shared corridor.`;
    const at = overlapPoint(fa, fb, params.tolerance_m) ?? lineMidpoint(fa);
    out.push({
      id: `joint:${key}`,
      kind: 'joint_build',
      parties: ps,
      featureIds: [j.a, j.b],
      fingerprint: fingerprintOf([j.a, j.b], b),
      phase,
      facts: { shared_m: j.shared, corridor_a: j.a, owner_a: oa, corridor_b: j.b, owner_b: ob, phase },
      lon: at[0],
      lat: at[1],
      summary: { vi, en },
    });
  }

  // Ids are unique by construction; keep the first if a malformed input repeats one.
  const unique = new Map<string, Proposal>();
  for (const p of out) if (!unique.has(p.id)) unique.set(p.id, p);
  return [...unique.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Proposals where `carrier` is a party (case-insensitive). */
/** Parties as one field, e.g. `Viettel:host,VNPT:tenant` (packages, merged files). */
export function partiesText(p: Proposal): string {
  return p.parties.map((x) => `${x.owner}:${x.role}`).join(',');
}

export function proposalsFor(carrier: string, proposals: Proposal[]): Proposal[] {
  const c = carrier.trim().toLowerCase();
  return proposals.filter((p) => p.parties.some((x) => x.owner.toLowerCase() === c));
}

/** The role of `carrier` in a proposal, or null when it is not a party (case-insensitive). */
export function roleOf(carrier: string, p: Proposal): Role | null {
  const c = carrier.trim().toLowerCase();
  return p.parties.find((x) => x.owner.toLowerCase() === c)?.role ?? null;
}
