/** R6: no new cable poles on roads that already carry poles (an existing aerial route). */
import { frameAt, pointSegmentDistance, toXY } from '../geo/segment';
import type { GeoFeature } from '../io/fgb';
import { segmentsNear, type Context } from './context';
import type { AnalysisParams } from './params';
import { finding, fmt } from './finding';
import type { Finding } from './types';

export function checkPlannedPole(pole: GeoFeature, ctx: Context, p: AnalysisParams): Finding | null {
  const code = String(pole.properties.code);
  if ((code !== 'POLE_TELECOM' && code !== 'POLE_POWER_SHARED') || pole.geometry.type !== 'Point') return null;
  const [lon, lat] = pole.geometry.coordinates as number[];
  const f = frameAt(lon, lat);
  let best = Infinity;
  let route = '';
  for (const s of segmentsNear(ctx.aerial, lon, lat, lon, lat, p.poleRoad_m)) {
    const c = ctx.aerial.coords;
    const [cx, cy] = toXY(f, c[4 * s], c[4 * s + 1]);
    const [dx, dy] = toXY(f, c[4 * s + 2], c[4 * s + 3]);
    const d = pointSegmentDistance(0, 0, cx, cy, dx, dy);
    if (d < best) {
      best = d;
      route = ctx.aerial.ids[ctx.aerial.feature[s]];
    }
  }
  if (best > p.poleRoad_m) return null;
  const id = String(pole.properties.id);
  return finding(
    'R6',
    'error',
    [id, route],
    best,
    p.poleRoad_m,
    `Cột mới ${id} cách tuyến cáp treo hiện có ${route} ${fmt(best)} m: tuyến đường đã có cột, không dựng cột mới (treo chung).`,
    `New pole ${id} is ${fmt(best)} m from existing aerial route ${route}: the road already has poles; share them instead.`,
    lon,
    lat,
  );
}
