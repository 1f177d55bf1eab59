/** Management zones: A1-only discs around ward seats, the Cát Bi aviation zone, industrial zones. */
import { metresPerDegree } from '../../src/core/geo/ellipsoid';
import { circleRing, multiPolygonAreaM2, type Ring } from '../../src/core/geo/polygon';
import { Ctx, feature, pad, r7 } from './context';
import { CAT_BI } from './sites';
import type { GeoFeature } from '../../src/core/io/fgb';

export const A1_ZONE_RADIUS_M = 200;
export const AVIATION_RADIUS_M = 4000;
export const AVIATION_HEIGHT_LIMIT_M = 45;

/** A stadium (runway buffered by r), counter-clockwise and closed. */
function stadium(lon: number, lat: number, bearingDeg: number, lengthM: number, r: number): Ring {
  const { mLat, mLon } = metresPerDegree(lat);
  const b = (bearingDeg * Math.PI) / 180;
  const ux = Math.sin(b);
  const uy = Math.cos(b);
  const half = lengthM / 2;
  const ring: Ring = [];
  const arc = (cx: number, cy: number, a0: number) => {
    for (let k = 0; k <= 16; k++) {
      const a = a0 + (Math.PI * k) / 16;
      ring.push([r7(lon + (cx + r * Math.cos(a)) / mLon), r7(lat + (cy + r * Math.sin(a)) / mLat)]);
    }
  };
  const heading = Math.atan2(uy, ux);
  arc(half * ux, half * uy, heading - Math.PI / 2);
  arc(-half * ux, -half * uy, heading + Math.PI / 2);
  ring.push(ring[0]);
  return ring;
}

const IZ: [string, number, number, number][] = [
  ['KCN Đình Vũ', 106.765, 20.838, 1100],
  ['KCN Tràng Duệ', 106.525, 20.868, 900],
  ['KCN VSIP Hải Phòng', 106.655, 20.915, 1000],
  ['KCN Nomura', 106.585, 20.873, 600],
  ['KCN Đại An', 106.36, 20.925, 800],
  ['KCN Nam Sách', 106.33, 20.995, 600],
  ['KCN Phúc Điền', 106.265, 20.92, 700],
  ['KCN Tân Trường', 106.215, 20.925, 700],
  ['KCN Nam Đình Vũ', 106.8, 20.82, 1000],
  ['KCN Bình Giang (quy hoạch)', 106.18, 20.86, 500],
];

export function generateZones(ctx: Ctx): GeoFeature[] {
  const out: GeoFeature[] = [];
  for (const c of ctx.base.communes.filter((x) => x.type === 'phuong')) {
    out.push(
      feature(
        { type: 'Polygon', coordinates: [circleRing(c.seat[0], c.seat[1], A1_ZONE_RADIUS_M, 32)] },
        {
          id: `zone-a1-${c.code}`,
          code: 'ZONE_A1_ONLY',
          owner: 'city',
          status: 'existing',
          phase: 'baseline',
          commune_code: c.code,
          name: `Khu chỉ A1: UBND ${c.short_name}`,
          reason: 'Bán kính 200 m quanh trụ sở UBND',
          height_limit_m: null,
          area_ha: Math.round(Math.PI * A1_ZONE_RADIUS_M ** 2) / 1e4,
          synthetic: true,
        },
      ),
    );
  }
  const ring = stadium(CAT_BI.lon, CAT_BI.lat, CAT_BI.runwayBearingDeg, CAT_BI.runwayLengthM, AVIATION_RADIUS_M);
  out.push(
    feature(
      { type: 'Polygon', coordinates: [ring] },
      {
        id: 'zone-aviation-catbi',
        code: 'ZONE_AVIATION_OLS',
        owner: 'city',
        status: 'existing',
        phase: 'baseline',
        commune_code: ctx.communeAt(CAT_BI.lon, CAT_BI.lat)?.code ?? '',
        name: 'Vùng hạn chế độ cao sân bay Cát Bi (minh hoạ)',
        reason: 'Bề mặt giới hạn chướng ngại vật (đơn giản hoá)',
        height_limit_m: AVIATION_HEIGHT_LIMIT_M,
        area_ha: Math.round(multiPolygonAreaM2([[ring]]) / 1e4),
        synthetic: true,
      },
    ),
  );
  IZ.forEach(([name, lon, lat, ha], i) => {
    const [x, y] = ctx.toLand(lon, lat);
    const { mLat, mLon } = metresPerDegree(y);
    const side = Math.sqrt(ha * 1e4);
    const w = (side * 1.3) / 2 / mLon;
    const h = side / 1.3 / 2 / mLat;
    const ring: Ring = [
      [r7(x - w), r7(y - h)],
      [r7(x + w), r7(y - h)],
      [r7(x + w), r7(y + h)],
      [r7(x - w), r7(y + h)],
      [r7(x - w), r7(y - h)],
    ];
    out.push(
      feature(
        { type: 'Polygon', coordinates: [ring] },
        {
          id: `zone-iz-${pad(i + 1, 2)}`,
          code: 'ZONE_IZ',
          owner: 'city',
          status: 'existing',
          phase: 'baseline',
          commune_code: ctx.communeAt(x, y)!.code,
          name: `${name} (minh hoạ)`,
          reason: '',
          height_limit_m: null,
          area_ha: ha,
          synthetic: true,
        },
      ),
    );
  });
  return out;
}
