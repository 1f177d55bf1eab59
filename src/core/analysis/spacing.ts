/** R2: minimum spacing between bulky columns (A2a by height, A2b), urban / non-urban. */
import { distanceM } from '../geo/ellipsoid';
import type { Context, SiteRow } from './context';
import type { AnalysisParams } from './params';
import { sitesWithin } from './sharing';
import { finding, fmt } from './finding';
import type { Finding } from './types';

export const isBulky = (code: string) => code === 'ANT_A2A' || code === 'ANT_A2B' || code === 'ANT_A2C';

export function requiredSpacing(s: SiteRow, p: AnalysisParams): number {
  const urban = s.area === 'phuong' ? 0 : 1;
  if (s.code === 'ANT_A2B') return p.spacing_m.a2b[urban];
  return (s.height > p.a2aHighAbove_m ? p.spacing_m.a2a_high : p.spacing_m.a2a_low)[urban];
}

/** A planned bulky column closer than its required spacing to another bulky column. */
export function checkSpacing(site: SiteRow, ctx: Context, others: SiteRow[], p: AnalysisParams): Finding | null {
  if (!isBulky(site.code)) return null;
  const own = requiredSpacing(site, p);
  // Either column's rule can be the binding one: a low A2a near an A2b must respect the A2b's 300 m.
  const widest = Math.max(own, p.spacing_m.a2b[0], p.spacing_m.a2b[1], p.spacing_m.a2a_high[0], p.spacing_m.a2a_high[1]);
  let best: { s: SiteRow; d: number; need: number } | null = null;
  const consider = (s: SiteRow) => {
    if (s.id === site.id || !isBulky(s.code)) return;
    const need = Math.max(own, requiredSpacing(s, p));
    const d = distanceM(site.lon, site.lat, s.lon, s.lat);
    if (d < need && (!best || d < best.d)) best = { s, d, need };
  };
  for (const i of sitesWithin(ctx, site.lon, site.lat, widest)) consider(ctx.sites[i]);
  for (const s of others) consider(s);
  if (!best) return null;
  const b = best as { s: SiteRow; d: number; need: number };
  const need = b.need;
  return finding(
    'R2',
    'error',
    [site.id, b.s.id],
    b.d,
    need,
    `Cột cồng kềnh ${site.id} cách cột cồng kềnh ${b.s.id} ${fmt(b.d)} m, nhỏ hơn khoảng cách tối thiểu ${need} m.`,
    `Bulky column ${site.id} is ${fmt(b.d)} m from bulky column ${b.s.id}, under the minimum spacing of ${need} m.`,
    site.lon,
    site.lat,
  );
}
