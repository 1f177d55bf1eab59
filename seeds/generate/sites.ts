/**
 * Antenna sites of the four carriers and a tower company, following population, with the
 * sharing cases the analysis must find: cross-carrier pairs within 100 m in wards and 400 m in
 * communes, tall towers near Cát Bi airport, and bulky A2a masts inside A1-only zones.
 */
import { offsetM } from '../../src/core/geo/ellipsoid';
import { CARRIERS, type AssetCode, type Owner } from '../../src/core/model/taxonomy';
import type { Commune } from '../base';
import { Ctx, feature, pad, r7 } from './context';
import { pickWeighted } from './networks';
import { cellSteps } from './popcells';
import type { GeoFeature } from '../../src/core/io/fgb';

export const BASE_SITE_COUNT = 4600;
export const CAT_BI = { lon: 106.7247, lat: 20.8194, runwayBearingDeg: 70, runwayLengthM: 3050 };

const SITE_OWNERS: [Owner, number][] = [
  ['Viettel', 0.32],
  ['VNPT', 0.24],
  ['MobiFone', 0.22],
  ['Vietnamobile', 0.08],
  ['TowerCo', 0.14],
];
const URBAN_CODES: [AssetCode, number][] = [
  ['ANT_A1A', 0.38],
  ['ANT_A1B', 0.1],
  ['ANT_A2A', 0.42],
  ['ANT_A2B', 0.1],
];
const RURAL_CODES: [AssetCode, number][] = [
  ['ANT_A2B', 0.74],
  ['ANT_A2A', 0.14],
  ['ANT_A1A', 0.06],
  ['ANT_A1B', 0.06],
];

export class SiteMaker {
  readonly sites: GeoFeature[] = [];
  constructor(private ctx: Ctx) {}

  make(lon: number, lat: number, c: Commune, code: AssetCode, owner: Owner, opts: { height?: number; tag?: string } = {}): GeoFeature {
    const { rng } = this.ctx;
    const urban = c.type === 'phuong';
    let host = 0;
    let height: number;
    let structure: string;
    switch (code) {
      case 'ANT_A1A':
        host = rng.range(12, 45);
        // Mostly compliant (h <= min(0.2 H, 3 m)); about 6% are mis-coded and R4 must catch them.
        height = rng.chance(0.06) ? rng.range(3.5, 6) : Math.min(3, 0.2 * host) * rng.range(0.5, 1);
        structure = rng.chance(0.5) ? 'camouflaged' : 'rooftop_mast';
        break;
      case 'ANT_A1B':
        height = rng.range(8, 18);
        structure = 'camouflaged';
        break;
      case 'ANT_A2A':
        host = rng.range(10, 40);
        height = rng.range(6, 21);
        structure = 'rooftop_mast';
        break;
      default:
        height = rng.range(25, 60);
        structure = rng.chance(0.7) ? 'self_supporting' : rng.chance(0.5) ? 'guyed' : 'monopole';
    }
    if (opts.height !== undefined) height = opts.height;
    const tenants: string[] = owner === 'TowerCo' ? [] : [owner];
    const extra = owner === 'TowerCo' ? rng.int(1, 3) : code === 'ANT_A2B' ? (rng.chance(0.35) ? rng.int(1, 2) : 0) : rng.chance(0.1) ? 1 : 0;
    for (let k = 0; k < extra; k++) {
      const t = rng.pick(CARRIERS);
      if (!tenants.includes(t)) tenants.push(t);
    }
    const tech = rng.chance(urban ? 0.62 : 0.38) ? '4G,5G' : '4G';
    const f = feature(
      { type: 'Point', coordinates: [r7(lon), r7(lat)] },
      {
        id: `site-${pad(this.sites.length, 6)}`,
        code,
        owner,
        status: 'existing',
        phase: 'baseline',
        commune_code: c.code,
        name: opts.tag ?? '',
        height_m: Math.round(height * 10) / 10,
        host_building_height_m: host ? Math.round(host * 10) / 10 : null,
        structure,
        tech,
        tenants: tenants.join(','),
        shared: tenants.length > 1,
        sharing_capacity_left: code === 'ANT_A2B' ? rng.int(0, 3) : rng.int(0, 1),
        year_built: rng.int(2006, 2025),
        synthetic: true,
      },
    );
    this.sites.push(f);
    return f;
  }
}

export function generateSites(ctx: Ctx): GeoFeature[] {
  const { rng, cells, base } = ctx;
  const maker = new SiteMaker(ctx);
  const { dLon, dLat } = cellSteps();
  // Population to the power 0.8: cities get more sites, villages still get coverage.
  const cum = new Float64Array(cells.length);
  let acc = 0;
  cells.forEach((c, i) => (cum[i] = acc += Math.pow(c.population, 0.8)));
  const n = BASE_SITE_COUNT * ctx.scale;
  for (let k = 0; k < n; k++) {
    const cell = cells[rng.weighted(cum)];
    const lon = cell.lon + rng.range(-0.45, 0.45) * dLon;
    const lat = cell.lat + rng.range(-0.45, 0.45) * dLat;
    const c = ctx.communeAt(lon, lat) ?? base.communes[cell.commune];
    const [x, y] = ctx.communeAt(lon, lat) ? [lon, lat] : [cell.lon, cell.lat];
    maker.make(x, y, c, pickWeighted(ctx, c.type === 'phuong' ? URBAN_CODES : RURAL_CODES), pickWeighted(ctx, SITE_OWNERS));
  }

  // Sharing cases: another carrier's site close to an existing one.
  const pairs = [
    { type: 'phuong', count: 140 * ctx.scale, min: 15, max: 95 },
    { type: 'xa', count: 90 * ctx.scale, min: 100, max: 390 },
  ];
  const existing = maker.sites.slice();
  for (const p of pairs) {
    let made = 0;
    for (let guard = 0; made < p.count && guard < p.count * 50; guard++) {
      const s = existing[rng.int(0, existing.length - 1)];
      const c = base.communes.find((cc) => cc.code === s.properties.commune_code)!;
      if ((c.type === 'phuong') !== (p.type === 'phuong')) continue;
      const [lon0, lat0] = s.geometry.coordinates as number[];
      const d = rng.range(p.min, p.max);
      const a = rng.range(0, 2 * Math.PI);
      const [x, y] = offsetM(lon0, lat0, d * Math.cos(a), d * Math.sin(a));
      const cc = ctx.communeAt(x, y);
      if (!cc) continue;
      const other = CARRIERS.filter((o) => o !== s.properties.owner);
      maker.make(x, y, cc, (s.properties.code as AssetCode) === 'ANT_A2B' ? 'ANT_A2B' : 'ANT_A2A', rng.pick(other), { tag: 'sharing-case' });
      made++;
    }
  }

  // Tall towers near Cát Bi airport (aviation rule R5). Redraw a point over water rather than
  // snapping it to land: the nearest land cell can lie outside the aviation zone.
  for (let k = 0; k < 6; k++) {
    let p: [number, number] | null = null;
    for (let tries = 0; tries < 50 && !p; tries++) {
      const d = rng.range(1200, 3800);
      const a = rng.range(0, 2 * Math.PI);
      const q = offsetM(CAT_BI.lon, CAT_BI.lat, d * Math.cos(a), d * Math.sin(a));
      if (ctx.communeAt(q[0], q[1])) p = q;
    }
    if (!p) continue;
    const [x, y] = p;
    const c = ctx.communeAt(x, y)!;
    maker.make(x, y, c, 'ANT_A2B', pickWeighted(ctx, SITE_OWNERS), { height: Math.round(rng.range(46, 68)), tag: 'near-airport' });
  }

  // Bulky rooftop masts inside the 200 m A1-only zones around ward committee seats (R3).
  const wards = base.communes.filter((c) => c.type === 'phuong');
  for (let k = 0; k < 14; k++) {
    const c = wards[(k * 7) % wards.length];
    const d = rng.range(40, 170);
    const a = rng.range(0, 2 * Math.PI);
    const [x, y] = offsetM(c.seat[0], c.seat[1], d * Math.cos(a), d * Math.sin(a));
    const cc = ctx.communeAt(x, y);
    if (!cc) continue;
    maker.make(x, y, cc, 'ANT_A2A', pickWeighted(ctx, SITE_OWNERS), { tag: 'in-a1-zone' });
  }
  return maker.sites;
}
