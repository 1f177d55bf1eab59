/**
 * Export profiles: which features and which attributes leave the system.
 *
 * - `public` (public consultation, tham vấn cộng đồng): every feature except the
 *   security-critical works (CRIT_SECURITY, domain.md §2: never published), with the
 *   confidential attributes below removed from every feature.
 * - `carrier` (package for one carrier, NAME): what that carrier must review: its assets (it
 *   owns them or is a tenant), the plan proposals it owns or that are `shared`, and every
 *   proposal within 400 m of one of its antenna sites (existing or proposed). Features it does
 *   not own lose the confidential attributes (other carriers' tenancy, free capacity, costs).
 *   Security-critical works are left out of carrier packages too: they leave the system only
 *   in the internal profile.
 * - `full` (internal): everything, unchanged.
 *
 * Pure: the input features are never changed; a kept feature whose properties need no
 * redaction is passed through as the same object.
 */
import type { GeoFeature } from './fgb';
import type { ExportMeta, ExportProfile } from './types';
import { OWNERS, isAntenna } from '../model/taxonomy';
import { PLAN_STATUSES } from '../plan/doc';
import { metresPerDegree } from '../geo/ellipsoid';
import { frameAt, pointSegmentDistance, toXY } from '../geo/segment';
import KDBush from 'kdbush';

/** Asset codes never published outside the internal profile. */
export const SECURITY_CODES: readonly string[] = ['CRIT_SECURITY'];

/**
 * Confidential attributes: commercial information of the carriers and the city's cost
 * estimates. Removed from public exports, and from other carriers' features in a carrier
 * package.
 *
 * | Field | Why |
 * |---|---|
 * | `tenants` | who rents space on a site (tenancy) |
 * | `shared` | whether a site is shared (tenancy) |
 * | `sharing_capacity_left` | free room for more tenants (free capacity) |
 * | `n_free_ducts` | free ducts in a duct bank (free capacity) |
 * | `ports` | port count of a station (network capacity) |
 * | `cost`, `cost_vnd`, `cost_total`, `unit_price`, `unitPrice` | cost estimates and unit prices |
 *
 * Any other field whose name matches CONFIDENTIAL_PATTERNS (costs, prices, capex/opex, rent,
 * revenue, tenancy, free capacity) is treated the same way, so a column added later, or
 * brought in by an import, is not published by accident.
 */
export const CONFIDENTIAL_FIELDS: readonly string[] = [
  'tenants',
  'shared',
  'sharing_capacity_left',
  'n_free_ducts',
  'ports',
  'cost',
  'cost_vnd',
  'cost_total',
  'unit_price',
  'unitPrice',
];

/** Name patterns of confidential attributes (matched case-insensitively). */
export const CONFIDENTIAL_PATTERNS: readonly RegExp[] = [
  /cost/i,
  /price/i,
  /capex|opex/i,
  /revenue/i,
  /(^|_)rent(al)?($|_)/i,
  /tenan/i,
  /free_?(ducts?|capacity|ports)/i,
  /capacity_left/i,
];

const CONFIDENTIAL_SET = new Set(CONFIDENTIAL_FIELDS.map((f) => f.toLowerCase()));

/** True for an attribute that a public export must not contain. */
export function isConfidentialField(name: string): boolean {
  return CONFIDENTIAL_SET.has(name.toLowerCase()) || CONFIDENTIAL_PATTERNS.some((re) => re.test(name));
}

/** Default distance for "proposals touching a carrier's sites" (the non-urban sharing distance of rule R1). */
export const CARRIER_NEARBY_M = 400;

export interface ProfileContext {
  /**
   * Ids of the plan's features (the proposals). Without it, a feature counts as a proposal
   * when its status is a plan status (planned, upgrade, convert, remove).
   */
  planFeatureIds?: ReadonlySet<string>;
  /** Carrier packages: proposals within this distance of one of the carrier's sites are included (default 400 m). */
  nearby_m?: number;
}

/** Owners a carrier package can be made for: every owner except `shared` (case-insensitive input). */
export const PACKAGE_OWNERS: readonly string[] = OWNERS.filter((o) => o !== 'shared');

/**
 * Reads `public`, `full` or `carrier:NAME` (NAME one of PACKAGE_OWNERS, any case). Throws an
 * Error whose message is one sentence naming the allowed values.
 */
export function parseProfile(text: string): ExportProfile {
  const s = text.trim();
  const lower = s.toLowerCase();
  if (lower === 'public') return { kind: 'public' };
  if (lower === 'full') return { kind: 'full' };
  const m = /^carrier:(.*)$/i.exec(s);
  if (m) {
    const name = m[1].trim();
    const owner = PACKAGE_OWNERS.find((o) => o.toLowerCase() === name.toLowerCase());
    if (!owner) throw new Error(`unknown carrier '${name}' (one of ${PACKAGE_OWNERS.join(', ')})`);
    return { kind: 'carrier', carrier: owner };
  }
  throw new Error(`unknown profile '${s}' (public, carrier:NAME or full)`);
}

/** Short text of a profile for file names and messages: `public`, `carrier-viettel`, `full`. */
export function profileSlug(p: ExportProfile): string {
  return p.kind === 'carrier' ? `carrier-${p.carrier.toLowerCase()}` : p.kind;
}

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string' || v === '') return [];
  return v.split(',').map((x) => x.trim());
}

/** The properties without the confidential attributes (the same object when there are none). */
export function stripConfidential(props: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(props))
    if (isConfidentialField(k)) {
      out ??= { ...props };
      delete out[k];
    }
  return out ?? props;
}

function withProps(f: GeoFeature, props: Record<string, unknown>): GeoFeature {
  return props === f.properties ? f : { type: 'Feature', geometry: f.geometry, properties: props };
}

function isSecurity(f: GeoFeature): boolean {
  return SECURITY_CODES.includes(String(f.properties.code ?? ''));
}

/** Features to publish under `profile`. */
export function applyProfile(features: readonly GeoFeature[], profile: ExportProfile, ctx: ProfileContext = {}): GeoFeature[] {
  switch (profile.kind) {
    case 'full':
      return features.slice();
    case 'public':
      return features.filter((f) => !isSecurity(f)).map((f) => withProps(f, stripConfidential(f.properties)));
    case 'carrier':
      return carrierPackage(features, profile.carrier, ctx);
  }
}

function carrierPackage(features: readonly GeoFeature[], carrier: string, ctx: ProfileContext): GeoFeature[] {
  const planIds = ctx.planFeatureIds;
  const nearby = ctx.nearby_m ?? CARRIER_NEARBY_M;
  const isProposal = (f: GeoFeature) =>
    planIds ? planIds.has(String(f.properties.id ?? '')) : (PLAN_STATUSES as readonly unknown[]).includes(f.properties.status);
  const mine = (f: GeoFeature) => f.properties.owner === carrier || listOf(f.properties.tenants).includes(carrier);

  const sites: [number, number][] = [];
  for (const f of features)
    if (!isSecurity(f) && isAntenna(String(f.properties.code ?? '')) && mine(f) && f.geometry.type === 'Point') {
      const [x, y] = f.geometry.coordinates as number[];
      sites.push([x, y]);
    }
  const near = nearSites(sites, nearby);

  const out: GeoFeature[] = [];
  for (const f of features) {
    if (isSecurity(f)) continue;
    const keep = mine(f) || (isProposal(f) && (f.properties.owner === 'shared' || near(f.geometry)));
    if (!keep) continue;
    out.push(f.properties.owner === carrier ? f : withProps(f, stripConfidential(f.properties)));
  }
  return out;
}

type Geometry = GeoFeature['geometry'];
type Pos = number[];

/** A test "is this geometry within `r` metres of one of these points?", on a kdbush index. */
function nearSites(sites: [number, number][], r: number): (g: Geometry) => boolean {
  if (!sites.length) return () => false;
  const index = new KDBush(sites.length);
  for (const [x, y] of sites) index.add(x, y);
  index.finish();
  const box = (lon0: number, lon1: number, lat0: number, lat1: number): number[] => {
    const { mLat, mLon } = metresPerDegree(Math.max(Math.abs(lat0), Math.abs(lat1)));
    const dLon = r / Math.max(mLon, 1e-9);
    const dLat = r / mLat;
    return index.range(Math.min(lon0, lon1) - dLon, Math.min(lat0, lat1) - dLat, Math.max(lon0, lon1) + dLon, Math.max(lat0, lat1) + dLat);
  };
  const segmentNear = (a: Pos, b: Pos): boolean => {
    for (const i of box(a[0], b[0], a[1], b[1])) {
      const [sx, sy] = sites[i];
      const fr = frameAt(sx, sy);
      const [ax, ay] = toXY(fr, a[0], a[1]);
      const [bx, by] = toXY(fr, b[0], b[1]);
      if (pointSegmentDistance(0, 0, ax, ay, bx, by) <= r) return true;
    }
    return false;
  };
  const lineNear = (line: Pos[]): boolean => {
    if (line.length === 1) return segmentNear(line[0], line[0]);
    for (let i = 1; i < line.length; i++) if (segmentNear(line[i - 1], line[i])) return true;
    return false;
  };
  const polygonNear = (rings: Pos[][]): boolean => {
    if (rings.some(lineNear)) return true;
    // A site inside the polygon is at distance 0.
    const xs = rings[0].map((p) => p[0]);
    const ys = rings[0].map((p) => p[1]);
    for (const i of index.range(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)))
      if (insidePolygon(sites[i], rings)) return true;
    return false;
  };
  return (g) => {
    const c = g.coordinates as unknown;
    switch (g.type) {
      case 'Point':
        return segmentNear(c as Pos, c as Pos);
      case 'MultiPoint':
        return (c as Pos[]).some((p) => segmentNear(p, p));
      case 'LineString':
        return lineNear(c as Pos[]);
      case 'MultiLineString':
        return (c as Pos[][]).some(lineNear);
      case 'Polygon':
        return polygonNear(c as Pos[][]);
      case 'MultiPolygon':
        return (c as Pos[][][]).some(polygonNear);
      default:
        return false;
    }
  };
}

function insideRing(p: [number, number], ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insidePolygon(p: [number, number], rings: Pos[][]): boolean {
  return insideRing(p, rings[0]) && !rings.slice(1).some((h) => insideRing(p, h));
}

/** A thresholds object without its confidential members (unit prices, costs), at any depth. */
export function redactThresholds(t: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!t) return null;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (!isConfidentialField(k)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(t) as Record<string, unknown>;
}

/** The export metadata as `profile` may show it: outside the internal profile, thresholds lose their unit prices. */
export function metaForProfile(meta: ExportMeta, profile: ExportProfile): ExportMeta {
  if (profile.kind === 'full') return meta;
  return { ...meta, thresholds: redactThresholds(meta.thresholds ?? null) };
}
