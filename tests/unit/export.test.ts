/**
 * Exports: round trip of every format (written, read back with an independent reader, same
 * features and values, Vietnamese text included), RFC 7946 GeoJSON, and the profiles: no
 * security-critical work and no confidential attribute in a public export of the whole
 * default dataset; a carrier package holds only that carrier's assets and the proposals it
 * must review.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DOMParser } from '@xmldom/xmldom';
import { kml as kmlToGeojson } from '@tmcw/togeojson';
import { geojson as fgbGeojson } from 'flatgeobuf';
import { REPO_ROOT } from '../../seeds/shared-path';
import { readFgb, type GeoFeature } from '../../src/core/io/fgb';
import { EXPORT_FORMATS, exportFeatures, exportFileName, fieldNames, formatFromFileName, sidecarFileName, slug, type ExportResult } from '../../src/core/io/export';
import {
  CONFIDENTIAL_FIELDS,
  applyProfile,
  isConfidentialField,
  parseProfile,
  redactThresholds,
  stripConfidential,
} from '../../src/core/io/redact';
import { csvCellText, toWkt } from '../../src/core/io/csv-write';
import { outGeometry, ringSignedArea2 } from '../../src/core/io/geom-out';
import { xmlAttr, xmlText } from '../../src/core/io/kml-write';
import { exportColumns, inferColumns } from '../../src/core/io/columns-infer';
import { inferColumns as seedInferColumns } from '../../seeds/write';
import type { ExportFormat, ExportMeta, ExportProfile } from '../../src/core/io/types';
import { readLayer, readManifest, readPlan } from '../../src/cli/load-data';
import { importFile } from '../../src/core/io/import';
import { DEFAULT_PARAMS } from '../../src/core/analysis/params';
import { LAYERS, isAntenna } from '../../src/core/model/taxonomy';
import { distanceM } from '../../src/core/geo/ellipsoid';
import { frameAt, pointSegmentDistance, toXY } from '../../src/core/geo/segment';

const DATA = join(REPO_ROOT, 'public', 'data');
// ignoreBOM: keep the CSV's byte-order mark, so the tests can see it.
const dec = new TextDecoder('utf-8', { ignoreBOM: true });

// ---------------------------------------------------------------------------------------------
// Fixture: every geometry type, Vietnamese and hostile text, nulls, booleans, numbers.

const VN_NAME = 'Trạm Đồ Sơn – Hải Phòng "A" <b>&amp;</b> \'x\', ổ ỡ ự';
const fx: GeoFeature[] = [
  {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [106.68123456789, 20.86123456789] },
    properties: {
      id: 'site-1',
      code: 'ANT_A2B',
      owner: 'Viettel',
      status: 'existing',
      phase: 'baseline',
      commune_code: '10507',
      name: VN_NAME,
      height_m: 42.5,
      host_building_height_m: null,
      tech: '4G,5G',
      tenants: 'Viettel,MobiFone',
      shared: true,
      sharing_capacity_left: 2,
      year_built: 2015,
      synthetic: true,
    },
  },
  {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [[106.7, 20.8], [106.7012345, 20.8012345], [106.703, 20.805]] },
    properties: {
      id: 'duct-1',
      code: 'UG_DUCT',
      owner: 'VNPT',
      status: 'existing',
      phase: 'baseline',
      commune_code: '10549',
      name: 'Cống bể đường Lạch Tray\nđoạn 2\tgiữa',
      n_ducts: 6,
      n_free_ducts: 3,
      depth_m: 0.85,
      length_m: 1234.5,
      synthetic: false,
    },
  },
  {
    // Exterior ring written clockwise, hole counter-clockwise: the writers must flip both.
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [[106.6, 20.8], [106.6, 20.9], [106.7, 20.9], [106.7, 20.8], [106.6, 20.8]],
        [[106.62, 20.82], [106.68, 20.82], [106.68, 20.88], [106.62, 20.88], [106.62, 20.82]],
      ],
    },
    properties: { id: 'zone-1', code: 'ZONE_IZ', owner: 'city', status: 'existing', phase: 'baseline', commune_code: '10606', name: 'Khu công nghiệp Đình Vũ', reason: '', area_ha: 12.5664, synthetic: true },
  },
  {
    type: 'Feature',
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [[[106.9, 20.9], [106.95, 20.9], [106.95, 20.95], [106.9, 20.95], [106.9, 20.9]]],
        [[[107.0, 20.9], [107.0, 20.95], [107.05, 20.95], [107.05, 20.9], [107.0, 20.9]]],
      ],
    },
    properties: { id: 'zone-2', code: 'ZONE_A1_ONLY', owner: 'city', status: 'existing', phase: 'baseline', commune_code: '10507', name: 'Khu A1 (hai phần)', reason: '=cmd|\' /C calc\'!A0', synthetic: true },
  },
  {
    type: 'Feature',
    geometry: { type: 'MultiLineString', coordinates: [[[106.5, 20.5], [106.51, 20.51]], [[106.52, 20.52], [106.53, 20.53]]] },
    properties: { id: 'plan-cor-9', code: 'CORRIDOR', owner: 'shared', status: 'planned', phase: '2030', commune_code: '10573', name: 'Tuyến dùng chung – “hai đoạn”', cost_vnd: 1_500_000_000, unit_price: 250000 },
  },
  {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [106.75, 20.85] },
    properties: { id: 'crit-1', code: 'CRIT_SECURITY', owner: 'VNPT', status: 'existing', phase: 'baseline', commune_code: '10507', name: 'Công trình an ninh', subtype: 'an ninh quốc gia', synthetic: true },
  },
];

const META: ExportMeta = {
  name: 'Phương án thử nghiệm 2030',
  phase: '2030',
  date: '2026-03-17',
  thresholds: DEFAULT_PARAMS as unknown as Record<string, unknown>,
  attributions: [{ id: 'osm', text: '© OpenStreetMap contributors', licence: 'ODbL 1.0' }],
};

const FULL: ExportProfile = { kind: 'full' };
const PUBLIC: ExportProfile = { kind: 'public' };

// ---------------------------------------------------------------------------------------------
// Independent readers

function parseWkt(s: string): GeoFeature['geometry'] {
  const m = /^\s*([A-Z]+)\s*(\(.*\))\s*$/s.exec(s);
  if (!m) throw new Error(`bad WKT ${s}`);
  const body = m[2].replace(/\(/g, '[').replace(/\)/g, ']').replace(/(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s+(-?\d+(?:\.\d+)?(?:e-?\d+)?)/gi, '[$1,$2]');
  const c = JSON.parse(body) as unknown[];
  const type = { POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon', MULTIPOINT: 'MultiPoint', MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon' }[m[1]];
  if (!type) throw new Error(`bad WKT type ${m[1]}`);
  // POINT (x y) -> [[x,y]]; MULTIPOINT ((x y), ...) -> [[[x,y]], ...]
  if (type === 'Point') return { type, coordinates: c[0] };
  if (type === 'MultiPoint') return { type, coordinates: (c as unknown[][]).map((p) => p[0]) };
  return { type, coordinates: c };
}

interface ReadBack {
  features: GeoFeature[];
  /** The reader gives typed values (false: CSV, every cell is text). */
  typed: boolean;
}

async function readBack(format: ExportFormat, out: ExportResult): Promise<ReadBack> {
  switch (format) {
    case 'geojson': {
      const fc = JSON.parse(dec.decode(out.bytes)) as { features: GeoFeature[] };
      return { features: fc.features, typed: true };
    }
    case 'fgb':
      return { features: await readFgb(out.bytes), typed: true };
    case 'csv': {
      const text = dec.decode(out.bytes);
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const r = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true, delimiter: ',' });
      expect(r.errors).toEqual([]);
      const features = r.data.map((row): GeoFeature => {
        const { lon, lat, wkt, ...rest } = row;
        const geometry = wkt !== undefined ? parseWkt(wkt) : { type: 'Point', coordinates: [Number(lon), Number(lat)] };
        const properties: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(rest)) if (v !== '') properties[k] = csvCellText(v);
        return { type: 'Feature', geometry, properties };
      });
      return { features, typed: false };
    }
    case 'kml': {
      const errors: string[] = [];
      const doc = new DOMParser({ onError: (level, msg) => void errors.push(`${level}: ${msg}`) }).parseFromString(dec.decode(out.bytes), 'text/xml');
      expect(errors).toEqual([]);
      const fc = kmlToGeojson(doc as unknown as Document);
      const features = fc.features.map((f): GeoFeature => {
        let g = f.geometry as unknown as { type: string; coordinates?: unknown; geometries?: { type: string; coordinates: unknown }[] };
        // togeojson gives a MultiGeometry as a GeometryCollection of its parts.
        if (g.type === 'GeometryCollection') g = { type: `Multi${g.geometries![0].type}`, coordinates: g.geometries!.map((x) => x.coordinates) };
        return { type: 'Feature', geometry: g as GeoFeature['geometry'], properties: f.properties as Record<string, unknown> };
      });
      return { features, typed: true };
    }
  }
}

function expectCoordsClose(a: unknown, b: unknown, where: string) {
  if (typeof a === 'number') {
    expect(typeof b, where).toBe('number');
    expect(Math.abs(a - (b as number)), `${where}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-7 + 1e-12);
    return;
  }
  expect(Array.isArray(b), where).toBe(true);
  const aa = a as unknown[];
  const bb = b as unknown[];
  expect(bb.length, where).toBe(aa.length);
  aa.forEach((x, i) => expectCoordsClose(x, bb[i], `${where}[${i}]`));
}

/** `back` holds the same features as `sent`: geometry within 1e-7 degrees (rings in export order), same values. */
function expectSameFeatures(sent: readonly GeoFeature[], back: ReadBack, format: string) {
  expect(back.features.length, format).toBe(sent.length);
  sent.forEach((f, i) => {
    const b = back.features[i];
    const id = `${format} ${String(f.properties.id)}`;
    expect(b.geometry.type, id).toBe(f.geometry.type);
    // Positions within 1e-7 of the original ...
    const want = outGeometry(f.geometry);
    expectCoordsClose(want.coordinates, b.geometry.coordinates, `${id} geometry`);
    if (!f.geometry.type.includes('Polygon')) expectCoordsClose(f.geometry.coordinates, b.geometry.coordinates, `${id} original`);
    // ... and the same values, null read back as absent.
    const keys = new Set([...Object.keys(f.properties), ...Object.keys(b.properties)]);
    for (const k of keys) {
      const v = f.properties[k];
      const w = b.properties[k];
      // CSV cannot tell an empty text from a missing value: both are an empty cell.
      if (v === null || v === undefined || (!back.typed && v === '')) {
        expect(w === undefined || w === null, `${id}.${k}: ${String(w)}`).toBe(true);
        continue;
      }
      if (back.typed) expect(w, `${id}.${k}`).toStrictEqual(v);
      else expect(w, `${id}.${k}`).toBe(typeof v === 'string' ? v : String(v));
    }
  });
}

// ---------------------------------------------------------------------------------------------

describe('round trip: every format gives back the same features and values', () => {
  it.each(EXPORT_FORMATS.map((f) => [f]))('%s, full profile', async (format) => {
    const out = exportFeatures(fx, { profile: FULL, format, meta: META });
    expectSameFeatures(fx, await readBack(format, out), format);
    expect(out.count).toBe(fx.length);
    expect(out.sidecar).toBeUndefined();
  });

  it.each(EXPORT_FORMATS.map((f) => [f]))('%s, public profile: the published features', async (format) => {
    const out = exportFeatures(fx, { profile: PUBLIC, format, meta: META, layer: 'test' });
    const published = applyProfile(fx, PUBLIC);
    expect(published.map((f) => f.properties.id)).toEqual(['site-1', 'duct-1', 'zone-1', 'zone-2', 'plan-cor-9']);
    const back = await readBack(format, out);
    expectSameFeatures(published, back, format);
    for (const f of back.features) for (const k of Object.keys(f.properties)) expect(isConfidentialField(k), `${format} ${k}`).toBe(false);
  });

  it('keeps Vietnamese text exact (NFC, diacritics, quotes, markup) in every format', async () => {
    for (const format of EXPORT_FORMATS) {
      const back = await readBack(format, exportFeatures(fx, { profile: FULL, format, meta: META }));
      expect(back.features[0].properties.name, format).toBe(VN_NAME);
      expect(back.features[1].properties.name, format).toBe('Cống bể đường Lạch Tray\nđoạn 2\tgiữa');
    }
  });

  it('an empty export is still a valid file of every format', async () => {
    for (const format of EXPORT_FORMATS) {
      const out = exportFeatures([], { profile: PUBLIC, format, meta: META });
      expect((await readBack(format, out)).features, format).toEqual([]);
    }
  });

  it('a column with mixed value types is written as text, in any feature order', async () => {
    const a: GeoFeature = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.7, 20.8] }, properties: { id: 'a', ref: 12 } };
    const b: GeoFeature = { type: 'Feature', geometry: { type: 'Point', coordinates: [106.8, 20.9] }, properties: { id: 'b', ref: 'K-12' } };
    expect(exportColumns([a, b])).toEqual([{ name: 'id', kind: 'string' }, { name: 'ref', kind: 'string' }]);
    expect(exportColumns([b, a])).toEqual(exportColumns([a, b]));
    const back = await readFgb(exportFeatures([a, b], { profile: FULL, format: 'fgb', meta: META }).bytes);
    expect(back.map((f) => f.properties.ref)).toEqual(['12', 'K-12']);
  });
});

describe('GeoJSON is RFC 7946', () => {
  const out = exportFeatures(fx, { profile: PUBLIC, format: 'geojson', meta: META, layer: 'sites' });
  const text = dec.decode(out.bytes);
  const fc = JSON.parse(text) as Record<string, unknown> & { features: (GeoFeature & Record<string, unknown>)[] };

  it('has no crs member, anywhere', () => {
    expect(fc.crs).toBeUndefined();
    for (const f of fc.features) {
      expect(f.crs).toBeUndefined();
      expect((f.geometry as unknown as Record<string, unknown>).crs).toBeUndefined();
    }
    expect(text).not.toMatch(/"crs"\s*:/);
  });

  it('has exterior rings counter-clockwise and holes clockwise', () => {
    let rings = 0;
    for (const f of fc.features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as number[][][]] : f.geometry.type === 'MultiPolygon' ? (f.geometry.coordinates as number[][][][]) : [];
      for (const p of polys)
        p.forEach((ring, k) => {
          rings++;
          expect(ringSignedArea2(ring) > 0, `${String(f.properties.id)} ring ${k}`).toBe(k === 0);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
        });
    }
    expect(rings).toBe(4);
  });

  it('writes at most 7 decimals', () => {
    const nums = [...text.matchAll(/"coordinates":(\[[^a-z"]*\])/g)].flatMap((m) => m[1].match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []);
    expect(nums.length).toBeGreaterThan(20);
    for (const n of nums) expect(n, n).toMatch(/^-?\d+(\.\d{1,7})?$/);
    expect(fc.features[0].geometry.coordinates).toEqual([106.6812346, 20.8612346]);
  });

  it('carries the plan metadata and the layer name in foreign members', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.name).toBe('sites');
    const md = fc.metadata as Record<string, unknown>;
    expect(md).toMatchObject({ name: META.name, phase: '2030', date: '2026-03-17', profile: 'public', layer: 'sites', attributions: META.attributions });
    // Public: the thresholds are there, the unit prices are not.
    expect(md.thresholds).toMatchObject({ shareDistance_m: DEFAULT_PARAMS.shareDistance_m });
    expect(JSON.stringify(md.thresholds)).not.toMatch(/unitPrice|price|cost/i);
    expect((md.fields as { name: string; vi: string; en: string }[]).find((f) => f.name === 'height_m')).toEqual({ name: 'height_m', vi: 'Chiều cao (m)', en: 'Height (m)' });
  });
});

describe('CSV', () => {
  it('has a BOM, lon/lat for points and WKT for other geometries', () => {
    const pts = exportFeatures([fx[0]], { profile: FULL, format: 'csv', meta: META });
    const text = dec.decode(pts.bytes);
    expect(text.startsWith('\ufeffid,')).toBe(true);
    expect(text.split('\r\n')[0]).toMatch(/,lon,lat$/);
    expect(text).toContain('106.6812346,20.8612346');
    const mixed = exportFeatures(fx, { profile: FULL, format: 'csv', meta: META });
    const head = dec.decode(mixed.bytes).split('\r\n')[0];
    expect(head).toMatch(/,wkt$/);
    expect(head).not.toMatch(/,lon,/);
    expect(dec.decode(mixed.bytes)).toContain('"POINT (106.6812346 20.8612346)"'.slice(1, -1));
  });

  it('neutralises spreadsheet formulas and gives them back on reading', () => {
    const text = dec.decode(exportFeatures(fx, { profile: FULL, format: 'csv', meta: META }).bytes);
    expect(text).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(text).not.toMatch(/,=cmd/);
    expect(csvCellText(`'=cmd|' /C calc'!A0`)).toBe(`=cmd|' /C calc'!A0`);
    expect(csvCellText("'plain")).toBe("'plain");
  });

  it('comes with GeoCSV companions: .csvt types and a WGS 84 .prj', () => {
    const out = exportFeatures(fx, { profile: FULL, format: 'csv', meta: META });
    const [csvt, prj] = out.companions;
    expect(csvt.fileName).toBe(out.fileName.replace(/\.csv$/, '.csvt'));
    expect(prj.fileName).toBe(out.fileName.replace(/\.csv$/, '.prj'));
    const header = dec.decode(out.bytes).slice(1).split('\r\n')[0].split(',');
    const types = csvt.text.trim().split(',').map((t) => t.replace(/"/g, ''));
    expect(types).toHaveLength(header.length);
    expect(types[header.indexOf('height_m')]).toBe('Real');
    expect(types[header.indexOf('name')]).toBe('String');
    expect(types[header.indexOf('wkt')]).toBe('WKT');
    expect(prj.text).toContain('AUTHORITY["EPSG","4326"]');
  });

  it('writes WKT for every geometry type', () => {
    expect(toWkt({ type: 'Point', coordinates: [1, 2] })).toBe('POINT (1 2)');
    expect(toWkt({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] })).toBe('MULTIPOINT ((1 2), (3 4))');
    expect(toWkt({ type: 'LineString', coordinates: [[1, 2], [3, 4.123456789]] })).toBe('LINESTRING (1 2, 3 4.1234568)');
    expect(toWkt({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0))');
    expect(toWkt({ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] })).toBe('MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))');
    expect(toWkt({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] })).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))');
    expect(parseWkt(toWkt({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }))).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
  });
});

describe('KML', () => {
  it('escapes untrusted text into well-formed XML', async () => {
    const evil: GeoFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.7, 20.8] },
      properties: { id: 'x', name: ']]><script>alert(1)</script>&lt;', 'we"ird<key>': 'v', note: 'a\u0001b\u0007c\r\nd' },
    };
    const out = exportFeatures([evil], { profile: FULL, format: 'kml', meta: { ...META, name: 'A & B <plan>' } });
    const text = dec.decode(out.bytes);
    expect(text).not.toContain('<script>');
    expect(text).toContain('<name>A &amp; B &lt;plan&gt;</name>');
    const back = await readBack('kml', out);
    expect(back.features[0].properties.name).toBe(']]><script>alert(1)</script>&lt;');
    expect(back.features[0].properties['we"ird<key>']).toBe('v');
    // Control characters XML cannot hold are dropped; CR LF survives.
    expect(back.features[0].properties.note).toBe('abc\r\nd');
    expect(xmlText('<&>')).toBe('&lt;&amp;&gt;');
    expect(xmlAttr(`"'\n`)).toBe('&quot;&apos;&#10;');
    expect(xmlText('a\uD800b\uD83D\uDE00')).toBe('ab\uD83D\uDE00');
  });

  it('types the schema so booleans and numbers come back typed', () => {
    const text = dec.decode(exportFeatures(fx, { profile: FULL, format: 'kml', meta: META }).bytes);
    expect(text).toContain('<SimpleField name="height_m" type="double"/>');
    expect(text).toContain('<SimpleField name="shared" type="bool"/>');
    expect(text).toContain('<SimpleData name="shared">1</SimpleData>');
  });
});

describe('profiles', () => {
  it('parses public, full and carrier:NAME (any case) and refuses the rest', () => {
    expect(parseProfile('public')).toEqual({ kind: 'public' });
    expect(parseProfile('FULL')).toEqual({ kind: 'full' });
    expect(parseProfile('carrier:viettel')).toEqual({ kind: 'carrier', carrier: 'Viettel' });
    expect(parseProfile('carrier:MobiFone')).toEqual({ kind: 'carrier', carrier: 'MobiFone' });
    expect(() => parseProfile('carrier:Nobody')).toThrow(/unknown carrier 'Nobody'/);
    expect(() => parseProfile('carrier:shared')).toThrow(/unknown carrier/);
    expect(() => parseProfile('secret')).toThrow(/unknown profile 'secret'/);
  });

  it('knows the confidential attributes, by name and by pattern', () => {
    for (const f of CONFIDENTIAL_FIELDS) expect(isConfidentialField(f), f).toBe(true);
    for (const f of ['tenants', 'shared', 'sharing_capacity_left', 'n_free_ducts', 'cost_vnd', 'Cost', 'unit_price', 'unitPrice', 'capex_vnd', 'rent_per_month', 'free_capacity'])
      expect(isConfidentialField(f), f).toBe(true);
    for (const f of ['id', 'code', 'owner', 'name', 'height_m', 'n_ducts', 'free', 'tech', 'current', 'parent', 'area_ha', 'operator'])
      expect(isConfidentialField(f), f).toBe(false);
    expect(redactThresholds(DEFAULT_PARAMS as unknown as Record<string, unknown>)).not.toHaveProperty('unitPrice');
    expect(redactThresholds({ a: { cost: 1, b: 2 } })).toEqual({ a: { b: 2 } });
  });

  it('is pure: the input features are not changed', () => {
    const before = JSON.stringify(fx);
    for (const p of [PUBLIC, FULL, { kind: 'carrier', carrier: 'VNPT' } as ExportProfile]) applyProfile(fx, p);
    for (const format of EXPORT_FORMATS) exportFeatures(fx, { profile: PUBLIC, format, meta: META });
    expect(JSON.stringify(fx)).toBe(before);
    const props = { id: 'a', height_m: 3 };
    expect(stripConfidential(props)).toBe(props);
  });

  it('carrier: its assets, its and shared proposals, proposals within 400 m of its sites', () => {
    const at = (id: string, lon: number, lat: number, p: Record<string, unknown>): GeoFeature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, ...p } });
    const line = (id: string, coords: number[][], p: Record<string, unknown>): GeoFeature => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id, ...p } });
    const lon0 = 106.7;
    const lat0 = 20.85;
    const dLon = (m: number) => m / 104_200; // about 1 m of longitude at 20.85 N is 1/104,200 degree
    const feats = [
      at('own-site', lon0, lat0, { code: 'ANT_A2B', owner: 'Viettel', tenants: 'Viettel', sharing_capacity_left: 1, status: 'existing' }),
      at('tenant-site', lon0 + 0.1, lat0, { code: 'ANT_A2B', owner: 'TowerCo', tenants: 'MobiFone,Viettel', sharing_capacity_left: 2, status: 'existing' }),
      at('other-site', lon0 + 0.2, lat0, { code: 'ANT_A2B', owner: 'VNPT', tenants: 'VNPT', status: 'existing' }),
      line('other-duct', [[lon0, lat0 + 0.001], [lon0 + 0.01, lat0 + 0.001]], { code: 'UG_DUCT', owner: 'VNPT', n_free_ducts: 2, status: 'existing' }),
      at('near-proposal', lon0 + dLon(300), lat0, { code: 'ANT_A2A', owner: 'VNPT', tenants: 'VNPT', status: 'planned' }),
      at('far-proposal', lon0 + dLon(450), lat0, { code: 'ANT_A2A', owner: 'VNPT', status: 'planned' }),
      // A corridor passing 350 m south of the carrier's tenant site (its ends are far away).
      line('near-corridor', [[lon0 + 0.08, lat0 - 350 / 110_700], [lon0 + 0.12, lat0 - 350 / 110_700]], { code: 'CORRIDOR', owner: 'FPT', status: 'planned', cost_vnd: 9 }),
      line('far-corridor', [[lon0 + 0.08, lat0 - 450 / 110_700], [lon0 + 0.12, lat0 - 450 / 110_700]], { code: 'CORRIDOR', owner: 'FPT', status: 'planned' }),
      line('shared-corridor', [[lon0 + 1, lat0], [lon0 + 1.01, lat0]], { code: 'CORRIDOR', owner: 'shared', status: 'planned' }),
      at('own-proposal', lon0 + 1, lat0 + 1, { code: 'POLE_TELECOM', owner: 'Viettel', status: 'planned' }),
      at('crit', lon0, lat0, { code: 'CRIT_SECURITY', owner: 'Viettel', status: 'existing' }),
    ];
    const planFeatureIds = new Set(['near-proposal', 'far-proposal', 'near-corridor', 'far-corridor', 'shared-corridor', 'own-proposal']);
    const out = applyProfile(feats, { kind: 'carrier', carrier: 'Viettel' }, { planFeatureIds });
    const byId = new Map(out.map((f) => [f.properties.id, f.properties]));
    expect([...byId.keys()]).toEqual(['own-site', 'tenant-site', 'near-proposal', 'near-corridor', 'shared-corridor', 'own-proposal']);
    // Its own asset keeps everything; other owners' features lose the confidential attributes.
    expect(byId.get('own-site')).toMatchObject({ tenants: 'Viettel', sharing_capacity_left: 1 });
    expect(byId.get('tenant-site')).not.toHaveProperty('tenants');
    expect(byId.get('tenant-site')).not.toHaveProperty('sharing_capacity_left');
    expect(byId.get('near-corridor')).not.toHaveProperty('cost_vnd');
    // Without plan ids, a plan status marks a proposal.
    const noIds = applyProfile(feats, { kind: 'carrier', carrier: 'Viettel' }).map((f) => f.properties.id);
    expect(noIds).toEqual([...byId.keys()]);
    // A wider radius brings in the far ones.
    const wide = applyProfile(feats, { kind: 'carrier', carrier: 'Viettel' }, { planFeatureIds, nearby_m: 500 }).map((f) => f.properties.id);
    expect(wide).toContain('far-proposal');
    expect(wide).toContain('far-corridor');
    expect(wide).not.toContain('other-site');
  });
});

describe('file names and the public sidecar', () => {
  it('names files after the plan, the profile and the layer', () => {
    expect(exportFileName(META, PUBLIC, 'geojson')).toBe('phuong-an-thu-nghiem-2030-public.geojson');
    expect(exportFileName(META, { kind: 'carrier', carrier: 'MobiFone' }, 'kml', 'sites')).toBe('phuong-an-thu-nghiem-2030-carrier-mobifone-sites.kml');
    expect(exportFileName({ ...META, name: 'Đường ĐT 353 / Đồ Sơn' }, FULL, 'fgb')).toBe('duong-dt-353-do-son-full.fgb');
    expect(sidecarFileName('a-public.csv')).toBe('a-public.fields.md');
    expect(slug('   ')).toBe('hatang');
    expect(formatFromFileName('x.GeoJSON')).toBe('geojson');
    expect(formatFromFileName('x.json')).toBe('geojson');
    expect(formatFromFileName('x.shp')).toBeNull();
  });

  it('documents every field in Vietnamese and English, with the plan metadata', () => {
    for (const format of EXPORT_FORMATS) {
      const out = exportFeatures(fx, { profile: PUBLIC, format, meta: META, layer: 'test' });
      const doc = out.sidecar!;
      expect(doc.fileName).toBe(out.fileName.replace(/\.[a-z]+$/, '.fields.md'));
      for (const c of exportColumns(applyProfile(fx, PUBLIC))) {
        const n = fieldNames(c.name);
        expect(doc.text, c.name).toContain(`| \`${c.name}\` | ${n.vi} | ${n.en} |`);
      }
      expect(doc.text).toContain('| `height_m` | Chiều cao (m) | Height (m) |');
      for (const s of [META.name, 'Giai đoạn / Phase | 2030', '2026-03-17', '© OpenStreetMap contributors (ODbL 1.0)', '"shareDistance_m"', 'CRIT_SECURITY']) expect(doc.text, s).toContain(s);
      expect(doc.text).not.toContain('unitPrice"');
      if (format === 'csv') expect(doc.text).toContain('| `wkt` |');
    }
    expect(exportFeatures(fx, { profile: FULL, format: 'geojson', meta: META }).sidecar).toBeUndefined();
  });
});

describe('column inference', () => {
  it('the seed still uses the same inference (moved to src/core/io/columns-infer.ts)', () => {
    expect(seedInferColumns).toBe(inferColumns);
    expect(inferColumns(fx)).toContainEqual({ name: 'host_building_height_m', kind: 'string' });
  });
});

// ---------------------------------------------------------------------------------------------
// The whole default dataset

describe('the default dataset', () => {
  let all: GeoFeature[] = [];
  let planIds = new Set<string>();
  let critical = 0;

  beforeAll(async () => {
    if (!existsSync(join(DATA, 'manifest.json'))) {
      const seed = spawnSync(process.execPath, ['--import', 'tsx', 'seeds/seed.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
    }
    const m = readManifest(DATA);
    for (const l of LAYERS.filter((x) => !x.base)) for (const f of await readLayer(DATA, m, l.id)) all.push(f);
    critical = all.filter((f) => f.properties.code === 'CRIT_SECURITY').length;
    const plan = readPlan(join(DATA, m.plan));
    planIds = new Set(plan.features.map((f) => String(f.properties.id)));
    all = [...all, ...plan.features];
  }, 120_000);

  it('has the security-critical works and confidential attributes the public export must remove', () => {
    expect(critical).toBeGreaterThan(0);
    for (const k of ['tenants', 'shared', 'sharing_capacity_left', 'n_free_ducts', 'ports']) expect(all.some((f) => k in f.properties), k).toBe(true);
  });

  it('public: no security-critical work and no confidential attribute in any format', async () => {
    const critIds = all.filter((f) => f.properties.code === 'CRIT_SECURITY').map((f) => String(f.properties.id));
    const meta = { ...META, thresholds: DEFAULT_PARAMS as unknown as Record<string, unknown> };
    for (const format of EXPORT_FORMATS) {
      const out = exportFeatures(all, { profile: PUBLIC, format, meta, planFeatureIds: planIds });
      expect(out.count, format).toBe(all.length - critical);
      let columns: string[];
      if (format === 'geojson') {
        const fc = JSON.parse(dec.decode(out.bytes)) as { features: GeoFeature[]; metadata: Record<string, unknown> };
        expect(fc.features).toHaveLength(all.length - critical);
        const keys = new Set<string>();
        for (const f of fc.features) {
          expect(f.properties.code).not.toBe('CRIT_SECURITY');
          for (const k of Object.keys(f.properties)) keys.add(k);
        }
        columns = [...keys];
        expect(JSON.stringify(fc.metadata)).not.toMatch(/unitPrice|cost/i);
      } else if (format === 'fgb') {
        let header: { columns: { name: string }[] | null; featuresCount: number } | null = null;
        const gen = fgbGeojson.deserialize(out.bytes, { headerMetaFn: (h: unknown) => void (header = h as typeof header) }) as AsyncGenerator<unknown>;
        await gen.next();
        columns = header!.columns!.map((c) => c.name);
        expect(header!.featuresCount).toBe(all.length - critical);
      } else if (format === 'csv') {
        columns = dec.decode(out.bytes.subarray(0, 4096)).slice(1).split('\r\n')[0].split(',');
      } else {
        columns = [...dec.decode(out.bytes.subarray(0, 20000)).matchAll(/<SimpleField name="([^"]+)"/g)].map((m) => m[1]);
      }
      expect(columns, format).toContain('id');
      expect(columns.filter(isConfidentialField), format).toEqual([]);
      for (const k of CONFIDENTIAL_FIELDS) expect(columns, `${format} ${k}`).not.toContain(k);
      // No trace of the critical works: neither their code nor their ids nor their names.
      const bytes = Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength);
      expect(bytes.indexOf('CRIT_SECURITY'), format).toBe(-1);
      for (const id of critIds) expect(bytes.indexOf(id), `${format} ${id}`).toBe(-1);
      expect(out.sidecar!.text).toContain('| `id` | Mã đối tượng | Feature id |');
    }
  }, 300_000);

  it('carrier:Viettel: only its assets and the proposals it must review, others redacted', () => {
    const carrier = 'Viettel';
    const out = applyProfile(all, { kind: 'carrier', carrier }, { planFeatureIds: planIds });
    const byId = new Map(all.map((f) => [String(f.properties.id), f]));
    const tenants = (f: GeoFeature) => String(f.properties.tenants ?? '').split(',');
    const mine = (f: GeoFeature) => f.properties.owner === carrier || tenants(f).includes(carrier);
    const sites = all.filter((f) => mine(f) && isAntenna(String(f.properties.code))).map((f) => f.geometry.coordinates as number[]);
    // Brute force, independent of the kdbush index: distance from a proposal to the nearest of the carrier's sites.
    const distToSites = (g: GeoFeature['geometry']) => {
      const pts = g.type === 'Point' ? [g.coordinates as number[]] : (g.coordinates as number[][]);
      let best = Infinity;
      for (const [sx, sy] of sites) {
        if (pts.length === 1) best = Math.min(best, distanceM(sx, sy, pts[0][0], pts[0][1]));
        else
          for (let i = 1; i < pts.length; i++) {
            const fr = frameAt(sx, sy);
            const [ax, ay] = toXY(fr, pts[i - 1][0], pts[i - 1][1]);
            const [bx, by] = toXY(fr, pts[i][0], pts[i][1]);
            best = Math.min(best, pointSegmentDistance(0, 0, ax, ay, bx, by));
          }
      }
      return best;
    };
    expect(out.length).toBeGreaterThan(100);
    let nearOthers = 0;
    let asTenant = 0;
    for (const f of out) {
      const p = f.properties;
      const orig = byId.get(String(p.id))!;
      expect(p.code).not.toBe('CRIT_SECURITY');
      if (planIds.has(String(p.id))) {
        const ok = mine(orig) || p.owner === 'shared' || distToSites(f.geometry) <= 400;
        expect(ok, String(p.id)).toBe(true);
        if (!mine(orig) && p.owner !== 'shared') nearOthers++;
      } else {
        expect(mine(orig), String(p.id)).toBe(true);
        if (p.owner !== carrier) asTenant++;
      }
      if (p.owner !== carrier) for (const k of Object.keys(p)) expect(isConfidentialField(k), `${String(p.id)}.${k}`).toBe(false);
    }
    // Every asset it owns is there, with its own confidential attributes.
    const owned = all.filter((f) => f.properties.owner === carrier && f.properties.code !== 'CRIT_SECURITY');
    expect(out.filter((f) => f.properties.owner === carrier)).toHaveLength(owned.length);
    expect(out.some((f) => f.properties.owner === carrier && 'tenants' in f.properties)).toBe(true);
    // It is a tenant of other owners' sites, and another carrier's proposal lies near one of its sites (demo plan, rule R1).
    expect(asTenant).toBeGreaterThan(0);
    expect(nearOthers).toBeGreaterThan(0);
    // Every proposal it must review is there.
    for (const id of planIds) {
      const f = byId.get(id)!;
      const must = mine(f) || f.properties.owner === 'shared' || distToSites(f.geometry) <= 400;
      expect(out.some((x) => x.properties.id === id), id).toBe(must);
    }
    // Nothing else of anyone else.
    const outIds = new Set(out.map((f) => f.properties.id));
    expect(all.filter((f) => !planIds.has(String(f.properties.id)) && !mine(f) && outIds.has(f.properties.id))).toEqual([]);
  });

  /**
   * The round trip: an export opened again by the app's own import (importFile) gives
   * the same features and values. The import keeps the taxonomy fields and drops `synthetic`
   * (src/core/io/mapping.ts), so those are the values compared.
   */
  describe('re-imported by importFile', () => {
    const subset = () => {
      const want = new Set(['zones', 'sites', 'datacentres']);
      return all.filter((f) => {
        const code = String(f.properties.code);
        const layer = LAYERS.find((l) => (l.codes as string[]).includes(code))?.id;
        return (layer && want.has(layer)) || planIds.has(String(f.properties.id));
      });
    };

    async function reimport(format: ExportFormat, feats: GeoFeature[]) {
      const out = exportFeatures(feats, { profile: FULL, format, meta: META });
      const r = await importFile(out.bytes, { fileName: out.fileName });
      return r;
    }

    function expectSameAfterImport(sent: GeoFeature[], got: GeoFeature[], mapped: string[], format: string) {
      expect(got.length, format).toBe(sent.length);
      const byId = new Map(got.map((f) => [String(f.properties.id), f]));
      for (const f of sent) {
        const id = String(f.properties.id);
        const b = byId.get(id);
        expect(b, `${format} ${id}`).toBeDefined();
        expect(b!.geometry.type, `${format} ${id}`).toBe(f.geometry.type);
        expectCoordsClose(outGeometry(f.geometry).coordinates, b!.geometry.coordinates, `${format} ${id}`);
        for (const k of mapped) {
          const v = f.properties[k];
          const w = b!.properties[k];
          if (v === null || v === undefined || v === '') expect(w === null || w === undefined || w === '', `${format} ${id}.${k}: ${String(w)}`).toBe(true);
          else expect(w, `${format} ${id}.${k}`).toStrictEqual(v);
        }
      }
    }

    it.each([['geojson'], ['fgb'], ['kml']] as [ExportFormat][])('%s: zones, sites, data centres and the plan (Vietnamese names)', async (format) => {
      const sent = subset();
      expect(sent.some((f) => f.geometry.type === 'Polygon') && sent.some((f) => f.geometry.type === 'LineString')).toBe(true);
      expect(sent.some((f) => /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/.test(String(f.properties.name ?? '')))).toBe(true);
      const r = await reimport(format, sent);
      expect(r.report.valid, JSON.stringify(r.report.problems.slice(0, 3))).toBe(sent.length);
      const mapped = Object.keys(r.report.mapping).filter((k) => r.report.mapping[k] !== null && !['lon', 'lat', 'x', 'y'].includes(k));
      expect(mapped).toEqual(expect.arrayContaining(['id', 'code', 'owner', 'status', 'phase', 'name', 'height_m', 'tenants']));
      expectSameAfterImport(sent, r.features, mapped, format);
    }, 60_000);

    it('csv: points (lon, lat columns)', async () => {
      const sent = subset().filter((f) => f.geometry.type === 'Point');
      const r = await reimport('csv', sent);
      expect(r.report.valid, JSON.stringify(r.report.problems.slice(0, 3))).toBe(sent.length);
      const mapped = Object.keys(r.report.mapping).filter((k) => r.report.mapping[k] !== null && !['lon', 'lat', 'x', 'y'].includes(k));
      expectSameAfterImport(sent, r.features, mapped, 'csv');
    }, 60_000);

    it('csv: lines and polygons (wkt column)', async () => {
      const sent = subset().filter((f) => f.geometry.type !== 'Point');
      const r = await reimport('csv', sent);
      expect(r.report.valid).toBe(sent.length);
      const mapped = Object.keys(r.report.mapping).filter((k) => r.report.mapping[k] !== null && !['lon', 'lat', 'x', 'y'].includes(k));
      expectSameAfterImport(sent, r.features, mapped, 'csv');
    }, 60_000);
  });

  it('full keeps everything', () => {
    expect(applyProfile(all, FULL)).toHaveLength(all.length);
  });
});
