/**
 * Base geography: the 114 communes, land mask, neighbours, national roads and railways.
 * Read from ../shared/data when present (real data, see each PROVENANCE.md), otherwise
 * approximated from the facts table in seeds/facts/communes.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommuneType } from '../src/core/model/taxonomy';
import { circleRing, type MultiPolygonCoords } from '../src/core/geo/polygon';
import { findSharedData } from './shared-path';
import factsJson from './facts/communes.json';

export interface Commune {
  code: string;
  name: string;
  short_name: string;
  type: CommuneType;
  population: number;
  area_km2: number;
  seat: [number, number];
  geom: MultiPolygonCoords;
}

export interface BaseLine {
  name: string;
  road_class: 'national' | 'railway';
  coords: number[][];
}

export interface Attribution {
  id: string;
  text: string;
  licence: string;
}

export interface Base {
  source: 'shared' | 'fallback';
  communes: Commune[];
  land: MultiPolygonCoords;
  neighbours: { name: string; geom: MultiPolygonCoords }[];
  national: BaseLine[];
  attributions: Attribution[];
}

export function communeType(loai: string): CommuneType {
  const l = loai.normalize('NFC').toLowerCase();
  if (l.startsWith('phường')) return 'phuong';
  if (l.startsWith('đặc khu')) return 'dac_khu';
  return 'xa';
}

const ATTR_ADMIN: Attribution = {
  id: 'hp-admin-2025',
  text: 'Ranh giới và số liệu ĐVHC cấp xã 2025: Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam (sapnhap.bando.com.vn), gis.vn; xử lý: lamngockhuong/vietnam-3d-map (MIT).',
  licence: 'Public government reference data, no explicit open licence; repository MIT',
};
const ATTR_LAND: Attribution = {
  id: 'osm-land-geomaps',
  text: '© OpenStreetMap contributors (ODbL), via geo-maps (simonepri/geo-maps)',
  licence: 'ODbL 1.0',
};
const ATTR_ROADS: Attribution = {
  id: 'vn-national-roads',
  text: 'Giao thông quốc gia: CTU-SematX/LegoCity opendata/giaothong (CC BY-SA 4.0)',
  licence: 'CC BY-SA 4.0',
};

function asMulti(geom: { type: string; coordinates: unknown }): MultiPolygonCoords {
  if (geom.type === 'Polygon') return [geom.coordinates as MultiPolygonCoords[number]];
  if (geom.type === 'MultiPolygon') return geom.coordinates as MultiPolygonCoords;
  throw new Error(`expected a polygon, got ${geom.type}`);
}

function readJson(dir: string, rel: string) {
  return JSON.parse(readFileSync(join(dir, rel), 'utf8'));
}

export function loadBase(sharedDir: string | null = findSharedData()): Base {
  return sharedDir ? loadShared(sharedDir) : loadFallback();
}

function loadShared(dir: string): Base {
  const wards = readJson(dir, 'hp-admin-2025/hai_phong_wards_2025.geojson');
  const communes: Commune[] = wards.features.map(
    (f: { properties: Record<string, string | number>; geometry: { type: string; coordinates: unknown } }) => {
      const p = f.properties;
      return {
        code: String(p.ma_xa),
        name: String(p.ten_day_du).normalize('NFC'),
        short_name: String(p.ten).normalize('NFC'),
        type: communeType(String(p.loai)),
        population: Number(p.dan_so),
        area_km2: Number(p.dtich_km2),
        seat: [Number(p.tru_so_lon), Number(p.tru_so_lat)],
        geom: asMulti(f.geometry),
      };
    },
  );
  communes.sort((a, b) => a.code.localeCompare(b.code));
  const landFc = readJson(dir, 'osm-land-geomaps/hp_land_osm_geomaps.geojson');
  const land: MultiPolygonCoords = landFc.features.flatMap((f: { geometry: { type: string; coordinates: unknown } }) => asMulti(f.geometry));
  const nb = readJson(dir, 'hp-admin-2025/neighbour_provinces_2025_coarse.geojson');
  const neighbours = nb.features.map((f: { properties: { name: string }; geometry: { type: string; coordinates: unknown } }) => ({
    name: String(f.properties.name).normalize('NFC'),
    geom: asMulti(f.geometry),
  }));
  const roads = readJson(dir, 'vn-national-roads/hp_national_roads_rail.geojson');
  const national: BaseLine[] = [];
  for (const f of roads.features) {
    const cls = f.properties.ma === 'HB01' ? 'railway' : 'national';
    const lines: number[][][] = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const coords of lines) national.push({ name: String(f.properties.ten).normalize('NFC'), road_class: cls, coords });
  }
  return { source: 'shared', communes, land, neighbours, national, attributions: [ATTR_ADMIN, ATTR_LAND, ATTR_ROADS] };
}

/** Approximate communes: a disc of the commune's real area around its real committee seat. */
function loadFallback(): Base {
  const communes: Commune[] = (factsJson as Omit<Commune, 'geom'>[]).map((r) => {
    const radius = Math.sqrt((r.area_km2 * 1e6) / Math.PI);
    return { ...r, seat: [r.seat[0], r.seat[1]] as [number, number], geom: [[circleRing(r.seat[0], r.seat[1], radius, 24)]] };
  });
  return {
    source: 'fallback',
    communes,
    land: communes.map((c) => c.geom[0]),
    neighbours: [],
    national: [],
    attributions: [
      {
        id: 'hp-admin-2025-facts',
        text: 'Dữ liệu thay thế gần đúng: tên, loại, dân số 2025 và trụ sở UBND của 114 ĐVHC (Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam); ranh giới là hình tròn có diện tích đúng, không phải ranh giới thật.',
        licence: 'Public government reference data',
      },
    ],
  };
}
