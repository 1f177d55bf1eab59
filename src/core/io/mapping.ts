/**
 * Source columns -> taxonomy fields: automatic guesses from Vietnamese and English column
 * names (diacritics-, case- and punctuation-insensitive), and normalisation of the values
 * (owner and code aliases, Vietnamese status words, comma decimals, lists).
 */
import { ASSET_CODES, CODE_FIELDS, COMMON_FIELDS, OWNERS, STATUSES, type AssetCode, type FieldSpec } from '../model/taxonomy';
import type { FieldMapping } from './types';

/** 'Mã trạm (BTS)' -> 'ma_tram_bts'; 'Đường' -> 'duong'. */
export function normalizeKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Coordinate targets; they become the geometry, not properties. */
export const COORD_FIELDS = ['lon', 'lat', 'x', 'y'] as const;
const COORD_SET: ReadonlySet<string> = new Set(COORD_FIELDS);

/** Every field a column can be mapped to: coordinates, the common fields, the code fields, a few free-text extras. */
export const TARGET_FIELDS: readonly string[] = [
  ...COORD_FIELDS,
  ...new Set([...COMMON_FIELDS.map((f) => f.name), ...Object.values(CODE_FIELDS).flatMap((fs) => fs.map((f) => f.name)), 'address', 'road_name', 'permit_no', 'note']),
].filter((f) => f !== 'synthetic');

/** Exact (normalised) names per target, in priority order. The target's own name always matches. */
const EXACT: Record<string, string[]> = {
  lon: ['kinh_do', 'kinhdo', 'lon', 'lng', 'long', 'longitude', 'x', 'kinh_do_wgs84', 'lon_wgs84', 'longitude_wgs84', 'kinh_do_e', 'kd'],
  lat: ['vi_do', 'vido', 'lat', 'latitude', 'y', 'vi_do_wgs84', 'lat_wgs84', 'latitude_wgs84', 'vi_do_n', 'vd'],
  x: ['toa_do_x', 'toado_x', 'x_vn2000', 'x_vn_2000', 'x_m', 'x_tm3', 'vn2000_x', 'toa_do_x_vn2000', 'easting', 'x_coord'],
  y: ['toa_do_y', 'toado_y', 'y_vn2000', 'y_vn_2000', 'y_m', 'y_tm3', 'vn2000_y', 'toa_do_y_vn2000', 'northing', 'y_coord'],
  id: ['ma_tram', 'matram', 'id', 'site_id', 'ma', 'ma_cot', 'ma_so', 'ma_cong_trinh', 'ma_tram_bts', 'station_id', 'site_code', 'ma_diem', 'ma_tuyen', 'fid', 'objectid'],
  code: ['loai', 'loai_cot', 'code', 'type', 'loai_cong_trinh', 'ma_loai', 'phan_loai', 'loai_tram', 'asset_code', 'category', 'loai_cot_ang_ten', 'kind_code'],
  owner: ['doanh_nghiep', 'nha_mang', 'chu_so_huu', 'owner', 'operator', 'don_vi', 'don_vi_quan_ly', 'carrier', 'dn', 'nha_cung_cap', 'doanh_nghiep_so_huu', 'don_vi_so_huu'],
  status: ['trang_thai', 'tinh_trang', 'status', 'hien_trang'],
  phase: ['giai_doan', 'phase', 'ky_quy_hoach', 'giai_doan_quy_hoach'],
  name: ['ten', 'ten_tram', 'name', 'ten_cong_trinh', 'ten_diem', 'site_name', 'ten_tuyen'],
  commune_code: ['ma_xa', 'ma_dvhc', 'ma_phuong_xa', 'commune_code', 'ma_don_vi_hanh_chinh'],
  height_m: ['chieu_cao', 'cao_m', 'height', 'height_m', 'chieu_cao_cot', 'chieu_cao_m', 'do_cao_cot', 'chieu_cao_cot_m'],
  host_building_height_m: ['chieu_cao_nha', 'chieu_cao_cong_trinh', 'building_height', 'chieu_cao_toa_nha', 'chieu_cao_nha_m'],
  structure: ['kieu_cot', 'structure', 'ket_cau', 'loai_ket_cau'],
  tech: ['cong_nghe', 'tech', 'technology', 'cong_nghe_mang'],
  tenants: ['tenants', 'nha_mang_dung_chung', 'dn_dung_chung', 'cac_nha_mang', 'doanh_nghiep_dung_chung', 'dung_chung_voi', 'nha_mang_su_dung'],
  shared: ['shared', 'chia_se', 'co_dung_chung', 'dung_chung_ha_tang', 'da_dung_chung'],
  sharing_capacity_left: ['sharing_capacity_left', 'kha_nang_dung_chung', 'so_vi_tri_con_trong'],
  year_built: ['year_built', 'nam_xay_dung', 'nam_lap_dat', 'nam'],
  n_ducts: ['n_ducts', 'so_ong', 'so_luong_ong'],
  n_free_ducts: ['n_free_ducts', 'so_ong_trong', 'ong_con_trong', 'so_ong_con_trong'],
  diameter_mm: ['diameter_mm', 'duong_kinh', 'diameter', 'duong_kinh_ong', 'duong_kinh_mm'],
  depth_m: ['depth_m', 'do_sau', 'depth', 'do_sau_m', 'do_sau_chon_ong'],
  length_m: ['length_m', 'chieu_dai', 'length', 'chieu_dai_m', 'chieu_dai_tuyen'],
  road_class: ['road_class', 'cap_duong', 'loai_duong'],
  n_cables: ['n_cables', 'so_cap', 'so_tuyen_cap', 'so_soi_cap'],
  address: ['address', 'dia_chi', 'diachi', 'vi_tri'],
  road_name: ['road_name', 'ten_duong', 'duong', 'tuyen_duong'],
  permit_no: ['permit_no', 'so_giay_phep', 'giay_phep'],
  note: ['note', 'notes', 'ghi_chu', 'ghichu', 'mo_ta', 'description', 'remarks'],
};

const OWN_NAME_SKIPPED = new Set(['x', 'y', 'operator']);

/** Looser patterns, tried after every exact name. */
const PATTERNS: [string, RegExp][] = [
  ['x', /^(toa_?do_?)?x_.*(vn|2000|tm|m$)/],
  ['y', /^(toa_?do_?)?y_.*(vn|2000|tm|m$)/],
  ['lon', /(^|_)(kinh_do|longitude|lon|lng)(_|$)/],
  ['lat', /(^|_)(vi_do|latitude|lat)(_|$)/],
  ['id', /^ma_(tram|cot|so|cong_trinh|diem|tuyen)/],
  ['code', /^loai_/],
  ['owner', /(doanh_nghiep|nha_mang|chu_so_huu|don_vi_quan_ly)/],
  ['height_m', /^(chieu_cao|do_cao)/],
  ['tech', /cong_nghe/],
  ['status', /(trang_thai|tinh_trang)/],
  ['phase', /giai_doan/],
  ['name', /^ten_/],
  ['address', /dia_chi/],
  ['note', /ghi_chu/],
];

/**
 * Best guess of the source column for each target field. Every target appears in the result
 * (null when nothing fits); a source column is used at most once.
 */
export function guessMapping(fields: readonly string[]): FieldMapping {
  const norm = new Map(fields.map((f) => [f, normalizeKey(f)]));
  const used = new Set<string>();
  const out: FieldMapping = {};
  for (const t of TARGET_FIELDS) out[t] = null;
  const take = (t: string, test: (n: string) => boolean) => {
    if (out[t] !== null) return;
    const f = fields.find((f) => !used.has(f) && test(norm.get(f)!));
    if (f !== undefined) {
      out[t] = f;
      used.add(f);
    }
  };
  // The target's own name, then the exact aliases in priority order, then patterns. A bare
  // 'X' / 'Y' column is read as lon / lat: the values, not the name, then tell degrees from metres.
  // 'operator' is a DC field, but in a site list it is the carrier: left to the owner aliases.
  for (const t of TARGET_FIELDS) if (!OWN_NAME_SKIPPED.has(t)) take(t, (n) => n === t);
  for (const t of TARGET_FIELDS) for (const alias of EXACT[t] ?? []) take(t, (n) => n === alias);
  for (const [t, re] of PATTERNS) take(t, (n) => re.test(n));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

function key(v: unknown): string {
  return normalizeKey(String(v ?? ''));
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * A number from a cell: numbers as they are; text with comma or dot decimals and thousands
 * separators ('12,5', '1.234,5', '2 307 614,21', '30 m'). null when it is not a number.
 */
export function parseNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  let s = v.trim().replace(/[\s\u00a0\u202f]/g, '');
  s = s.replace(/[a-zA-Zµ%]+\.?$/, ''); // a trailing unit: 30m, 12.5 m, 40mm
  if (!/^[-+]?[\d.,]*\d[\d.,]*$/.test(s)) return null;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  if (dots && commas) {
    // The later separator is the decimal one.
    s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (commas === 1) s = s.replace(',', '.');
  else if (commas > 1) s = s.replace(/,/g, '');
  else if (dots > 1) s = s.replace(/\./g, '');
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A coordinate: a number as parseNumber reads it, or degrees-minutes-seconds (20°51'30.5"N). */
export function parseCoordinate(v: unknown): number | null {
  const n = parseNumber(v);
  if (n !== null) return n;
  if (typeof v !== 'string') return null;
  const m = /^\s*([-+]?)(\d+(?:[.,]\d+)?)\s*[°º:d ]\s*(?:(\d+(?:[.,]\d+)?)\s*['′’: m]\s*)?(?:(\d+(?:[.,]\d+)?)\s*(?:["″”]|''|s)?\s*)?([NSEW])?\s*$/i.exec(v);
  if (!m) return null;
  const num = (s: string | undefined) => (s ? Number(s.replace(',', '.')) : 0);
  const deg = num(m[2]) + num(m[3]) / 60 + num(m[4]) / 3600;
  const neg = m[1] === '-' || /[SW]/i.test(m[5] ?? '');
  return neg ? -deg : deg;
}

const OWNER_ALIASES: Record<string, string> = {
  viettel: 'Viettel',
  vietel: 'Viettel',
  vtl: 'Viettel',
  tap_doan_viettel: 'Viettel',
  vnpt: 'VNPT',
  vinaphone: 'VNPT',
  vnpt_vinaphone: 'VNPT',
  vnptvinaphone: 'VNPT',
  vina: 'VNPT',
  vnp: 'VNPT',
  mobifone: 'MobiFone',
  mobiphone: 'MobiFone',
  mobi: 'MobiFone',
  mbf: 'MobiFone',
  vms: 'MobiFone',
  vietnamobile: 'Vietnamobile',
  vietnam_mobile: 'Vietnamobile',
  vnmobile: 'Vietnamobile',
  vnm: 'Vietnamobile',
  towerco: 'TowerCo',
  tower_co: 'TowerCo',
  fpt: 'FPT',
  fpt_telecom: 'FPT',
  city: 'city',
  thanh_pho: 'city',
  nha_nuoc: 'city',
  ubnd: 'city',
  ubnd_thanh_pho: 'city',
  evn: 'EVN',
  dien_luc: 'EVN',
  evn_hai_phong: 'EVN',
  shared: 'shared',
  dung_chung: 'shared',
};

/** 'VNPT-VinaPhone' -> 'VNPT', 'Mobifone' -> 'MobiFone', 'VNM' -> 'Vietnamobile'; null when unknown. */
export function normalizeOwner(v: unknown): string | null {
  const k = key(v);
  const direct = OWNERS.find((o) => o.toLowerCase() === k);
  return direct ?? OWNER_ALIASES[k] ?? null;
}

const CODE_ALIASES: Record<string, AssetCode> = {
  cot_treo_cap: 'POLE_TELECOM',
  cot_vien_thong: 'POLE_TELECOM',
  cot_dien: 'POLE_POWER_SHARED',
  cot_dien_dung_chung: 'POLE_POWER_SHARED',
  cong: 'UG_DUCT',
  cong_be: 'UG_DUCT',
  tuyen_ong: 'UG_DUCT',
  tuyen_cong: 'UG_DUCT',
  duct: 'UG_DUCT',
  be_cap: 'UG_MANHOLE',
  ho_cap: 'UG_MANHOLE',
  ham_cap: 'UG_MANHOLE',
  manhole: 'UG_MANHOLE',
  hao_ky_thuat: 'UG_TRENCH',
  tuy_nen: 'UG_TUNNEL',
  tuynen: 'UG_TUNNEL',
  tuy_nen_ky_thuat: 'UG_TUNNEL',
  cap_treo: 'ROUTE_AERIAL',
  tuyen_cap_treo: 'ROUTE_AERIAL',
  cap_ngam: 'ROUTE_UG',
  tuyen_cap_ngam: 'ROUTE_UG',
  nha_tram: 'STATION',
  tram_vien_thong: 'STATION',
  pop: 'STATION',
  olt: 'STATION',
  trung_tam_du_lieu: 'DC',
  data_center: 'DC',
  datacenter: 'DC',
  data_centre: 'DC',
  diem_giao_dich: 'SVC_STAFFED',
  cua_hang: 'SVC_STAFFED',
  wifi: 'SVC_UNSTAFFED',
  wifi_cong_cong: 'SVC_UNSTAFFED',
  kiosk: 'SVC_UNSTAFFED',
};

/** 'A2b', 'cột A2b', 'ant_a2b' -> 'ANT_A2B'; 'bể cáp' -> 'UG_MANHOLE'; null when unknown. */
export function normalizeCode(v: unknown): string | null {
  const k = key(v);
  if (!k) return null;
  const direct = ASSET_CODES.find((c) => c.toLowerCase() === k);
  if (direct) return direct;
  const a = /(?:^|_)a([12])([abc])$/.exec(k);
  if (a) return `ANT_A${a[1]}${a[2].toUpperCase()}`;
  return CODE_ALIASES[k] ?? null;
}

const STATUS_ALIASES: [RegExp, string][] = [
  [/^(hien_trang|hien_co|existing|da_xay_dung|dang_hoat_dong|dang_su_dung|hoat_dong)$/, 'existing'],
  [/^(quy_hoach|quy_hoach_moi|planned|xay_moi|du_kien|new|phat_trien_moi|lap_moi)$/, 'planned'],
  [/^(cai_tao|nang_cap|upgrade|cai_tao_nang_cap)$/, 'upgrade'],
  [/^(chuyen_doi|convert|chuyen_doi_a2_a1|chuyen_doi_a2_sang_a1)$/, 'convert'],
  [/^(di_doi|giai_toa|di_doi_giai_toa|remove|thao_do|di_chuyen)$/, 'remove'],
  [/^(ung_vien|candidate|de_xuat)$/, 'candidate'],
];

/** 'hiện trạng' -> 'existing', 'quy hoạch' -> 'planned' ...; null when unknown. */
export function normalizeStatus(v: unknown): string | null {
  const k = key(v);
  if ((STATUSES as readonly string[]).includes(k)) return k;
  for (const [re, s] of STATUS_ALIASES) if (re.test(k)) return s;
  return null;
}

/** '2026-2030', 'đến 2030' -> '2030'; '2031–2040', 'tầm nhìn 2040' -> '2040'; 'hiện trạng', '2025' -> 'baseline'. */
export function normalizePhase(v: unknown): string | null {
  const k = key(v);
  if (!k) return null;
  if (/2040/.test(k)) return '2040';
  if (/2030/.test(k)) return '2030';
  if (/^(baseline|hien_trang|hien_co|2025|nen)$/.test(k)) return 'baseline';
  return null;
}

const TECH: Record<string, string> = { '2g': '2G', gsm: '2G', '3g': '3G', umts: '3G', wcdma: '3G', '4g': '4G', lte: '4G', '5g': '5G', nr: '5G' };
const TECH_ORDER = ['2G', '3G', '4G', '5G'];

function splitList(v: unknown): string[] {
  return String(v)
    .split(/[,;/|+&\n]+|\s+và\s+|\s+and\s+/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** '4G, 5G', 'LTE/NR' -> '4G,5G'; unknown items are kept as written so validation names them. */
export function normalizeTech(v: unknown): string {
  const items = splitList(v).flatMap((s) => (/^(\d)g(\s+\d)g?$/i.test(s) ? s.split(/\s+/) : [s]));
  const out = [...new Set(items.map((s) => TECH[key(s)] ?? s))];
  return out.sort((a, b) => (TECH_ORDER.indexOf(a) + 1 || 99) - (TECH_ORDER.indexOf(b) + 1 || 99)).join(',');
}

/** 'Viettel; Vinaphone' -> 'Viettel,VNPT'. */
export function normalizeTenants(v: unknown): string {
  return [...new Set(splitList(v).map((s) => normalizeOwner(s) ?? s))].join(',');
}

/** 'có', 'x', 'yes', 1 -> true; 'không', 'no', 0 -> false; null when unclear. */
export function parseBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  const k = key(v);
  if (/^(co|x|yes|y|true|1|dung|dung_chung)$/.test(k)) return true;
  if (/^(khong|no|n|false|0|sai)$/.test(k)) return false;
  return null;
}

const ENUM_ALIASES: Record<string, Record<string, string>> = {
  structure: {
    tu_dung: 'self_supporting',
    cot_tu_dung: 'self_supporting',
    day_co: 'guyed',
    cot_day_co: 'guyed',
    don_than: 'monopole',
    cot_don_than: 'monopole',
    nguy_trang: 'camouflaged',
    cot_nguy_trang: 'camouflaged',
    cot_tren_mai: 'rooftop_mast',
    tren_mai: 'rooftop_mast',
    rooftop: 'rooftop_mast',
  },
  road_class: {
    quoc_lo: 'national',
    tinh_lo: 'provincial',
    duong_tinh: 'provincial',
    duong_xa: 'commune',
    duong_pho_chinh: 'urban_main',
    duong_pho: 'urban_street',
    duong_sat: 'railway',
  },
  kind: { ho_cap: 'ho_cap', ham_cap: 'ham_cap' },
};

function normalizeEnum(spec: FieldSpec, v: unknown): unknown {
  const k = key(v);
  const exact = spec.values?.find((x) => x.toLowerCase() === k || key(x) === k);
  if (exact) return exact;
  return ENUM_ALIASES[spec.name]?.[k] ?? (typeof v === 'string' ? v.trim() : v);
}

const COMMON_SPEC = new Map(COMMON_FIELDS.map((f) => [f.name, f]));
const ANY_SPEC = new Map<string, FieldSpec>();
for (const fs of Object.values(CODE_FIELDS)) for (const f of fs) if (!ANY_SPEC.has(f.name)) ANY_SPEC.set(f.name, f);

function specFor(field: string, code: string | null): FieldSpec | undefined {
  return COMMON_SPEC.get(field) ?? (code && code in CODE_FIELDS ? CODE_FIELDS[code as AssetCode].find((f) => f.name === field) : undefined) ?? ANY_SPEC.get(field);
}

/** One value converted to its field's type; a value that cannot be converted is kept as written, so validation shows it. */
export function coerceValue(field: string, v: unknown, code: string | null = null): unknown {
  if (isBlank(v)) return undefined;
  switch (field) {
    case 'owner':
      return normalizeOwner(v) ?? String(v).trim();
    case 'code':
      return normalizeCode(v) ?? String(v).trim();
    case 'status':
      return normalizeStatus(v) ?? String(v).trim();
    case 'phase':
      return normalizePhase(v) ?? String(v).trim();
    case 'tech':
      return normalizeTech(v);
    case 'tenants':
      return normalizeTenants(v);
  }
  const spec = specFor(field, code);
  if (!spec) return typeof v === 'string' ? v.trim() : v;
  switch (spec.type) {
    case 'number':
    case 'int':
      return parseNumber(v) ?? v;
    case 'bool':
      return parseBool(v) ?? v;
    case 'enum':
      return normalizeEnum(spec, v);
    case 'list':
      return splitList(v).join(',');
    case 'string':
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : String(v);
  }
}

export interface MappingDefaults {
  code?: string;
  owner?: string;
  status?: string;
  phase?: string;
}

/**
 * A source row or feature's properties -> taxonomy properties. Only mapped fields are kept
 * (coordinates excluded: they make the geometry), text NFC-normalised; the defaults fill code, owner, status and
 * phase when the row carries none.
 */
export function applyMapping(row: Record<string, unknown>, mapping: FieldMapping, defaults: MappingDefaults = {}): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const raw = (t: string) => {
    const col = mapping[t];
    return col === null || col === undefined ? undefined : row[col];
  };
  const code = coerceValue('code', raw('code'));
  const codeStr = typeof code === 'string' ? code : isBlank(defaults.code) ? null : (normalizeCode(defaults.code) ?? defaults.code!);
  for (const t in mapping) {
    if (mapping[t] === null || mapping[t] === undefined || COORD_SET.has(t)) continue;
    const v = t === 'code' ? code : coerceValue(t, raw(t), codeStr);
    // Text is kept NFC-normalised (code pages such as Windows-1258 decode to combining marks).
    if (v !== undefined) props[t] = typeof v === 'string' ? v.normalize('NFC') : v;
  }
  const fill: [keyof MappingDefaults, (v: unknown) => unknown][] = [
    ['code', (v) => normalizeCode(v) ?? v],
    ['owner', (v) => normalizeOwner(v) ?? v],
    ['status', (v) => normalizeStatus(v) ?? v],
    ['phase', (v) => normalizePhase(v) ?? v],
  ];
  for (const [k, norm] of fill) if (props[k] === undefined && !isBlank(defaults[k])) props[k] = norm(defaults[k]);
  return props;
}
