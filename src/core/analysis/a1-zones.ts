/** R3: bulky (A2) columns inside A1-only zones (200 m around committee seats ...). */
import type { Context, SiteRow } from './context';
import { finding } from './finding';
import { isBulky } from './spacing';
import type { Finding } from './types';

export function checkA1Zone(site: SiteRow, ctx: Context, zoneIds: string[]): Finding | null {
  if (!isBulky(site.code)) return null;
  const z = ctx.a1Zones.index.find(site.lon, site.lat);
  if (z < 0) return null;
  const planned = site.status === 'planned';
  return finding(
    'R3',
    planned ? 'error' : 'warning',
    [site.id, zoneIds[z]],
    1,
    0,
    planned
      ? `Đề xuất cột cồng kềnh ${site.id} (${site.code}) trong khu chỉ cho phép cột A1 ${zoneIds[z]}.`
      : `Cột cồng kềnh ${site.id} (${site.code}) nằm trong khu chỉ cho phép cột A1 ${zoneIds[z]}: cần chuyển đổi sang A1.`,
    planned
      ? `Proposed bulky column ${site.id} (${site.code}) inside A1-only zone ${zoneIds[z]}.`
      : `Bulky column ${site.id} (${site.code}) stands inside A1-only zone ${zoneIds[z]}: convert it to A1.`,
    site.lon,
    site.lat,
  );
}
