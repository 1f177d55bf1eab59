/**
 * Invariants of the default-dataset generator (seeds/): determinism, exact population,
 * counts in the ranges, the sharing/aviation/A1 cases the analysis must find,
 * containment in the city, the per-code schema, the fallback base and the demo plan.
 *
 * Distances that decide thresholds are measured with geographiclib (an ellipsoidal geodesic),
 * independently of src/core/geo/ellipsoid.ts (docs pitfalls #10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import geodesic from 'geographiclib-geodesic';
import { loadBase, type Base } from '../../seeds/base';
import { generateDataset, DEFAULT_SEED, type Dataset } from '../../seeds/generate/index';
import { writeDataset, type Manifest } from '../../seeds/write';
import { findSharedData, REPO_ROOT } from '../../seeds/shared-path';
import factsJson from '../../seeds/facts/communes.json';
import { distanceM, polylineLengthM } from '../../src/core/geo/ellipsoid';
import { PolygonIndex } from '../../src/core/geo/polygon-index';
import { multiPolygonContains, polygonContains, type MultiPolygonCoords, type PolygonCoords } from '../../src/core/geo/polygon';
import { readFgb, type GeoFeature } from '../../src/core/io/fgb';
import { Rng } from '../../src/core/random';
import { ASSET_CODES, LAYERS, OWNERS, PHASES, STATUSES, isAntenna } from '../../src/core/model/taxonomy';
import { validateAsset } from '../../src/core/model/validate';

const WGS84 = geodesic.Geodesic.WGS84;
/** Ellipsoidal geodesic distance in metres (lon/lat order like GeoJSON). */
const geoM = (lon1: number, lat1: number, lon2: number, lat2: number): number => WGS84.Inverse(lat1, lon1, lat2, lon2).s12!;

const ASSET_LAYERS = ['zones', 'ducts', 'aerial', 'manholes', 'poles', 'sites', 'stations', 'service', 'datacentres', 'critical'];
const POINT_ASSET_LAYERS = ['sites', 'poles', 'manholes', 'stations', 'service', 'datacentres', 'critical'];
const LINE_ASSET_LAYERS = ['ducts', 'aerial'];

const shared = findSharedData();
let base: Base;
let ds: Dataset;
let manifest: Manifest;
let outA: string;
const tmpDirs: string[] = [];

function tmp(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `hatang-seed-${tag}-`));
  tmpDirs.push(d);
  return d;
}

function xy(f: GeoFeature): [number, number] {
  const c = f.geometry.coordinates as number[];
  return [c[0], c[1]];
}

function byCode(b: Base) {
  return new Map(b.communes.map((c) => [c.code, c]));
}

beforeAll(() => {
  base = loadBase(shared);
  ds = generateDataset(base, { scale: 1, seed: DEFAULT_SEED });
  outA = tmp('a');
  manifest = writeDataset(ds, base, outA, { seed: DEFAULT_SEED, scale: 1 });
}, 120_000);

afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('determinism', () => {
  it('same seed: a second, independent run writes byte-identical files', () => {
    const base2 = loadBase(shared);
    const ds2 = generateDataset(base2, { scale: 1, seed: DEFAULT_SEED });
    const outB = tmp('b');
    const manifest2 = writeDataset(ds2, base2, outB, { seed: DEFAULT_SEED, scale: 1 });
    const filesA = readdirSync(outA).sort();
    const filesB = readdirSync(outB).sort();
    expect(filesB).toEqual(filesA);
    expect(filesA).toContain('manifest.json');
    expect(filesA).toContain('demo-plan.geojson');
    for (const l of manifest.layers) expect(filesA).toContain(l.file);
    const differing = filesA.filter((f) => !readFileSync(join(outA, f)).equals(readFileSync(join(outB, f))));
    expect(differing).toEqual([]);
    expect(manifest2).toEqual(manifest);
  }, 60_000);

  it('a different seed gives different sites', () => {
    const ds3 = generateDataset(base, { scale: 1, seed: DEFAULT_SEED + 1 });
    const a = new Set(ds.layers.sites.map((f) => xy(f).join(',')));
    const same = ds3.layers.sites.filter((f) => a.has(xy(f).join(','))).length;
    expect(ds3.layers.sites.length).toBeGreaterThan(0);
    expect(same / ds3.layers.sites.length).toBeLessThan(0.01);
    // The geography itself does not depend on the seed.
    expect(ds3.layers.communes).toEqual(ds.layers.communes);
  }, 60_000);

  it('FlatGeobuf files read back to the in-memory features (nulls come back absent)', async () => {
    for (const id of ['sites', 'zones', 'datacentres']) {
      const back = await readFgb(new Uint8Array(readFileSync(join(outA, `${id}.fgb`))));
      expect(back.length).toBe(ds.layers[id].length);
      back.forEach((f, i) => {
        const want = Object.fromEntries(Object.entries(ds.layers[id][i].properties).filter(([, v]) => v !== null));
        expect(f.properties).toEqual(want);
        expect(f.geometry.coordinates).toEqual(ds.layers[id][i].geometry.coordinates);
      });
    }
  });

  it('manifest lists every layer with its count, codes and attributions', () => {
    const ids = manifest.layers.map((l) => l.id);
    expect(ids).toEqual(['land', 'neighbours', ...LAYERS.map((l) => l.id)]);
    for (const l of manifest.layers) {
      expect(l.count).toBe(ds.layers[l.id].length);
      const def = LAYERS.find((d) => d.id === l.id);
      if (def && !def.base) {
        expect(l.synthetic).toBe(true);
        for (const c of l.codes) expect(def.codes as string[]).toContain(c);
      }
    }
    expect(manifest.base_source).toBe(shared ? 'shared' : 'fallback');
    expect(manifest.attributions.length).toBeGreaterThan(0);
  });
});

describe('population cells', () => {
  it('every commune has >= 1 cell and its cells add up exactly to its population', () => {
    const sums = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const f of ds.layers.popcells) {
      const p = f.properties;
      expect(Number.isInteger(p.population)).toBe(true);
      expect(p.population as number).toBeGreaterThanOrEqual(0);
      const k = p.commune_code as string;
      sums.set(k, (sums.get(k) ?? 0) + (p.population as number));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const wrong = base.communes.filter((c) => sums.get(c.code) !== c.population).map((c) => `${c.code}: ${sums.get(c.code)} != ${c.population}`);
    expect(wrong).toEqual([]);
    expect(base.communes.filter((c) => !counts.get(c.code))).toEqual([]);
    expect([...sums.keys()].filter((k) => !base.communes.some((c) => c.code === k))).toEqual([]);
    const total = [...sums.values()].reduce((a, b) => a + b, 0);
    const expected = shared ? 4_664_124 : (factsJson as { population: number }[]).reduce((a, r) => a + r.population, 0);
    expect(total).toBe(expected);
  });

  it('cells near the committee seat are denser than far ones', () => {
    const communes = byCode(base);
    const near = new Map<string, number[]>();
    const far = new Map<string, number[]>();
    for (const f of ds.layers.popcells) {
      const c = communes.get(f.properties.commune_code as string)!;
      const [x, y] = xy(f);
      const d = geoM(x, y, c.seat[0], c.seat[1]);
      const bucket = d <= 1000 ? near : d > 3000 ? far : null;
      if (!bucket) continue;
      if (!bucket.has(c.code)) bucket.set(c.code, []);
      bucket.get(c.code)!.push(f.properties.population as number);
    }
    const both = [...near.keys()].filter((k) => far.has(k));
    expect(both.length).toBeGreaterThan(30);
    const mean = (m: Map<string, number[]>) => {
      const all = both.flatMap((k) => m.get(k)!);
      return all.reduce((a, b) => a + b, 0) / all.length;
    };
    const meanNear = mean(near);
    const meanFar = mean(far);
    expect(meanNear).toBeGreaterThan(1.5 * meanFar);
  });
});

describe('counts at scale 1', () => {
  it('communes: 114 with 45 phuong, 67 xa, 2 dac_khu', () => {
    expect(ds.layers.communes.length).toBe(114);
    expect(new Set(ds.layers.communes.map((f) => f.properties.code)).size).toBe(114);
    const types: Record<string, number> = {};
    for (const f of ds.layers.communes) types[f.properties.type as string] = (types[f.properties.type as string] ?? 0) + 1;
    expect(types).toEqual({ phuong: 45, xa: 67, dac_khu: 2 });
  });

  it('antenna sites: 4,000 to 6,000', () => {
    expect(ds.layers.sites.length).toBeGreaterThanOrEqual(4000);
    expect(ds.layers.sites.length).toBeLessThanOrEqual(6000);
    expect(ds.layers.sites.every((f) => isAntenna(f.properties.code as string))).toBe(true);
  });

  it('ducts: >= 2,000 km, length_m agrees with the geometry', () => {
    let stored = 0;
    let measured = 0;
    const bad: string[] = [];
    for (const f of ds.layers.ducts) {
      const len = polylineLengthM((f.geometry.coordinates as number[][]).flat());
      stored += f.properties.length_m as number;
      measured += len;
      if (Math.abs((f.properties.length_m as number) - len) > 0.05 + 1e-3 * len) bad.push(f.properties.id as string);
    }
    expect(stored / 1000).toBeGreaterThanOrEqual(2000);
    expect(Math.abs(stored - measured) / measured).toBeLessThan(0.005);
    expect(bad).toEqual([]);
  });

  it('manholes: 100-200 m spacing along each duct', () => {
    const perDuct = new Map<string, number>();
    for (const m of ds.layers.manholes) perDuct.set(m.properties.duct_id as string, (perDuct.get(m.properties.duct_id as string) ?? 0) + 1);
    const ductIds = new Set(ds.layers.ducts.map((d) => d.properties.id as string));
    expect([...perDuct.keys()].filter((k) => !ductIds.has(k))).toEqual([]);
    const bad: string[] = [];
    for (const d of ds.layers.ducts) {
      const len = d.properties.length_m as number;
      const n = perDuct.get(d.properties.id as string) ?? 0;
      if (n < len / 200 - 1 || n > len / 100 + 1) bad.push(`${d.properties.id}: ${n} manholes on ${len} m`);
    }
    expect(bad).toEqual([]);
    // A manhole belongs to the owner of its duct.
    const owner = new Map(ds.layers.ducts.map((d) => [d.properties.id, d.properties.owner]));
    expect(ds.layers.manholes.filter((m) => m.properties.owner !== owner.get(m.properties.duct_id)).length).toBe(0);
  });

  it('poles: >= 100,000, each on an aerial route', () => {
    expect(ds.layers.poles.length).toBeGreaterThanOrEqual(100_000);
    const routes = new Set(ds.layers.aerial.map((a) => a.properties.id));
    expect(ds.layers.poles.filter((p) => !routes.has(p.properties.route_id)).length).toBe(0);
  });

  it('data centres: 4-6 candidates and >= 1 existing city DC; >= 1 CRIT_SECURITY', () => {
    const dcs = ds.layers.datacentres;
    const candidates = dcs.filter((f) => f.properties.status === 'candidate');
    expect(candidates.length).toBeGreaterThanOrEqual(4);
    expect(candidates.length).toBeLessThanOrEqual(6);
    expect(dcs.filter((f) => f.properties.status === 'existing' && f.properties.owner === 'city').length).toBeGreaterThanOrEqual(1);
    expect(ds.layers.critical.filter((f) => f.properties.code === 'CRIT_SECURITY').length).toBeGreaterThanOrEqual(1);
  });

  it('zones: one A1-only zone per ward, the aviation zone, industrial zones', () => {
    const z = ds.layers.zones;
    const a1 = z.filter((f) => f.properties.code === 'ZONE_A1_ONLY');
    const wards = base.communes.filter((c) => c.type === 'phuong');
    expect(a1.length).toBe(wards.length);
    expect(new Set(a1.map((f) => f.properties.commune_code))).toEqual(new Set(wards.map((c) => c.code)));
    expect(z.filter((f) => f.properties.code === 'ZONE_AVIATION_OLS').length).toBeGreaterThanOrEqual(1);
    expect(z.filter((f) => f.properties.code === 'ZONE_IZ').length).toBeGreaterThanOrEqual(1);
  });
});

describe('cases the analysis must find', () => {
  it('cross-owner site pairs: >= 50 under 100 m in wards and >= 50 under 400 m in communes (geodesic)', () => {
    const communes = byCode(base);
    const s = ds.layers.sites.map((f) => {
      const [x, y] = xy(f);
      return { x, y, owner: f.properties.owner, type: communes.get(f.properties.commune_code as string)!.type };
    });
    const BOX = 0.006; // degrees, > 600 m in both directions at these latitudes
    let urban = 0;
    let rural = 0;
    for (let i = 0; i < s.length; i++) {
      const a = s[i];
      for (let j = i + 1; j < s.length; j++) {
        const b = s[j];
        if (a.owner === b.owner || Math.abs(a.x - b.x) > BOX || Math.abs(a.y - b.y) > BOX) continue;
        const d = geoM(a.x, a.y, b.x, b.y);
        if (d < 100 && a.type === 'phuong' && b.type === 'phuong') urban++;
        if (d < 400 && a.type === 'xa' && b.type === 'xa') rural++;
      }
    }
    expect(urban).toBeGreaterThanOrEqual(50);
    expect(rural).toBeGreaterThanOrEqual(50);
  });

  it('>= 3 sites of 45 m or more inside the aviation zone', () => {
    const zone = ds.layers.zones.find((f) => f.properties.code === 'ZONE_AVIATION_OLS')!;
    const poly = zone.geometry.coordinates as PolygonCoords;
    const tall = ds.layers.sites.filter((f) => (f.properties.height_m as number) >= 45 && polygonContains(poly, ...xy(f)));
    expect(tall.length).toBeGreaterThanOrEqual(3);
  });

  it('>= 5 ANT_A2A sites inside an A1-only zone', () => {
    const zones = ds.layers.zones.filter((f) => f.properties.code === 'ZONE_A1_ONLY').map((f) => f.geometry.coordinates as PolygonCoords);
    const inside = ds.layers.sites.filter((f) => f.properties.code === 'ANT_A2A' && zones.some((z) => polygonContains(z, ...xy(f))));
    expect(inside.length).toBeGreaterThanOrEqual(5);
  });

  it('the injected cases are where their tag says (background density alone could pass the counts above)', () => {
    const tagged = (tag: string) => ds.layers.sites.filter((f) => f.properties.name === tag);
    const sharing = tagged('sharing-case');
    expect(sharing.length).toBeGreaterThanOrEqual(150);
    const lonely = sharing.filter((f) => {
      const [x, y] = xy(f);
      return !ds.layers.sites.some((g) => {
        if (g === f || g.properties.owner === f.properties.owner) return false;
        const [gx, gy] = xy(g);
        return Math.abs(gx - x) < 0.006 && Math.abs(gy - y) < 0.006 && geoM(x, y, gx, gy) < 400;
      });
    });
    expect(lonely.map((f) => f.properties.id)).toEqual([]);

    const aviation = ds.layers.zones.find((f) => f.properties.code === 'ZONE_AVIATION_OLS')!.geometry.coordinates as PolygonCoords;
    const airport = tagged('near-airport');
    expect(airport.length).toBeGreaterThanOrEqual(3);
    expect(airport.filter((f) => (f.properties.height_m as number) < 45 || !polygonContains(aviation, ...xy(f))).map((f) => f.properties.id)).toEqual([]);

    const a1 = ds.layers.zones.filter((f) => f.properties.code === 'ZONE_A1_ONLY').map((f) => f.geometry.coordinates as PolygonCoords);
    const inA1 = tagged('in-a1-zone');
    expect(inA1.length).toBeGreaterThanOrEqual(5);
    expect(inA1.filter((f) => f.properties.code !== 'ANT_A2A' || !a1.some((z) => polygonContains(z, ...xy(f)))).map((f) => f.properties.id)).toEqual([]);
  });
});

describe('ellipsoid distances', () => {
  it('distanceM agrees with geographiclib within 1e-3 (expected < 1e-4) on pairs up to 5 km apart', () => {
    const rng = new Rng(4242);
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      const lat = rng.range(20.1, 21.3);
      const lon = rng.range(106.1, 107.8);
      const s12 = rng.range(1, 5000);
      const p = WGS84.Direct(lat, lon, rng.range(-180, 180), s12);
      const ref = geoM(lon, lat, p.lon2!, p.lat2!);
      expect(Math.abs(ref - s12)).toBeLessThan(1e-6); // Direct and Inverse agree
      worst = Math.max(worst, Math.abs(distanceM(lon, lat, p.lon2!, p.lat2!) - ref) / ref);
    }
    expect(worst).toBeLessThan(1e-3);
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('containment in the city', () => {
  it('every point asset is in the city, and in its commune_code commune (>= 99.5%)', () => {
    const idx = new PolygonIndex(base.communes.map((c) => c.geom));
    const communes = byCode(base);
    for (const layer of POINT_ASSET_LAYERS) {
      const feats = ds.layers[layer];
      const outside = feats.filter((f) => idx.find(...xy(f)) < 0).map((f) => f.properties.id);
      expect(outside, layer).toEqual([]);
      const inNamed = feats.filter((f) => {
        const c = communes.get(f.properties.commune_code as string);
        return c !== undefined && multiPolygonContains(c.geom, ...xy(f));
      }).length;
      expect(inNamed / feats.length, layer).toBeGreaterThanOrEqual(0.995);
    }
  });

  it('every duct and aerial vertex is in the city; the commune_code commune holds one of its vertices (>= 99.5%)', () => {
    const idx = new PolygonIndex(base.communes.map((c) => c.geom));
    const communes = byCode(base);
    for (const layer of LINE_ASSET_LAYERS) {
      const feats = ds.layers[layer];
      let outside = 0;
      let named = 0;
      for (const f of feats) {
        const coords = f.geometry.coordinates as number[][];
        expect(coords.length).toBeGreaterThanOrEqual(2);
        for (const [x, y] of coords) if (idx.find(x, y) < 0) outside++;
        const geom = communes.get(f.properties.commune_code as string)?.geom;
        if (geom && coords.some(([x, y]) => multiPolygonContains(geom, x, y))) named++;
      }
      expect(outside, layer).toBe(0);
      expect(named / feats.length, layer).toBeGreaterThanOrEqual(0.995);
    }
  });
});

describe('schema', () => {
  it('validateAsset accepts good examples', () => {
    const site = {
      id: 'site-x',
      code: 'ANT_A2B',
      owner: 'TowerCo',
      status: 'existing',
      phase: 'baseline',
      commune_code: '10507',
      name: '',
      height_m: 42.5,
      host_building_height_m: null,
      structure: 'guyed',
      tech: '4G,5G',
      tenants: 'Viettel,MobiFone',
      shared: true,
      sharing_capacity_left: 2,
      year_built: 2015,
      synthetic: true,
    };
    expect(validateAsset(site)).toEqual([]);
    expect(validateAsset(site, { communeCodes: new Set(['10507']) })).toEqual([]);
    const duct = { id: 'd', code: 'UG_DUCT', owner: 'VNPT', status: 'planned', phase: '2030', commune_code: '1', n_ducts: 6, n_free_ducts: 0, diameter_mm: 110, depth_m: 0.7, length_m: 12.3, road_class: 'national' };
    expect(validateAsset(duct)).toEqual([]);
    const dc = { id: 'dc', code: 'DC', owner: 'city', status: 'candidate', phase: '2030', commune_code: '1', tier: 3, it_mw: 10, pue: 1.35, operator: 'city', upgrade: false, land_available: true };
    expect(validateAsset(dc)).toEqual([]);
  });

  it('validateAsset rejects bad examples, naming the field', () => {
    const good = { id: 'p', code: 'POLE_TELECOM', owner: 'EVN', status: 'existing', phase: 'baseline', commune_code: '1', height_m: 8, n_cables: 3, route_id: 'aer-1' };
    expect(validateAsset(good)).toEqual([]);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, id: undefined }, 'id'],
      [{ ...good, code: 'ANT_A9' }, 'code'],
      [{ ...good, owner: 'Acme' }, 'owner'],
      [{ ...good, status: 'built' }, 'status'],
      [{ ...good, phase: '2050' }, 'phase'],
      [{ ...good, commune_code: null }, 'commune_code'],
      [{ ...good, commune_code: 42 }, 'commune_code'],
      [{ ...good, height_m: 31 }, 'height_m'],
      [{ ...good, height_m: '8' }, 'height_m'],
      [{ ...good, n_cables: 2.5 }, 'n_cables'],
      [{ ...good, n_cables: -1 }, 'n_cables'],
      [{ ...good, synthetic: 'yes' }, 'synthetic'],
      [{ ...good, code: 'ANT_A1A', height_m: 2 }, 'tech'], // antenna needs tech and tenants
      [{ ...good, code: 'ANT_A1A', height_m: 2, tech: '4G,6G', tenants: 'VNPT' }, 'tech'],
      [{ ...good, code: 'ANT_A1A', height_m: 2, tech: '4G', tenants: 'VNPT,EVN' }, 'tenants'],
      [{ ...good, code: 'ANT_A1A', height_m: 2, tech: '', tenants: 'VNPT' }, 'tech'],
      [{ ...good, code: 'ANT_A1A', height_m: 2, tech: '4G', tenants: 'VNPT', structure: 'tree' }, 'structure'],
      [{ ...good, code: 'ANT_A1A', height_m: 2, tech: '4G', tenants: 'VNPT', year_built: 1980 }, 'year_built'],
      [{ ...good, code: 'UG_DUCT', n_ducts: 0, n_free_ducts: 0 }, 'n_ducts'],
      [{ ...good, code: 'UG_MANHOLE', kind: 'big' }, 'kind'],
      [{ ...good, code: 'DC', pue: 0.9 }, 'pue'],
      [{ ...good, code: 'SVC_UNSTAFFED', free: 1 }, 'free'],
    ];
    for (const [props, field] of cases) {
      const errs = validateAsset(props);
      expect(errs.length, JSON.stringify(props)).toBeGreaterThan(0);
      expect(errs.some((e) => e.startsWith(`${field}:`)), `${field} in ${errs.join('; ')}`).toBe(true);
    }
    expect(validateAsset(good, { communeCodes: new Set(['2']) })).toEqual(['commune_code: unknown commune (got "1")']);
  });

  it('every asset feature passes the schema; ids are unique across all layers', () => {
    const communeCodes = new Set(base.communes.map((c) => c.code));
    const problems: string[] = [];
    for (const layer of ASSET_LAYERS) {
      const def = LAYERS.find((l) => l.id === layer)!;
      for (const f of ds.layers[layer]) {
        const p = f.properties;
        for (const e of validateAsset(p, { communeCodes })) problems.push(`${layer} ${p.id}: ${e}`);
        if (p.synthetic !== true) problems.push(`${layer} ${p.id}: synthetic must be true`);
        if (!(def.codes as string[]).includes(p.code as string)) problems.push(`${layer} ${p.id}: code ${p.code} not in layer`);
        if (!(ASSET_CODES as readonly string[]).includes(p.code as string)) problems.push(`${layer} ${p.id}: code`);
        if (!(OWNERS as readonly string[]).includes(p.owner as string)) problems.push(`${layer} ${p.id}: owner`);
        if (!(STATUSES as readonly string[]).includes(p.status as string)) problems.push(`${layer} ${p.id}: status`);
        if (!(PHASES as readonly string[]).includes(p.phase as string)) problems.push(`${layer} ${p.id}: phase`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    const ids = new Map<string, number>();
    for (const feats of Object.values(ds.layers))
      for (const f of feats) if (f.properties.id !== undefined) ids.set(String(f.properties.id), (ids.get(String(f.properties.id)) ?? 0) + 1);
    for (const f of ds.plan.features) ids.set(String(f.properties.id), (ids.get(String(f.properties.id)) ?? 0) + 1);
    expect([...ids].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
  });

  it('antenna sites are self-consistent: shared iff > 1 tenant, the owner carrier is a tenant', () => {
    const bad = ds.layers.sites.filter((f) => {
      const p = f.properties;
      const tenants = (p.tenants as string).split(',');
      if (p.shared !== tenants.length > 1) return true;
      return p.owner !== 'TowerCo' && !tenants.includes(p.owner as string);
    });
    expect(bad.map((f) => f.properties.id)).toEqual([]);
  });
});

describe('fallback base (no ../shared/data)', () => {
  it('yields 114 communes with exact population sums and sites in range', () => {
    const fb = loadBase(null);
    expect(fb.source).toBe('fallback');
    const d = generateDataset(fb, { scale: 1, seed: DEFAULT_SEED });
    expect(d.layers.communes.length).toBe(114);
    const sums = new Map<string, number>();
    for (const f of d.layers.popcells) sums.set(f.properties.commune_code as string, (sums.get(f.properties.commune_code as string) ?? 0) + (f.properties.population as number));
    expect(fb.communes.filter((c) => sums.get(c.code) !== c.population).map((c) => c.code)).toEqual([]);
    expect([...sums.values()].reduce((a, b) => a + b, 0)).toBe((factsJson as { population: number }[]).reduce((a, r) => a + r.population, 0));
    expect(d.layers.sites.length).toBeGreaterThanOrEqual(4000);
    expect(d.layers.sites.length).toBeLessThanOrEqual(6000);
    const idx = new PolygonIndex(fb.communes.map((c) => c.geom as MultiPolygonCoords));
    expect(d.layers.sites.filter((f) => idx.find(...xy(f)) < 0).length).toBe(0);
  }, 60_000);
});

describe('demo plan', () => {
  it('has planned corridors and planned antenna sites for 2030/2040', () => {
    const feats = ds.plan.features;
    const corridors = feats.filter((f) => f.properties.code === 'CORRIDOR');
    expect(corridors.length).toBeGreaterThanOrEqual(1);
    for (const c of corridors) {
      expect(c.geometry.type).toBe('LineString');
      expect(c.properties.status).toBe('planned');
    }
    const sites = feats.filter((f) => isAntenna(f.properties.code as string));
    expect(sites.length).toBeGreaterThanOrEqual(1);
    for (const s of sites) {
      expect(s.geometry.type).toBe('Point');
      // New sites are planned; actions on existing sites (5G upgrades) point at them with ref_id.
      if (s.properties.status === 'planned') expect(s.properties.ref_id).toBeUndefined();
      else {
        expect(s.properties.status).toBe('upgrade');
        expect(String(s.properties.ref_id)).toMatch(/^site-/);
        expect(String(s.properties.tech)).toContain('5G');
      }
      expect(['2030', '2040']).toContain(s.properties.phase);
    }
    expect(sites.filter((s) => s.properties.status === 'planned').length).toBeGreaterThanOrEqual(1);
    // Plan 317 steps: the city's data centre upgraded, two green candidates proposed, Wi-Fi at seats that lack it.
    const dcs = feats.filter((f) => f.properties.code === 'DC');
    expect(dcs.filter((f) => f.properties.status === 'upgrade').map((f) => f.properties.ref_id)).toEqual(['dc-001']);
    expect(dcs.filter((f) => f.properties.status === 'planned').every((f) => (f.properties.pue as number) <= 1.4)).toBe(true);
    expect(feats.filter((f) => f.properties.code === 'SVC_UNSTAFFED').every((f) => f.properties.subtype === 'wifi' && f.properties.free === true)).toBe(true);
    const communeCodes = new Set(base.communes.map((c) => c.code));
    expect(feats.flatMap((f) => validateAsset(f.properties, { communeCodes }).map((e) => `${f.properties.id}: ${e}`))).toEqual([]);
    const written = JSON.parse(readFileSync(join(outA, 'demo-plan.geojson'), 'utf8'));
    expect(written.type).toBe('FeatureCollection');
    expect(written.features.length).toBe(feats.length);
  });
});

describe('docs/schema.md', () => {
  it('documents every layer and every field of the manifest', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'schema.md'), 'utf8');
    const missing: string[] = [];
    for (const l of manifest.layers) {
      if (!doc.includes(`\`${l.id}\``)) missing.push(`layer ${l.id}`);
      for (const f of l.fields) if (!doc.includes(`\`${f.name}\``)) missing.push(`${l.id}.${f.name}`);
    }
    for (const f of ds.plan.features) for (const k of Object.keys(f.properties)) if (!doc.includes(`\`${k}\``)) missing.push(`plan.${k}`);
    for (const k of Object.keys(manifest)) if (!doc.includes(`\`${k}\``)) missing.push(`manifest.${k}`);
    expect([...new Set(missing)]).toEqual([]);
  });
});
