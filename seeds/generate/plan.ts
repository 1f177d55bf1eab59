/**
 * A small demo plan (2030 proposals, 2040 outlook) so the analysis has something to find on
 * first open: corridors that reuse existing ducts or are new build, and new sites, some too
 * close to another carrier's existing site (must share instead).
 */
import KDBush from 'kdbush';
import { distanceM, offsetM } from '../../src/core/geo/ellipsoid';
import { CARRIERS } from '../../src/core/model/taxonomy';
import { Ctx, feature, pad, r7 } from './context';
import type { GeoFeature } from '../../src/core/io/fgb';

export interface PlanDoc {
  type: 'FeatureCollection';
  metadata: Record<string, unknown>;
  features: GeoFeature[];
}

export function generatePlan(ctx: Ctx, ducts: GeoFeature[], sites: GeoFeature[], aerial: GeoFeature[], service: GeoFeature[] = [], datacentres: GeoFeature[] = []): PlanDoc {
  const { rng, base } = ctx;
  const features: GeoFeature[] = [];
  const corridor = (coords: number[][], owner: string, phase: string, name: string) =>
    features.push(
      feature(
        { type: 'LineString', coordinates: coords.map(([x, y]) => [r7(x), r7(y)]) },
        { id: `plan-cor-${pad(features.length + 1, 3)}`, code: 'CORRIDOR', owner, status: 'planned', phase, commune_code: ctx.communeAt(coords[0][0], coords[0][1])?.code ?? '', name },
      ),
    );
  // Corridors along existing urban ducts (reuse), shifted 4 m as a drawn line would be.
  const urbanDucts = ducts.filter((d) => d.properties.road_class === 'urban_main' && (d.properties.length_m as number) > 1500);
  for (let k = 0; k < 3 && urbanDucts.length; k++) {
    const d = urbanDucts[(k * 37) % urbanDucts.length];
    const coords = (d.geometry.coordinates as number[][]).map(([x, y]) => offsetM(x, y, 3, 3));
    corridor(coords, k === 0 ? 'shared' : rng.pick(CARRIERS), '2030', `Tuyến dùng chung ${k + 1} (dọc cống hiện có)`);
  }
  // New-build corridors between committee seats of communes.
  const rural = base.communes.filter((c) => c.type === 'xa');
  for (let k = 0; k < 3; k++) {
    const a = rural[(k * 11) % rural.length];
    const b = rural[(k * 11 + 5) % rural.length];
    const mid = ctx.toLand((a.seat[0] + b.seat[0]) / 2, (a.seat[1] + b.seat[1]) / 2);
    corridor([a.seat, mid, b.seat], k === 2 ? 'shared' : rng.pick(CARRIERS), k === 2 ? '2040' : '2030', `Tuyến mới ${a.short_name} – ${b.short_name}`);
  }
  // A VNPT corridor along part of the first shared one: a joint-build opportunity.
  const first = features[0];
  if (first) {
    const c = first.geometry.coordinates as number[][];
    const half = c.slice(0, Math.max(2, Math.ceil(c.length / 2) + 1)).map(([x, y]) => offsetM(x, y, -5, 2));
    corridor(half, 'VNPT', '2030', 'Tuyến VNPT đi chung tuyến dùng chung 1');
  }
  // A planned road through a new urban area with no duct yet (R9).
  const seatB = base.communes.filter((c) => c.type === 'phuong')[5];
  const road = [offsetM(seatB.seat[0], seatB.seat[1], -1500, 900), offsetM(seatB.seat[0], seatB.seat[1], 1500, 1300)].map((p) => ctx.toLand(p[0], p[1]));
  features.push(
    feature(
      { type: 'LineString', coordinates: road.map(([x, y]) => [r7(x), r7(y)]) },
      { id: 'plan-road-001', code: 'ROAD', owner: 'city', status: 'planned', phase: '2030', commune_code: seatB.code, name: 'Đường quy hoạch mới (chưa có cống bể)', road_class: 'urban_main' },
    ),
  );
  // Two new poles on a road that already carries an aerial route (R6).
  const routeCoords = aerial[Math.floor(aerial.length / 3)]?.geometry.coordinates as number[][] | undefined;
  if (routeCoords)
    for (let k = 0; k < 2; k++) {
      const [x, y] = offsetM(routeCoords[0][0], routeCoords[0][1], 4 + k * 35, 3);
      features.push(
        feature(
          { type: 'Point', coordinates: [r7(x), r7(y)] },
          { id: `plan-pole-${pad(k + 1, 3)}`, code: 'POLE_TELECOM', owner: 'Viettel', status: 'planned', phase: '2030', commune_code: ctx.communeAt(x, y)?.code ?? '', height_m: 7 },
        ),
      );
    }
  // New sites: three within 100 m of another carrier's site in a ward, the rest in gaps.
  const wardSites = sites.filter((s) => base.communes.find((c) => c.code === s.properties.commune_code)?.type === 'phuong');
  for (let k = 0; k < 8; k++) {
    const s = wardSites[(k * 101) % wardSites.length];
    const [x0, y0] = s.geometry.coordinates as number[];
    const close = k < 3;
    const d = close ? rng.range(30, 80) : rng.range(600, 1500);
    const a = rng.range(0, 2 * Math.PI);
    const [x, y] = ctx.toLand(...offsetM(x0, y0, d * Math.cos(a), d * Math.sin(a)));
    const owner = CARRIERS.find((o) => o !== s.properties.owner)!;
    features.push(
      feature(
        { type: 'Point', coordinates: [r7(x), r7(y)] },
        {
          id: `plan-site-${pad(k + 1, 3)}`,
          code: k % 2 ? 'ANT_A1A' : 'ANT_A2A',
          owner,
          status: 'planned',
          phase: k < 6 ? '2030' : '2040',
          commune_code: ctx.communeAt(x, y)!.code,
          name: `Trạm đề xuất ${k + 1}`,
          height_m: k % 2 ? 2.5 : 12,
          host_building_height_m: 20,
          structure: 'rooftop_mast',
          tech: '4G,5G',
          tenants: owner,
        },
      ),
    );
  }
  features.push(...plan317Actions(ctx, sites, service, datacentres));
  return {
    type: 'FeatureCollection',
    metadata: {
      name: 'Phương án minh hoạ 2030 (tầm nhìn 2040)',
      author: 'hatang seed',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
      synthetic: true,
    },
    features,
  };
}

/** An action on an existing asset, as the inspector records it: a copy pointing at it with ref_id. */
function action(id: string, f: GeoFeature, act: 'upgrade', phase: string, extra: Record<string, unknown> = {}): GeoFeature {
  const props: Record<string, unknown> = { ...f.properties, ...extra, id, ref_id: f.properties.id, action: act, status: 'upgrade', phase };
  delete props.synthetic;
  return feature(structuredClone(f.geometry), props);
}

/**
 * Steps towards the Plan 317 targets, so the scorecard moves on first open: the city's data
 * centre upgraded and two green candidates proposed (2030); free Wi-Fi at the committee seats
 * that lack it (about half by 2030, the rest by 2040); 5G on 4G-only ward sites far from any 5G
 * site (2030, then 2040).
 */
function plan317Actions(ctx: Ctx, sites: GeoFeature[], service: GeoFeature[], datacentres: GeoFeature[]): GeoFeature[] {
  const out: GeoFeature[] = [];
  const city = datacentres.find((d) => d.properties.status === 'existing' && d.properties.upgrade === true);
  if (city) out.push(action('plan-act-001', city, 'upgrade', '2030', { pue: 1.4 }));
  const green = datacentres.filter((d) => d.properties.status === 'candidate' && d.properties.land_available === true && (d.properties.pue as number) <= 1.4).slice(0, 2);
  green.forEach((d, k) => {
    const props: Record<string, unknown> = { ...d.properties, id: `plan-dc-${pad(k + 1, 3)}`, ref_id: d.properties.id, action: 'propose', status: 'planned', phase: '2030', name: String(d.properties.name).replace(/^Ứng viên: /, 'TTDL xanh ') };
    delete props.synthetic;
    out.push(feature(structuredClone(d.geometry), props));
  });
  // Seats without a free Wi-Fi point within 100 m (the indicator's default).
  const wifi = service.filter((f) => f.properties.subtype === 'wifi' && f.properties.free === true).map((f) => f.geometry.coordinates as number[]);
  const lacking = ctx.base.communes.filter((c) => !wifi.some(([x, y]) => distanceM(x, y, c.seat[0], c.seat[1]) <= 100));
  lacking.forEach((c, k) => {
    const [x, y] = offsetM(c.seat[0], c.seat[1], 20, 10);
    out.push(
      feature(
        { type: 'Point', coordinates: [r7(x), r7(y)] },
        { id: `plan-wifi-${pad(k + 1, 3)}`, code: 'SVC_UNSTAFFED', owner: 'VNPT', status: 'planned', phase: k < lacking.length / 2 ? '2030' : '2040', commune_code: c.code, name: `Wi-Fi miễn phí UBND ${c.short_name}`, subtype: 'wifi', free: true },
      ),
    );
  });
  // 4G-only ward sites with no 5G site within 400 m, in id order.
  const five = sites.filter((f) => String(f.properties.tech).includes('5G'));
  const idx = new KDBush(Math.max(1, five.length));
  for (const f of five) idx.add(...(f.geometry.coordinates as [number, number]));
  if (five.length === 0) idx.add(0, 0);
  idx.finish();
  const ward = new Set(ctx.base.communes.filter((c) => c.type === 'phuong').map((c) => c.code));
  const lonely = sites
    .filter((f) => !String(f.properties.tech).includes('5G') && ward.has(String(f.properties.commune_code)))
    .filter((f) => {
      const [x, y] = f.geometry.coordinates as number[];
      const d = 400 / 100_000;
      return !idx.range(x - d * 1.1, y - d, x + d * 1.1, y + d).some((i) => i < five.length && distanceM(x, y, ...(five[i].geometry.coordinates as [number, number])) <= 400);
    })
    .sort((a, b) => String(a.properties.id).localeCompare(String(b.properties.id)))
    .slice(0, 60);
  lonely.forEach((f, k) => out.push(action(`plan-act-${pad(k + 2, 3)}`, f, 'upgrade', k < 30 ? '2030' : '2040', { tech: '4G,5G' })));
  return out;
}
