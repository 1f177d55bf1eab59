/** R5: structures >= 45 m need aviation marking; any site inside the airport zone above its limit. */
import type { Context, SiteRow } from './context';
import type { AnalysisParams } from './params';
import { finding, fmt } from './finding';
import type { Finding } from './types';

export function checkAviation(site: SiteRow, ctx: Context, p: AnalysisParams): Finding[] {
  if (!(site.height > 0)) return [];
  const out: Finding[] = [];
  const z = ctx.aviationIndex.find(site.lon, site.lat);
  if (z >= 0 && site.height > ctx.aviation[z].limit) {
    const zone = ctx.aviation[z];
    out.push(
      finding(
        'R5',
        'error',
        [site.id, zone.id],
        site.height,
        zone.limit,
        `${site.id} cao ${fmt(site.height)} m trong vùng hạn chế độ cao ${zone.id} (giới hạn ${zone.limit} m): cần chấp thuận độ cao.`,
        `${site.id} is ${fmt(site.height)} m tall inside height-limit zone ${zone.id} (limit ${zone.limit} m): needs height approval.`,
        site.lon,
        site.lat,
      ),
    );
  } else if (site.height >= p.aviationMarking_m) {
    out.push(
      finding(
        'R5',
        'info',
        [site.id],
        site.height,
        p.aviationMarking_m,
        `${site.id} cao ${fmt(site.height)} m ≥ ${p.aviationMarking_m} m: phải đánh dấu chướng ngại vật hàng không.`,
        `${site.id} is ${fmt(site.height)} m tall (≥ ${p.aviationMarking_m} m): needs aviation obstacle marking.`,
        site.lon,
        site.lat,
      ),
    );
  }
  return out;
}
