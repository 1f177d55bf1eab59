/** Stations (POP/OLT), service points (shops, public Wi-Fi), data centres and critical works. */
import { offsetM } from '../../src/core/geo/ellipsoid';
import { CARRIERS } from '../../src/core/model/taxonomy';
import { Ctx, feature, pad, r7 } from './context';
import type { GeoFeature } from '../../src/core/io/fgb';

function near(ctx: Ctx, lon: number, lat: number, minM: number, maxM: number): [number, number] {
  const d = ctx.rng.range(minM, maxM);
  const a = ctx.rng.range(0, 2 * Math.PI);
  return ctx.toLand(...offsetM(lon, lat, d * Math.cos(a), d * Math.sin(a)));
}

function base(ctx: Ctx, id: string, code: string, owner: string, x: number, y: number, extra: Record<string, unknown>): GeoFeature {
  const c = ctx.communeAt(x, y)!;
  return feature(
    { type: 'Point', coordinates: [r7(x), r7(y)] },
    { id, code, owner, status: 'existing', phase: 'baseline', commune_code: c.code, ...extra, synthetic: true },
  );
}

export function generateStations(ctx: Ctx): GeoFeature[] {
  const out: GeoFeature[] = [];
  for (let s = 0; s < ctx.scale; s++)
    for (const c of ctx.base.communes) {
      const n = c.type === 'phuong' ? ctx.rng.int(2, 4) : ctx.rng.int(1, 2);
      for (let k = 0; k < n; k++) {
        const [x, y] = near(ctx, c.seat[0], c.seat[1], 80, c.type === 'phuong' ? 1500 : 2500);
        const subtype = k === 0 && c.type === 'phuong' ? 'POP' : 'OLT';
        out.push(
          base(ctx, `stn-${pad(out.length, 5)}`, 'STATION', ctx.rng.pick(CARRIERS), x, y, {
            name: `${subtype} ${c.short_name} ${k + 1}`,
            subtype,
            ports: subtype === 'POP' ? ctx.rng.pick([48, 96]) : ctx.rng.pick([16, 32, 64]),
          }),
        );
      }
    }
  return out;
}

export function generateService(ctx: Ctx): GeoFeature[] {
  const out: GeoFeature[] = [];
  const { rng } = ctx;
  for (const c of ctx.base.communes) {
    // Free public Wi-Fi at about 70% of committee seats today; the rest is the gap to Plan 317.
    if (rng.chance(0.7)) {
      const [x, y] = near(ctx, c.seat[0], c.seat[1], 5, 60);
      out.push(
        base(ctx, `svc-${pad(out.length, 5)}`, 'SVC_UNSTAFFED', rng.pick(CARRIERS), x, y, {
          name: `Wi-Fi công cộng UBND ${c.short_name}`,
          subtype: 'wifi',
          free: true,
        }),
      );
    }
    const shops = Math.max(1, Math.round((c.population / 16000) * ctx.scale));
    for (let k = 0; k < shops; k++) {
      const [x, y] = near(ctx, c.seat[0], c.seat[1], 100, c.type === 'phuong' ? 1500 : 3000);
      const owner = rng.pick(CARRIERS);
      out.push(base(ctx, `svc-${pad(out.length, 5)}`, 'SVC_STAFFED', owner, x, y, { name: `Cửa hàng ${owner} ${c.short_name}`, subtype: 'shop', free: false }));
    }
    if (rng.chance(0.4)) {
      const [x, y] = near(ctx, c.seat[0], c.seat[1], 200, 2500);
      out.push(base(ctx, `svc-${pad(out.length, 5)}`, 'SVC_UNSTAFFED', rng.pick(CARRIERS), x, y, { name: `Điểm Wi-Fi ${c.short_name}`, subtype: 'wifi', free: rng.chance(0.5) }));
    }
  }
  return out;
}

/** The city's existing data centre, carriers' (illustrative) and candidates for 2-3 new green ones. */
export function generateDataCentres(ctx: Ctx): GeoFeature[] {
  const rows: [string, string, string, number, number, Record<string, unknown>][] = [
    ['dc-001', 'Trung tâm dữ liệu thành phố Hải Phòng', 'city', 106.6835, 20.8585, { status: 'existing', tier: 2, it_mw: 0.6, pue: 1.9, upgrade: true, land_available: false }],
    ['dc-002', 'Viettel IDC Hải Phòng (minh hoạ)', 'Viettel', 106.7012, 20.8443, { status: 'existing', tier: 3, it_mw: 2, pue: 1.7, upgrade: false, land_available: false }],
    ['dc-003', 'VNPT IDC Hải Phòng (minh hoạ)', 'VNPT', 106.6748, 20.8668, { status: 'existing', tier: 3, it_mw: 1.5, pue: 1.75, upgrade: false, land_available: false }],
    ['dc-101', 'Ứng viên: Bắc Sông Cấm (Thủy Nguyên)', 'city', 106.6702, 20.9007, { status: 'candidate', tier: 3, it_mw: 10, pue: 1.35, upgrade: false, land_available: true }],
    ['dc-102', 'Ứng viên: KCN Tràng Duệ', 'TowerCo', 106.5335, 20.8712, { status: 'candidate', tier: 3, it_mw: 20, pue: 1.3, upgrade: false, land_available: true }],
    ['dc-103', 'Ứng viên: Đình Vũ', 'Viettel', 106.7756, 20.8418, { status: 'candidate', tier: 3, it_mw: 15, pue: 1.4, upgrade: false, land_available: true }],
    ['dc-104', 'Ứng viên: KCN Đại An (Hải Dương)', 'VNPT', 106.3556, 20.9186, { status: 'candidate', tier: 3, it_mw: 8, pue: 1.45, upgrade: false, land_available: true }],
    ['dc-105', 'Ứng viên: Tiên Lãng', 'city', 106.5588, 20.7255, { status: 'candidate', tier: 2, it_mw: 5, pue: 1.38, upgrade: false, land_available: false }],
  ];
  return rows.map(([id, name, owner, lon, lat, extra]) => {
    const [x, y] = ctx.toLand(lon, lat);
    const f = base(ctx, id, 'DC', owner, x, y, { name, operator: owner, ...extra });
    if (extra.status === 'candidate') f.properties.phase = '2030';
    return f;
  });
}

/** A few security-critical works (CRIT_SECURITY): never published by a public export. */
export function generateCritical(ctx: Ctx): GeoFeature[] {
  const picks = ctx.base.communes.filter((c) => c.type === 'phuong').filter((_, i) => i % 9 === 0);
  return picks.map((c, i) => {
    const [x, y] = near(ctx, c.seat[0], c.seat[1], 300, 900);
    return base(ctx, `crit-${pad(i + 1, 3)}`, 'CRIT_SECURITY', 'VNPT', x, y, { name: `Công trình quan trọng ${i + 1}`, subtype: 'an ninh quốc gia' });
  });
}
