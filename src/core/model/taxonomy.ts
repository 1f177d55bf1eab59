/**
 * Asset taxonomy shared by the dataset, the map, the analysis, the CLI and file exchange.
 * Codes and Vietnamese terms follow docs/domain.md section 2 (see docs/schema.md in this repo).
 */

export const OWNERS = [
  'Viettel',
  'VNPT',
  'MobiFone',
  'Vietnamobile',
  'TowerCo',
  'FPT',
  'city',
  'EVN',
  'shared',
] as const;
export type Owner = (typeof OWNERS)[number];

/** Carriers that run radio networks (tenants of antenna sites). */
export const CARRIERS = ['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile'] as const;

export const STATUSES = ['existing', 'planned', 'upgrade', 'convert', 'remove', 'candidate'] as const;
export type Status = (typeof STATUSES)[number];

export const PHASES = ['baseline', '2030', '2040'] as const;
export type Phase = (typeof PHASES)[number];

export const COMMUNE_TYPES = ['phuong', 'xa', 'dac_khu'] as const;
export type CommuneType = (typeof COMMUNE_TYPES)[number];

export const ROAD_CLASSES = ['national', 'provincial', 'commune', 'urban_main', 'urban_street', 'railway'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export const ASSET_CODES = [
  'ANT_A1A',
  'ANT_A1B',
  'ANT_A2A',
  'ANT_A2B',
  'ANT_A2C',
  'POLE_TELECOM',
  'POLE_POWER_SHARED',
  'UG_DUCT',
  'UG_MANHOLE',
  'UG_TRENCH',
  'UG_TUNNEL',
  'ROUTE_AERIAL',
  'ROUTE_UG',
  'STATION',
  'SVC_STAFFED',
  'SVC_UNSTAFFED',
  'DC',
  'CRIT_SECURITY',
  'ZONE_A1_ONLY',
  'ZONE_AVIATION_OLS',
  'ZONE_IZ',
  'ZONE_UNDERGROUND_REQUIRED',
  'ZONE_HERITAGE',
  'CORRIDOR',
  'ROAD',
] as const;
export type AssetCode = (typeof ASSET_CODES)[number];

export type FieldType = 'string' | 'number' | 'int' | 'bool' | 'enum' | 'list';

export interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
}

/** Fields every asset carries (the schema contract of issue 2). */
export const COMMON_FIELDS: FieldSpec[] = [
  { name: 'id', type: 'string', required: true },
  { name: 'code', type: 'enum', required: true, values: ASSET_CODES },
  { name: 'owner', type: 'enum', required: true, values: OWNERS },
  { name: 'status', type: 'enum', required: true, values: STATUSES },
  { name: 'phase', type: 'enum', required: true, values: PHASES },
  { name: 'commune_code', type: 'string', required: true },
  { name: 'name', type: 'string' },
  { name: 'synthetic', type: 'bool' },
];

const ANTENNA: FieldSpec[] = [
  { name: 'height_m', type: 'number', required: true, min: 0, max: 200 },
  { name: 'host_building_height_m', type: 'number', min: 0, max: 400 },
  { name: 'structure', type: 'enum', values: ['rooftop_mast', 'camouflaged', 'monopole', 'self_supporting', 'guyed'] },
  { name: 'tech', type: 'list', required: true, values: ['2G', '3G', '4G', '5G'] },
  { name: 'tenants', type: 'list', required: true, values: CARRIERS },
  { name: 'shared', type: 'bool' },
  { name: 'sharing_capacity_left', type: 'int', min: 0, max: 6 },
  { name: 'year_built', type: 'int', min: 1990, max: 2040 },
];
const POLE: FieldSpec[] = [
  { name: 'height_m', type: 'number', min: 0, max: 30 },
  { name: 'n_cables', type: 'int', min: 0, max: 40 },
  { name: 'route_id', type: 'string' },
];
const DUCT: FieldSpec[] = [
  { name: 'n_ducts', type: 'int', required: true, min: 1, max: 48 },
  { name: 'n_free_ducts', type: 'int', required: true, min: 0, max: 48 },
  { name: 'diameter_mm', type: 'int', min: 20, max: 200 },
  { name: 'depth_m', type: 'number', min: 0, max: 5 },
  { name: 'length_m', type: 'number', min: 0 },
  { name: 'road_class', type: 'enum', values: ROAD_CLASSES },
];
const ROUTE: FieldSpec[] = [
  { name: 'tier', type: 'enum', values: ['backbone', 'feeder', 'distribution', 'drop'] },
  { name: 'n_cables', type: 'int', min: 0, max: 40 },
  { name: 'length_m', type: 'number', min: 0 },
  { name: 'road_class', type: 'enum', values: ROAD_CLASSES },
];

/** Code-specific fields, with the names of domain.md section 2. */
export const CODE_FIELDS: Record<AssetCode, FieldSpec[]> = {
  ANT_A1A: ANTENNA,
  ANT_A1B: ANTENNA,
  ANT_A2A: ANTENNA,
  ANT_A2B: ANTENNA,
  ANT_A2C: ANTENNA,
  POLE_TELECOM: POLE,
  POLE_POWER_SHARED: POLE,
  UG_DUCT: DUCT,
  UG_TRENCH: DUCT,
  UG_TUNNEL: DUCT,
  UG_MANHOLE: [
    { name: 'kind', type: 'enum', values: ['ho_cap', 'ham_cap'] },
    { name: 'duct_id', type: 'string' },
  ],
  ROUTE_AERIAL: ROUTE,
  ROUTE_UG: ROUTE,
  STATION: [
    { name: 'subtype', type: 'enum', values: ['POP', 'OLT', 'HOST', 'SWITCH'] },
    { name: 'ports', type: 'int', min: 0 },
  ],
  SVC_STAFFED: [{ name: 'subtype', type: 'enum', values: ['shop', 'transaction_point'] }],
  SVC_UNSTAFFED: [
    { name: 'subtype', type: 'enum', values: ['wifi', 'kiosk'] },
    { name: 'free', type: 'bool' },
  ],
  DC: [
    { name: 'tier', type: 'int', min: 1, max: 4 },
    { name: 'it_mw', type: 'number', min: 0, max: 500 },
    { name: 'pue', type: 'number', min: 1, max: 3 },
    { name: 'operator', type: 'string' },
    { name: 'upgrade', type: 'bool' },
    { name: 'land_available', type: 'bool' },
  ],
  CRIT_SECURITY: [{ name: 'subtype', type: 'string' }],
  ZONE_A1_ONLY: [{ name: 'reason', type: 'string' }],
  ZONE_AVIATION_OLS: [{ name: 'height_limit_m', type: 'number', min: 0 }],
  ZONE_IZ: [{ name: 'area_ha', type: 'number', min: 0 }],
  ZONE_UNDERGROUND_REQUIRED: [],
  ZONE_HERITAGE: [],
  CORRIDOR: [{ name: 'length_m', type: 'number', min: 0 }],
  ROAD: [{ name: 'road_class', type: 'enum', values: ROAD_CLASSES }],
};

export function isAntenna(code: string): boolean {
  return code.startsWith('ANT_');
}

/** The layers of the default dataset: one FlatGeobuf file each. */
export interface LayerDef {
  id: string;
  codes: AssetCode[] | [];
  geometry: 'Point' | 'LineString' | 'Polygon';
  /** Base geography (communes, roads ...) rather than telecom assets. */
  base: boolean;
}

export const LAYERS: LayerDef[] = [
  { id: 'communes', codes: [], geometry: 'Polygon', base: true },
  { id: 'popcells', codes: [], geometry: 'Point', base: true },
  { id: 'roads', codes: [], geometry: 'LineString', base: true },
  { id: 'zones', codes: ['ZONE_A1_ONLY', 'ZONE_AVIATION_OLS', 'ZONE_IZ'], geometry: 'Polygon', base: false },
  { id: 'ducts', codes: ['UG_DUCT'], geometry: 'LineString', base: false },
  { id: 'aerial', codes: ['ROUTE_AERIAL'], geometry: 'LineString', base: false },
  { id: 'manholes', codes: ['UG_MANHOLE'], geometry: 'Point', base: false },
  { id: 'poles', codes: ['POLE_TELECOM', 'POLE_POWER_SHARED'], geometry: 'Point', base: false },
  { id: 'sites', codes: ['ANT_A1A', 'ANT_A1B', 'ANT_A2A', 'ANT_A2B'], geometry: 'Point', base: false },
  { id: 'stations', codes: ['STATION'], geometry: 'Point', base: false },
  { id: 'service', codes: ['SVC_STAFFED', 'SVC_UNSTAFFED'], geometry: 'Point', base: false },
  { id: 'datacentres', codes: ['DC'], geometry: 'Point', base: false },
  { id: 'critical', codes: ['CRIT_SECURITY'], geometry: 'Point', base: false },
];
