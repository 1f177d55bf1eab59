/**
 * Carrier review (issue 7, src/core/review): proposals from the analysis, decision states,
 * review files and packages, on tiny synthetic fixtures with hand-computed expectations.
 * Positions are metre offsets around 20.85 N 106.7 E (as in analysis.test.ts): a ward
 * (phường, sharing distance 100 m) west of x = 0, a rural commune (xã, 400 m) east of it;
 * tolerance T = 15 m, joint-build minimum 50 m (DEFAULT_PARAMS).
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { Analyzer } from '../../src/core/analysis/analyze';
import { DEFAULT_PARAMS } from '../../src/core/analysis/params';
import type { AnalysisInput, PlanFile } from '../../src/core/analysis/types';
import { offsetM } from '../../src/core/geo/ellipsoid';
import type { GeoFeature } from '../../src/core/io/fgb';
import { canonicalJson, checksum, fingerprint, fnv1a64 } from '../../src/core/review/fingerprint';
import { buildProposals, proposalsFor } from '../../src/core/review/proposals';
import { conflicts, countStates, logCsv, proposalStatus, recordId, statusAll, upsertDecision } from '../../src/core/review/decisions';
import { ReviewFileError, importReviews, parseReviewFile, reviewChecksum, writePackage, writeReviewFile } from '../../src/core/review/file';
import type { Decision, DecisionRecord, Proposal, ReasonCode } from '../../src/core/review/types';

const LON0 = 106.7;
const LAT0 = 20.85;
const T = DEFAULT_PARAMS.tolerance_m;

function P(dx: number, dy: number): [number, number] {
  const [lon, lat] = offsetM(LON0, LAT0, 0, dy);
  return offsetM(lon, lat, dx, 0);
}

const rect = (x0: number, y0: number, x1: number, y1: number): number[][] => [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1), P(x0, y0)];

function commune(code: string, type: string, ring: number[][]): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code, name: `Commune ${code}`, type } };
}

const WARD = commune('C-W', 'phuong', rect(-5000, -5000, 0, 5000));
const RURAL = commune('C-E', 'xa', rect(0, -5000, 5000, 5000));

function site(id: string, xy: [number, number], owner: string, extra: Record<string, unknown> = {}): GeoFeature {
  const planned = extra.status === 'planned';
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: P(xy[0], xy[1]) },
    properties: { id, code: 'ANT_A2B', owner, status: 'existing', phase: planned ? '2030' : 'baseline', ...extra },
  };
}

function line(id: string, code: string, owner: string, pts: [number, number][], extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => P(x, y)) },
    properties: { id, code, owner, status: code === 'CORRIDOR' ? 'planned' : 'existing', phase: code === 'CORRIDOR' ? '2030' : 'baseline', ...extra },
  };
}

const plan = (features: GeoFeature[]): PlanFile => ({ type: 'FeatureCollection', metadata: { name: 'test' }, features });

/**
 * One fixture with one case of each kind, far enough apart not to interact:
 * - site_share: existing Viettel site `site-v1` at (-1000, 0) in the ward; VNPT plans
 *   `plan-site-1` 40 m west of it (< 100 m).
 * - cluster: existing `site-a` (Viettel, capacity 1, 30 m) and `site-b` (MobiFone, capacity 3,
 *   20 m) 50 m apart in the ward.
 * - duct_reuse: Viettel corridor `plan-cor-1` along y = -1005 from x 900 to 1500 (600 m), 5 m
 *   from VNPT duct `duct-1` (y = -1000, x 1000..1300). Within T: beyond each duct end the disc
 *   reaches sqrt(15^2 - 5^2) = sqrt(200) = 14.142 m, so 300 + 2 * 14.142 = 328.28 m. MobiFone
 *   aerial `aer-1` (x 1400..1450, y = -1000): 50 + 28.28 = 78.28 m. Viettel's own duct
 *   `duct-own` under it (x 1320..1390) is not a proposal.
 * - joint_build: Viettel `plan-cor-2` (y = 2000, x 2000..2400, phase 2030) and VNPT
 *   `plan-cor-3` (y = 2003, x 2200..2600, phase 2040): overlap 200 m plus
 *   sqrt(15^2 - 3^2) = 14.697 m beyond the end of the other: 214.70 m on each side.
 */
function fixture() {
  const sites = [
    site('site-v1', [-1000, 0], 'Viettel', { tenants: 'Viettel,MobiFone', sharing_capacity_left: 2, height_m: 30 }),
    site('site-a', [-2000, 1000], 'Viettel', { sharing_capacity_left: 1, height_m: 30 }),
    site('site-b', [-2050, 1000], 'MobiFone', { sharing_capacity_left: 3, height_m: 20 }),
  ];
  const ducts = [
    line('duct-1', 'UG_DUCT', 'VNPT', [[1000, -1000], [1300, -1000]], { n_free_ducts: 2 }),
    line('duct-own', 'UG_DUCT', 'Viettel', [[1320, -1000], [1390, -1000]], { n_free_ducts: 4 }),
  ];
  const aerial = [line('aer-1', 'ROUTE_AERIAL', 'MobiFone', [[1400, -1000], [1450, -1000]])];
  const planFeatures = [
    site('plan-site-1', [-1040, 0], 'VNPT', { status: 'planned', height_m: 25 }),
    line('plan-cor-1', 'CORRIDOR', 'Viettel', [[900, -1005], [1500, -1005]]),
    line('plan-cor-2', 'CORRIDOR', 'Viettel', [[2000, 2000], [2400, 2000]]),
    line('plan-cor-3', 'CORRIDOR', 'VNPT', [[2200, 2003], [2600, 2003]], { phase: '2040' }),
  ];
  return { sites, ducts, aerial, planFeatures };
}

type Fx = ReturnType<typeof fixture>;

function propose(fx: Fx): Proposal[] {
  const input: AnalysisInput = { communes: [WARD, RURAL], sites: fx.sites, ducts: fx.ducts, aerial: fx.aerial, zones: [] };
  const analyzer = new Analyzer(input);
  const pl = plan(fx.planFeatures);
  const report = analyzer.analyze(pl);
  const all = new Map<string, GeoFeature>();
  for (const f of [...fx.sites, ...fx.ducts, ...fx.aerial, ...fx.planFeatures]) all.set(String(f.properties.id), f);
  return buildProposals({ report, plan: pl, ctx: analyzer.ctx, feature: (id) => all.get(id), params: DEFAULT_PARAMS });
}

function byId(ps: Proposal[], id: string): Proposal {
  const p = ps.find((x) => x.id === id);
  if (!p) throw new Error(`no proposal ${id} among ${ps.map((x) => x.id).join(', ')}`);
  return p;
}

function near(actual: unknown, expected: number, tol = 0.15) {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected} (±${tol})`).toBeLessThanOrEqual(tol);
}

/** The same features with reversed property key order (content unchanged). */
function reKeyed(f: GeoFeature): GeoFeature {
  return { geometry: { coordinates: f.geometry.coordinates, type: f.geometry.type }, properties: Object.fromEntries(Object.entries(f.properties).reverse()), type: 'Feature' };
}

function rec(p: Proposal, carrier: string, decision: Decision, o: { round?: number; reason?: ReasonCode | null; at?: string; fingerprint?: string; comment?: string } = {}): DecisionRecord {
  const round = o.round ?? 1;
  return {
    id: recordId(carrier, round, p.id),
    proposal_id: p.id,
    carrier,
    decision,
    reason: o.reason === undefined ? (decision === 'accept' ? null : 'commercial') : o.reason,
    comment: o.comment ?? '',
    decided_at: o.at ?? '2025-06-01T09:00:00Z',
    fingerprint: o.fingerprint ?? p.fingerprint,
    round,
    source: 'app',
  };
}

describe('fingerprint', () => {
  it('is FNV-1a 64-bit (published test vectors and a BigInt reference)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    const ref = (s: string) => {
      let h = 0xcbf29ce484222325n;
      for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    for (const s of ['Hải Phòng', 'share:plan-site-003>site-001234', '{"a":1}', 'x'.repeat(1000)]) expect(checksum(s)).toBe(ref(s));
  });

  it('does not depend on key order or feature order, and changes with content', () => {
    const fx = fixture();
    const a = fingerprint([fx.sites[0], fx.planFeatures[0]]);
    expect(fingerprint([reKeyed(fx.planFeatures[0]), reKeyed(fx.sites[0])])).toBe(a);
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    const moved = { ...fx.planFeatures[0], geometry: { type: 'Point', coordinates: P(-1045, 0) } };
    expect(fingerprint([fx.sites[0], moved])).not.toBe(a);
    const retagged = { ...fx.sites[0], properties: { ...fx.sites[0].properties, sharing_capacity_left: 1 } };
    expect(fingerprint([retagged, fx.planFeatures[0]])).not.toBe(a);
    // A missing feature counts by its id.
    expect(fingerprint([fx.sites[0]], ['plan-site-1'])).not.toBe(fingerprint([fx.sites[0]], ['plan-site-2']));
  });
});

describe('proposals', () => {
  const ps = propose(fixture());

  it('the fixture gives exactly one proposal of each expected kind and id, sorted by id', () => {
    expect(ps.map((p) => p.id)).toEqual([
      'cluster:site-a',
      'joint:plan-cor-2+plan-cor-3',
      'reuse:plan-cor-1>MobiFone',
      'reuse:plan-cor-1>VNPT',
      'share:plan-site-1>site-v1',
    ]);
  });

  it('site_share: host is the existing site owner, tenant the planner of the new site', () => {
    const p = byId(ps, 'share:plan-site-1>site-v1');
    expect(p.kind).toBe('site_share');
    expect(p.parties).toEqual([
      { owner: 'Viettel', role: 'host' },
      { owner: 'VNPT', role: 'tenant' },
    ]);
    expect(p.featureIds).toEqual(['plan-site-1', 'site-v1']);
    near(p.facts.distance_m, 40);
    expect(p.facts.threshold_m).toBe(100);
    expect(p.facts).toMatchObject({
      planned_owner: 'VNPT',
      planned_height_m: 25,
      existing_owner: 'Viettel',
      existing_height_m: 30,
      existing_tenants: 'Viettel,MobiFone',
      sharing_capacity_left: 2,
      phase: '2030',
    });
    expect(p.phase).toBe('2030');
    expect(p.summary.vi).toContain('VNPT');
    expect(p.summary.vi).toContain('site-v1');
    expect(p.summary.vi).toContain('40 m');
    expect(p.summary.en).toContain('plan-site-1');
    // At the planned site.
    const [lon, lat] = P(-1040, 0);
    expect(p.lon).toBeCloseTo(lon, 9);
    expect(p.lat).toBeCloseTo(lat, 9);
  });

  it('cluster: consolidates on the site with the most free capacity; the other owner is the tenant', () => {
    const p = byId(ps, 'cluster:site-a');
    expect(p.kind).toBe('cluster');
    expect(p.parties).toEqual([
      { owner: 'MobiFone', role: 'host' },
      { owner: 'Viettel', role: 'tenant' },
    ]);
    expect(p.featureIds).toEqual(['site-b', 'site-a']);
    expect(p.phase).toBe('baseline');
    expect(p.facts).toMatchObject({ sites: 2, owners: 'MobiFone,Viettel', host_site: 'site-b', host_owner: 'MobiFone', host_capacity_left: 3, host_height_m: 20 });
    near(p.facts.max_distance_m, 50);
  });

  it('cluster: with equal free capacity the taller site hosts, then the smaller id', () => {
    const fx = fixture();
    fx.sites[2].properties.sharing_capacity_left = 1; // site-b: 1, 20 m; site-a: 1, 30 m
    expect(byId(propose(fx), 'cluster:site-a').facts.host_site).toBe('site-a');
    fx.sites[2].properties.height_m = 30;
    const p = byId(propose(fx), 'cluster:site-a');
    expect(p.facts.host_site).toBe('site-a');
    expect(p.parties).toEqual([
      { owner: 'Viettel', role: 'host' },
      { owner: 'MobiFone', role: 'tenant' },
    ]);
  });

  it("duct_reuse: the length within T of the other owner's duct, hand-computed (328.28 m)", () => {
    const p = byId(ps, 'reuse:plan-cor-1>VNPT');
    expect(p.kind).toBe('duct_reuse');
    expect(p.parties).toEqual([
      { owner: 'VNPT', role: 'host' },
      { owner: 'Viettel', role: 'tenant' },
    ]);
    expect(p.featureIds).toEqual(['plan-cor-1', 'duct-1']);
    near(p.facts.corridor_length_m, 600);
    near(p.facts.reuse_duct_m, 300 + 2 * Math.sqrt(T * T - 25));
    near(p.facts.along_aerial_m, 0);
    expect(p.facts.duct_ids).toBe('duct-1');
    expect(p.facts.free_ducts_min).toBe(2);
    expect(p.phase).toBe('2030');
    // The point lies on the reused stretch (its middle: x = 1150).
    const [lon] = P(1150, -1005);
    expect(Math.abs(p.lon - lon)).toBeLessThan(1e-6);
  });

  it('duct_reuse: along an aerial route of a third owner (78.28 m); never with the corridor owner itself', () => {
    const p = byId(ps, 'reuse:plan-cor-1>MobiFone');
    near(p.facts.along_aerial_m, 50 + 2 * Math.sqrt(T * T - 25));
    near(p.facts.reuse_duct_m, 0);
    expect(p.facts.free_ducts_min).toBeNull();
    expect(p.featureIds).toEqual(['plan-cor-1', 'aer-1']);
    expect(ps.some((x) => x.id === 'reuse:plan-cor-1>Viettel')).toBe(false);
  });

  it('duct_reuse: under the joint-build minimum there is no proposal', () => {
    const fx = fixture();
    // Aerial 20 m long: 20 + 28.28 = 48.28 m < 50 m.
    fx.aerial = [line('aer-1', 'ROUTE_AERIAL', 'MobiFone', [[1400, -1000], [1420, -1000]])];
    expect(propose(fx).some((x) => x.id === 'reuse:plan-cor-1>MobiFone')).toBe(false);
    fx.aerial = [line('aer-1', 'ROUTE_AERIAL', 'MobiFone', [[1400, -1000], [1425, -1000]])];
    expect(propose(fx).some((x) => x.id === 'reuse:plan-cor-1>MobiFone')).toBe(true);
  });

  it('joint_build: both owners co-build the overlap (214.70 m) in the later phase', () => {
    const p = byId(ps, 'joint:plan-cor-2+plan-cor-3');
    expect(p.kind).toBe('joint_build');
    expect(p.parties).toEqual([
      { owner: 'Viettel', role: 'co_builder' },
      { owner: 'VNPT', role: 'co_builder' },
    ]);
    expect(p.featureIds).toEqual(['plan-cor-2', 'plan-cor-3']);
    near(p.facts.shared_m, 200 + Math.sqrt(T * T - 9));
    expect(p.facts).toMatchObject({ corridor_a: 'plan-cor-2', owner_a: 'Viettel', corridor_b: 'plan-cor-3', owner_b: 'VNPT', phase: '2040' });
    expect(p.phase).toBe('2040');
  });

  it('shared and city never decide: a shared corridor asks only the duct owner; nothing is asked of nobody', () => {
    const fx = fixture();
    fx.planFeatures = [line('plan-cor-s', 'CORRIDOR', 'shared', [[900, -1005], [1500, -1005]])];
    fx.ducts.push(line('duct-city', 'UG_DUCT', 'city', [[700, -1000], [1000, -1000]]));
    const out = propose(fx);
    const vnpt = byId(out, 'reuse:plan-cor-s>VNPT');
    expect(vnpt.parties).toEqual([{ owner: 'VNPT', role: 'host' }]);
    // The Viettel duct counts too when the corridor is shared; the city's duct asks nobody.
    expect(byId(out, 'reuse:plan-cor-s>Viettel').parties).toEqual([{ owner: 'Viettel', role: 'host' }]);
    expect(out.some((x) => x.id === 'reuse:plan-cor-s>city')).toBe(false);
    for (const p of out) for (const party of p.parties) expect(['shared', 'city']).not.toContain(party.owner);
  });

  it('a planned site near an existing site of its own owner: one party, the host', () => {
    const fx = fixture();
    fx.planFeatures = [site('plan-site-9', [-1040, 0], 'Viettel', { status: 'planned' })];
    const p = byId(propose(fx), 'share:plan-site-9>site-v1');
    expect(p.parties).toEqual([{ owner: 'Viettel', role: 'host' }]);
  });

  it('ids and fingerprints are stable: fresh analysers, reversed feature order, reordered keys', () => {
    const a = propose(fixture());
    const fx = fixture();
    const b = propose({
      sites: fx.sites.map(reKeyed).reverse(),
      ducts: fx.ducts.map(reKeyed).reverse(),
      aerial: fx.aerial.map(reKeyed).reverse(),
      planFeatures: fx.planFeatures.map(reKeyed).reverse(),
    });
    expect(b.map((p) => [p.id, p.fingerprint])).toEqual(a.map((p) => [p.id, p.fingerprint]));
    expect(b.map((p) => p.parties)).toEqual(a.map((p) => p.parties));
    expect(new Set(a.map((p) => p.fingerprint)).size).toBe(a.length);
  });

  it('proposalsFor: the proposals a carrier is a party to, any case', () => {
    expect(proposalsFor('vnpt', ps).map((p) => p.id)).toEqual(['joint:plan-cor-2+plan-cor-3', 'reuse:plan-cor-1>VNPT', 'share:plan-site-1>site-v1']);
    expect(proposalsFor('MOBIFONE', ps).map((p) => p.id)).toEqual(['cluster:site-a', 'reuse:plan-cor-1>MobiFone']);
    expect(proposalsFor('FPT', ps)).toEqual([]);
  });
});

describe('decision states', () => {
  const p: Proposal = {
    id: 'share:plan-x>site-y',
    kind: 'site_share',
    parties: [
      { owner: 'Viettel', role: 'host' },
      { owner: 'VNPT', role: 'tenant' },
    ],
    featureIds: ['plan-x', 'site-y'],
    fingerprint: 'f1',
    phase: '2030',
    facts: {},
    lon: 106.7,
    lat: 20.85,
    summary: { vi: 'x', en: 'x' },
  };
  const state = (rs: DecisionRecord[]) => proposalStatus(p, rs).state;

  it('pending with no decisions; pending while a party waits', () => {
    expect(proposalStatus(p, [])).toEqual({ id: p.id, state: 'pending', latest: [], waiting: ['Viettel', 'VNPT'] });
    const s = proposalStatus(p, [rec(p, 'VNPT', 'accept')]);
    expect(s.state).toBe('pending');
    expect(s.waiting).toEqual(['Viettel']);
    expect(s.latest.map((r) => r.carrier)).toEqual(['VNPT']);
  });

  it('accepted when all accept; conditional when one accepts on conditions; rejected on a reject', () => {
    expect(state([rec(p, 'Viettel', 'accept'), rec(p, 'VNPT', 'accept')])).toBe('accepted');
    expect(state([rec(p, 'Viettel', 'conditional', { reason: 'structural' }), rec(p, 'VNPT', 'accept')])).toBe('conditional');
    expect(state([rec(p, 'Viettel', 'reject')])).toBe('rejected');
    expect(state([rec(p, 'Viettel', 'reject'), rec(p, 'VNPT', 'reject', { reason: 'planned_elsewhere' })])).toBe('rejected');
  });

  it('a reject beside an accept is conflicting; a decision on an old fingerprint is stale', () => {
    expect(state([rec(p, 'Viettel', 'reject'), rec(p, 'VNPT', 'accept')])).toBe('conflicting');
    expect(state([rec(p, 'Viettel', 'reject'), rec(p, 'VNPT', 'conditional')])).toBe('conflicting');
    expect(state([rec(p, 'Viettel', 'accept', { fingerprint: 'f0' }), rec(p, 'VNPT', 'accept')])).toBe('stale');
  });

  it('the latest decision of each party counts: highest round, then latest time, then last', () => {
    const r1 = rec(p, 'Viettel', 'reject', { round: 1, at: '2025-06-05T00:00:00Z' });
    const r2 = rec(p, 'Viettel', 'accept', { round: 2, at: '2025-06-01T00:00:00Z' });
    const t = rec(p, 'VNPT', 'accept');
    expect(state([r2, r1, t])).toBe('accepted');
    const early = rec(p, 'Viettel', 'reject', { at: '2025-06-01T00:00:00Z' });
    const late = rec(p, 'Viettel', 'accept', { at: '2025-06-02T00:00:00Z' });
    expect(state([late, early, t])).toBe('accepted');
    expect(state([rec(p, 'Viettel', 'reject'), rec(p, 'Viettel', 'accept'), t])).toBe('accepted');
    expect(state([rec(p, 'Viettel', 'accept'), rec(p, 'Viettel', 'reject'), t])).toBe('conflicting');
  });

  it('ignores decisions of non-parties and of other proposals; carrier names in any case', () => {
    const other = { ...p, id: 'other' };
    expect(state([rec(p, 'MobiFone', 'reject'), rec(other, 'Viettel', 'reject'), rec(p, 'viettel', 'accept'), rec(p, 'VNPT', 'accept')])).toBe('accepted');
  });

  it('statusAll, countStates, conflicts, upsertDecision', () => {
    const q = { ...p, id: 'joint:a+b', kind: 'joint_build' as const };
    const rs = [rec(p, 'Viettel', 'reject'), rec(p, 'VNPT', 'accept'), rec(q, 'Viettel', 'accept')];
    const all = statusAll([p, q], rs);
    expect(all.get(p.id)!.state).toBe('conflicting');
    expect(all.get(q.id)!.state).toBe('pending');
    expect(countStates([p, q], rs)).toEqual({ pending: 1, accepted: 0, rejected: 0, conditional: 0, conflicting: 1, stale: 0 });
    const c = conflicts([p, q], rs);
    expect(c.map((x) => [x.id, x.accepted, x.rejected])).toEqual([[p.id, ['VNPT'], ['Viettel']]]);
    const changed = { ...rs[0], decision: 'accept' as const, reason: null };
    const up = upsertDecision(rs, changed);
    expect(up).toHaveLength(3);
    expect(up[0]).toBe(changed);
    expect(rs[0].decision).toBe('reject');
    expect(upsertDecision(rs, rec(q, 'VNPT', 'accept'))).toHaveLength(4);
    expect(recordId('Viettel', 2, 'share:a>b')).toBe('rev-viettel-r2-share:a>b');
  });
});

describe('review files', () => {
  const ps = propose(fixture());
  const share = byId(ps, 'share:plan-site-1>site-v1');
  const joint = byId(ps, 'joint:plan-cor-2+plan-cor-3');
  const DATE = '2025-06-30';

  function fileOf(carrier: string, records: DecisionRecord[], round = 1): string {
    return writeReviewFile({ carrier, date: DATE, plan: 'test', round, records, proposals: ps });
  }

  /** A file with hand-made features and a correct checksum (to reach the per-feature checks). */
  function signedFile(features: Record<string, unknown>[], carrier = 'VNPT'): string {
    const fs = features.map((properties) => ({ type: 'Feature', geometry: null, properties }));
    return JSON.stringify({
      type: 'FeatureCollection',
      metadata: { hatang_review: 1, carrier, signed: { by: carrier, date: DATE }, plan: 'test', round: 1, checksum: reviewChecksum(carrier, DATE, 1, fs) },
      features: fs,
    });
  }

  const good = { proposal_id: share.id, decision: 'accept', reason: null, comment: '', decided_at: '2025-06-20', fingerprint: share.fingerprint };

  it('round trip: writeReviewFile then parseReviewFile gives back the records', () => {
    const mine = [rec(share, 'VNPT', 'accept', { comment: 'Đồng ý, cần khảo sát kết cấu' }), rec(joint, 'VNPT', 'conditional', { reason: 'structural' })];
    const others = [rec(share, 'Viettel', 'reject')];
    const text = fileOf('vnpt', [...mine, ...others]);
    const { meta, records } = parseReviewFile(text, 'vnpt-r1.geojson');
    expect(meta).toMatchObject({ hatang_review: 1, carrier: 'VNPT', signed: { by: 'VNPT', date: DATE }, plan: 'test', round: 1 });
    const expected = mine.map((r) => ({ ...r, source: 'vnpt-r1.geojson' })).sort((a, b) => (a.proposal_id < b.proposal_id ? -1 : 1));
    expect(records).toEqual(expected);
    // One Point per decision of VNPT, at the proposal, with its role; Viettel's record is not written.
    const doc = JSON.parse(text);
    expect(doc.features).toHaveLength(2);
    const f = doc.features.find((x: { properties: { proposal_id: string } }) => x.properties.proposal_id === share.id);
    expect(f.geometry).toEqual({ type: 'Point', coordinates: [share.lon, share.lat] });
    expect(f.properties).toMatchObject({ role: 'tenant', kind: 'site_share', carrier: 'VNPT', summary: share.summary.vi });
  });

  it('a full ISO timestamp as signing date, and a later round, read back', () => {
    const at = '2025-06-30T12:34:56.789Z';
    const text = writeReviewFile({ carrier: 'Viettel', date: at, plan: null, round: 2, records: [rec(share, 'Viettel', 'reject', { round: 1 })], proposals: ps });
    const { meta, records } = parseReviewFile(text, 'viettel-r2.geojson');
    expect(meta).toMatchObject({ signed: { by: 'Viettel', date: at }, plan: null, round: 2 });
    expect(records.map((r) => [r.id, r.round, r.decision, r.reason])).toEqual([[recordId('Viettel', 2, share.id), 2, 'reject', 'commercial']]);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseReviewFile('{"type": "FeatureCollection", ', 'a.geojson')).toThrow(ReviewFileError);
    expect(() => parseReviewFile('hello', 'a.geojson')).toThrow(/^a\.geojson: not a hatang review file \(not JSON\)$/);
  });

  it('refuses JSON that is not a FeatureCollection, and a FeatureCollection without metadata', () => {
    expect(() => parseReviewFile('[1, 2]', 'b.json')).toThrow(/b\.json: .*not a GeoJSON FeatureCollection/);
    expect(() => parseReviewFile(JSON.stringify({ type: 'FeatureCollection', features: [] }), 'c.geojson')).toThrow(
      'c.geojson: not a hatang review file (metadata.hatang_review missing)',
    );
    const pkg = writePackage({ carrier: 'VNPT', date: DATE, plan: 'test', proposals: ps, features: [] });
    expect(() => parseReviewFile(pkg, 'pkg.geojson')).toThrow(/review package/);
  });

  it('refuses an unknown carrier, a bad date, an unknown version', () => {
    const doc = JSON.parse(fileOf('VNPT', [rec(share, 'VNPT', 'accept')]));
    const variant = (m: Record<string, unknown>) => JSON.stringify({ ...doc, metadata: { ...doc.metadata, ...m } });
    expect(() => parseReviewFile(variant({ carrier: 'Acme' }), 'x')).toThrow(/unknown carrier 'Acme'/);
    expect(() => parseReviewFile(variant({ carrier: undefined }), 'x')).toThrow(/carrier .* is missing/);
    expect(() => parseReviewFile(variant({ signed: { by: 'VNPT', date: '30/06/2025' } }), 'x')).toThrow(/bad signing date/);
    expect(() => parseReviewFile(variant({ hatang_review: 2 }), 'x')).toThrow(/unknown review file version 2/);
  });

  it('refuses a file changed after signing (checksum)', () => {
    const doc = JSON.parse(fileOf('VNPT', [rec(share, 'VNPT', 'accept')]));
    doc.features[0].properties.comment = 'sửa tay';
    expect(() => parseReviewFile(JSON.stringify(doc), 'vnpt.geojson')).toThrow('vnpt.geojson: was changed after it was signed (checksum mismatch)');
    const doc2 = JSON.parse(fileOf('VNPT', [rec(share, 'VNPT', 'accept')]));
    doc2.metadata.signed.date = '2025-07-01';
    expect(() => parseReviewFile(JSON.stringify(doc2), 'vnpt.geojson')).toThrow(/changed after it was signed/);
  });

  it('refuses a bad decision, an unknown reason, reject without a reason, a missing proposal id, duplicates (naming the feature)', () => {
    expect(() => parseReviewFile(signedFile([good, { ...good, proposal_id: joint.id, decision: 'yes' }]), 'v.geojson')).toThrow(
      'v.geojson: feature 2 has decision "yes" (one of accept, reject, conditional)',
    );
    expect(() => parseReviewFile(signedFile([{ ...good, decision: 'reject', reason: 'too_expensive' }]), 'v.geojson')).toThrow(/feature 1 has reason "too_expensive"/);
    expect(() => parseReviewFile(signedFile([{ ...good, decision: 'reject', reason: null }]), 'v.geojson')).toThrow(
      /^v\.geojson: feature 1 is a reject decision without a reason/,
    );
    expect(() => parseReviewFile(signedFile([{ ...good, decision: 'conditional', reason: '' }]), 'v.geojson')).toThrow(/feature 1 is a conditional decision without a reason/);
    expect(() => parseReviewFile(signedFile([{ ...good, proposal_id: undefined }]), 'v.geojson')).toThrow(/feature 1 has no proposal_id/);
    expect(() => parseReviewFile(signedFile([good, good]), 'v.geojson')).toThrow(/feature 2 repeats proposal/);
    expect(() => parseReviewFile(signedFile([{ ...good, carrier: 'Viettel' }]), 'v.geojson')).toThrow(/feature 1 is a decision of 'Viettel'/);
    // The same file with valid values reads.
    expect(parseReviewFile(signedFile([good]), 'v.geojson').records).toHaveLength(1);
  });

  it('merging the host\'s reject and the tenant\'s accept gives a conflict', () => {
    const viettel = fileOf('Viettel', [rec(share, 'Viettel', 'reject', { reason: 'no_capacity', comment: 'Trạm đã đầy' })]);
    const vnpt = fileOf('VNPT', [rec(share, 'VNPT', 'accept')]);
    const { records, report } = importReviews([], [{ name: 'viettel-r1.geojson', text: viettel }, { name: 'vnpt-r1.geojson', text: vnpt }], ps);
    expect(records).toHaveLength(2);
    expect(report).toEqual([
      { file: 'viettel-r1.geojson', carrier: 'Viettel', round: 1, attached: 1, stale: 0, unknown: [], duplicates: 0 },
      { file: 'vnpt-r1.geojson', carrier: 'VNPT', round: 1, attached: 1, stale: 0, unknown: [], duplicates: 0 },
    ]);
    expect(proposalStatus(share, records).state).toBe('conflicting');
    const c = conflicts(ps, records);
    expect(c.map((x) => [x.id, x.accepted, x.rejected])).toEqual([[share.id, ['VNPT'], ['Viettel']]]);
  });

  it('re-importing is a duplicate; a corrected resubmission replaces; decisions off the carrier\'s proposals are unknown', () => {
    const first = fileOf('VNPT', [rec(share, 'VNPT', 'accept')]);
    const a = importReviews([], [{ name: 'v1.geojson', text: first }], ps);
    const again = importReviews(a.records, [{ name: 'v1-copy.geojson', text: first }], ps);
    expect(again.report[0]).toMatchObject({ attached: 0, duplicates: 1 });
    expect(again.records).toEqual(a.records);
    // The same decision made in the app, then arriving in the signed file: attached, now sourced from the file.
    const inApp = a.records.map((r) => ({ ...r, source: 'app' }));
    const signed = importReviews(inApp, [{ name: 'v1.geojson', text: first }], ps);
    expect(signed.report[0]).toMatchObject({ attached: 1, duplicates: 0 });
    expect(signed.records).toEqual(a.records);
    const corrected = fileOf('VNPT', [rec(share, 'VNPT', 'reject', { reason: 'commercial', at: '2025-06-21T00:00:00Z' })]);
    const b = importReviews(a.records, [{ name: 'v1b.geojson', text: corrected }], ps);
    expect(b.records).toHaveLength(1);
    expect(b.records[0]).toMatchObject({ id: recordId('VNPT', 1, share.id), decision: 'reject', source: 'v1b.geojson' });
    expect(b.report[0]).toMatchObject({ attached: 1, duplicates: 0 });
    // MobiFone is not a party to the share proposal: that decision is left out and listed.
    const mob = signedFile(
      [
        { ...good, proposal_id: share.id },
        { ...good, proposal_id: 'cluster:site-a', fingerprint: byId(ps, 'cluster:site-a').fingerprint },
      ],
      'MobiFone',
    );
    const m = importReviews([], [{ name: 'mob.geojson', text: mob }], ps);
    expect(m.records.map((r) => r.proposal_id)).toEqual(['cluster:site-a']);
    expect(m.report[0]).toMatchObject({ carrier: 'MobiFone', attached: 1, unknown: [share.id] });
  });

  it('refuses a foreign file (no decision concerns a proposal of this plan) and changes nothing', () => {
    const foreign = signedFile([{ ...good, proposal_id: 'share:plan-site-77>site-000001' }, { ...good, proposal_id: 'joint:x+y' }]);
    expect(() => importReviews([], [{ name: 'other-plan.geojson', text: foreign }], ps)).toThrow(
      /^other-plan\.geojson: none of its 2 decisions concern a proposal of this plan/,
    );
  });

  it('all or nothing: one good and one bad file throws and leaves the log as it was', () => {
    const existing = [rec(joint, 'Viettel', 'accept')];
    const before = structuredClone(existing);
    const okFile = fileOf('VNPT', [rec(share, 'VNPT', 'accept')]);
    let result: unknown = 'untouched';
    expect(() => {
      result = importReviews(existing, [{ name: 'ok.geojson', text: okFile }, { name: 'bad.geojson', text: '{"type":"FeatureCollection"' }], ps);
    }).toThrow('bad.geojson: not a hatang review file (not JSON)');
    expect(result).toBe('untouched');
    expect(existing).toEqual(before);
    // The good file alone imports.
    expect(importReviews(existing, [{ name: 'ok.geojson', text: okFile }], ps).records).toHaveLength(2);
    expect(existing).toEqual(before);
  });

  it('a moved planned site keeps its proposal id, changes its fingerprint, and its decisions become stale', () => {
    const both = [rec(share, 'Viettel', 'accept'), rec(share, 'VNPT', 'accept')];
    expect(proposalStatus(share, both).state).toBe('accepted');
    const fx = fixture();
    fx.planFeatures[0] = site('plan-site-1', [-1045, 0], 'VNPT', { status: 'planned', height_m: 25 });
    const moved = byId(propose(fx), share.id);
    near(moved.facts.distance_m, 45);
    expect(moved.fingerprint).not.toBe(share.fingerprint);
    expect(proposalStatus(moved, both).state).toBe('stale');
    // Imported files made on the old fingerprint count as stale.
    const { report } = importReviews([], [{ name: 'v.geojson', text: fileOf('VNPT', [both[1]]) }], [moved]);
    expect(report[0]).toMatchObject({ attached: 1, stale: 1 });
  });

  it('logCsv: BOM, a header, one line per record in time order, and the stale column', () => {
    const old = rec(share, 'Viettel', 'reject', { fingerprint: 'old', at: '2025-06-03T00:00:00Z', comment: '=SUM(A1)' });
    const cur = rec(share, 'VNPT', 'accept', { at: '2025-06-01T00:00:00Z' });
    const gone = rec({ ...share, id: 'share:gone>site-x' }, 'VNPT', 'accept', { at: '2025-06-02T00:00:00Z' });
    const text = logCsv([old, cur, gone], ps, 'en');
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('decided_at,round,carrier,proposal_id,kind,decision,reason,comment,source,stale');
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true }).data;
    expect(rows.map((r) => [r.carrier, r.proposal_id, r.kind, r.stale])).toEqual([
      ['VNPT', share.id, 'site_share', 'no'],
      ['VNPT', 'share:gone>site-x', '', ''],
      ['Viettel', share.id, 'site_share', 'yes'],
    ]);
    expect(rows[2].reason).toBe('commercial');
    expect(rows[2].comment).toBe("'=SUM(A1)");
    const vi = logCsv([cur], ps, 'vi');
    expect(vi.slice(1).split('\r\n')[0]).toBe('Thời điểm quyết định,Vòng,Doanh nghiệp,Mã đề xuất,Loại đề xuất,Quyết định,Lý do,Ghi chú,Nguồn,Lỗi thời');
    expect(vi.slice(1).split('\r\n')).toHaveLength(2);
  });
});

describe('review package', () => {
  const fx = fixture();
  const ps = propose(fx);
  const all = [...fx.sites, ...fx.ducts, ...fx.aerial, ...fx.planFeatures];

  it("holds the carrier's proposals with facts, then the features involved; others' confidential attributes removed", () => {
    const doc = JSON.parse(writePackage({ carrier: 'vnpt', date: '2025-06-15', plan: 'test', proposals: ps, features: all }));
    expect(doc.metadata).toEqual({ hatang_review_package: 1, carrier: 'VNPT', created: '2025-06-15', plan: 'test', proposals: 3 });
    const props = doc.features.map((f: GeoFeature) => f.properties);
    const proposals = props.filter((p: Record<string, unknown>) => p.proposal_id);
    expect(proposals.map((p: Record<string, unknown>) => [p.proposal_id, p.role])).toEqual([
      ['joint:plan-cor-2+plan-cor-3', 'co_builder'],
      ['reuse:plan-cor-1>VNPT', 'host'],
      ['share:plan-site-1>site-v1', 'tenant'],
    ]);
    const s = proposals[2];
    expect(s).toMatchObject({ kind: 'site_share', parties: 'Viettel:host,VNPT:tenant', phase: '2030', decision: 'pending', fact_existing_owner: 'Viettel' });
    expect(s.summary_vi).toBe(byId(ps, s.proposal_id).summary.vi);
    // VNPT is the tenant: Viettel's tenancy and free capacity are not shown to it.
    expect(s).not.toHaveProperty('fact_sharing_capacity_left');
    expect(s).not.toHaveProperty('fact_existing_tenants');
    // VNPT hosts the duct reuse: its own free ducts are shown.
    expect(proposals[1].fact_free_ducts_min).toBe(2);
    const context = props.filter((p: Record<string, unknown>) => p.package_role === 'context');
    expect(context.map((p: Record<string, unknown>) => p.id)).toEqual(['duct-1', 'plan-cor-1', 'plan-cor-2', 'plan-cor-3', 'plan-site-1', 'site-v1']);
    const v1 = context.find((p: Record<string, unknown>) => p.id === 'site-v1');
    expect(v1).not.toHaveProperty('tenants');
    expect(v1).not.toHaveProperty('sharing_capacity_left');
    expect(context.find((p: Record<string, unknown>) => p.id === 'duct-1').n_free_ducts).toBe(2);
    expect(doc.features).toHaveLength(9);
  });

  it("the host's package shows its own confidential facts and features", () => {
    const doc = JSON.parse(writePackage({ carrier: 'Viettel', date: '2025-06-15', plan: null, proposals: ps, features: all }));
    const s = doc.features.find((f: GeoFeature) => f.properties.proposal_id === 'share:plan-site-1>site-v1').properties;
    expect(s.role).toBe('host');
    expect(s.fact_sharing_capacity_left).toBe(2);
    expect(s.fact_existing_tenants).toBe('Viettel,MobiFone');
    const v1 = doc.features.find((f: GeoFeature) => f.properties.id === 'site-v1').properties;
    expect(v1.tenants).toBe('Viettel,MobiFone');
    expect(doc.metadata.proposals).toBe(proposalsFor('Viettel', ps).length);
  });
});
