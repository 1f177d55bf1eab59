/**
 * R1 co-location: antenna sites of different owners closer than the sharing distance of the
 * area (ward 100 m, commune or special zone 400 m) of at least one of the two, grouped into
 * clusters (connected components: consolidation candidates). A planned site within that
 * distance of an existing site must share it instead.
 */
import { distanceM, metresPerDegree } from '../geo/ellipsoid';
import type { Context, SiteRow } from './context';
import { RULE_SOURCES, type AnalysisParams } from './params';
import type { Cluster, Finding } from './types';

export function shareDistance(s: SiteRow, p: AnalysisParams): number {
  const d = p.shareDistance_m as Record<string, number>;
  return d[s.area] ?? p.shareDistance_m.xa;
}

function maxShare(p: AnalysisParams): number {
  return Math.max(p.shareDistance_m.phuong, p.shareDistance_m.xa, p.shareDistance_m.dac_khu);
}

/** Candidate neighbours of a point within r metres, exact distance checked by the caller. */
export function sitesWithin(ctx: Context, lon: number, lat: number, r: number): number[] {
  const { mLat, mLon } = metresPerDegree(lat);
  const dx = (r / mLon) * 1.01;
  const dy = (r / mLat) * 1.01;
  return ctx.siteIndex.range(lon - dx, lat - dy, lon + dx, lat + dy).filter((i) => i < ctx.sites.length);
}

export interface Pair {
  a: number;
  b: number;
  d: number;
}

/** Qualifying cross-owner pairs among the existing sites (a < b). */
export function colocationPairs(ctx: Context, p: AnalysisParams): Pair[] {
  const R = maxShare(p);
  const pairs: Pair[] = [];
  const sites = ctx.sites;
  for (let a = 0; a < sites.length; a++) {
    const sa = sites[a];
    for (const b of sitesWithin(ctx, sa.lon, sa.lat, R)) {
      if (b <= a) continue;
      const sb = sites[b];
      if (sa.owner === sb.owner) continue;
      const d = distanceM(sa.lon, sa.lat, sb.lon, sb.lat);
      if (d < Math.max(shareDistance(sa, p), shareDistance(sb, p))) pairs.push({ a, b, d });
    }
  }
  return pairs;
}

/**
 * Largest distance between two members. All pairs for small clusters; for large ones (dense
 * data chains sites into components of tens of thousands, where all pairs took minutes) only
 * the vertices of the convex hull, built in a local metric frame at the cluster's mean
 * latitude: the farthest pair of a point set is always a pair of hull vertices.
 */
export function diameter(sites: { lon: number; lat: number }[]): number {
  let pts = sites;
  if (sites.length > 64) {
    const { mLat, mLon } = metresPerDegree(sites.reduce((s, x) => s + x.lat, 0) / sites.length);
    const xy = sites.map((s) => ({ s, x: s.lon * mLon, y: s.lat * mLat })).sort((a, b) => a.x - b.x || a.y - b.y);
    const cross = (o: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    const lower: typeof xy = [];
    for (const p of xy) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
      lower.push(p);
    }
    const upper: typeof xy = [];
    for (let i = xy.length - 1; i >= 0; i--) {
      const p = xy[i];
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
      upper.push(p);
    }
    pts = [...lower, ...upper].map((p) => p.s);
  }
  let maxD = 0;
  for (let i = 0; i < pts.length; i++)
    for (let j = i + 1; j < pts.length; j++) maxD = Math.max(maxD, distanceM(pts[i].lon, pts[i].lat, pts[j].lon, pts[j].lat));
  return maxD;
}

export function clusters(ctx: Context, pairs: Pair[]): Cluster[] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    while (parent.get(x)! !== r) {
      const n = parent.get(x)!;
      parent.set(x, r);
      x = n;
    }
    return r;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, number[]>();
  for (const x of [...parent.keys()].sort((p, q) => p - q)) {
    const r = find(x);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(x);
  }
  const out: Cluster[] = [];
  for (const members of groups.values()) {
    const sites = members.map((i) => ctx.sites[i]);
    const maxD = diameter(sites);
    const ids = sites.map((s) => s.id).sort();
    out.push({
      id: `cluster:${ids[0]}`,
      sites: ids,
      owners: [...new Set(sites.map((s) => s.owner))].sort(),
      maxDistance_m: Math.round(maxD * 10) / 10,
      lon: sites.reduce((s, x) => s + x.lon, 0) / sites.length,
      lat: sites.reduce((s, x) => s + x.lat, 0) / sites.length,
    });
  }
  return out.sort((p, q) => q.sites.length - p.sites.length || p.id.localeCompare(q.id));
}

/** A planned site near an existing one: "share site X instead" (nearest qualifying site). */
export function plannedSiteSharing(site: SiteRow, ctx: Context, p: AnalysisParams): Finding | null {
  let best: { s: SiteRow; d: number; limit: number } | null = null;
  for (const i of sitesWithin(ctx, site.lon, site.lat, maxShare(p))) {
    const s = ctx.sites[i];
    if (s.id === site.id || s.status === 'planned') continue;
    const d = distanceM(site.lon, site.lat, s.lon, s.lat);
    const limit = Math.max(shareDistance(site, p), shareDistance(s, p));
    if (d < limit && (!best || d < best.d)) best = { s, d, limit };
  }
  if (!best) return null;
  const d = Math.round(best.d);
  return {
    id: `R1:${site.id}`,
    rule: 'R1',
    severity: 'error',
    featureIds: [site.id, best.s.id],
    value: Math.round(best.d * 10) / 10,
    threshold: best.limit,
    message: {
      vi: `Trạm đề xuất ${site.id} cách trạm hiện có ${best.s.id} (${best.s.owner}) ${d} m < ${best.limit} m: dùng chung trạm ${best.s.id} thay vì xây mới.`,
      en: `Proposed site ${site.id} is ${d} m from existing site ${best.s.id} (${best.s.owner}), under ${best.limit} m: share site ${best.s.id} instead of building.`,
    },
    source: RULE_SOURCES.R1,
    lon: site.lon,
    lat: site.lat,
  };
}

export function clusterFindings(cs: Cluster[], p: AnalysisParams, ctx?: Context): Finding[] {
  const byId = ctx ? new Map(ctx.sites.map((s) => [s.id, s])) : null;
  // The sharing distance that applies: the widest of the members' areas.
  const limit = (c: Cluster) => (byId ? Math.max(...c.sites.map((id) => (byId.get(id) ? shareDistance(byId.get(id)!, p) : 0))) : p.shareDistance_m.xa);
  return cs.map((c) => ({
    id: `R1:${c.id}`,
    rule: 'R1' as const,
    severity: 'info' as const,
    featureIds: c.sites,
    value: c.maxDistance_m,
    threshold: limit(c),
    message: {
      vi: `Cụm ${c.sites.length} trạm của ${c.owners.join(', ')} cách nhau tối đa ${Math.round(c.maxDistance_m)} m: có thể hợp nhất, dùng chung.`,
      en: `Cluster of ${c.sites.length} sites of ${c.owners.join(', ')}, at most ${Math.round(c.maxDistance_m)} m apart: candidate for consolidation and sharing.`,
    },
    source: RULE_SOURCES.R1,
    lon: c.lon,
    lat: c.lat,
  }));
}
