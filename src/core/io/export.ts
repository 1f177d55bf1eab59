/**
 * Export: a profile (public, carrier:NAME, full) applied to features, written as GeoJSON
 * (RFC 7946), FlatGeobuf, CSV or KML, with its file name and, for the public profile, a
 * bilingual field documentation sidecar (`<file>.fields.md`) that also carries the plan
 * metadata (name, phase, date, thresholds without unit prices, source attributions).
 *
 * Pure: bytes in memory, nothing written. The CLI (`hatang export`, `hatang convert`) and the
 * app write `fileName`, `sidecar` and `companions` side by side.
 */
import { slug } from '../slug';
import type { ExportFormat, ExportMeta, ExportOutput, ExportProfile } from './types';
import { writeFgb, type Column, type GeoFeature } from './fgb';
import { exportColumns } from './columns-infer';
import { commonGeometryType, outGeometry } from './geom-out';
import { writeGeojson } from './geojson-write';
import { csvCompanions, csvLayout, writeCsv } from './csv-write';
import { writeKml } from './kml-write';
import { CONFIDENTIAL_FIELDS, SECURITY_CODES, applyProfile, metaForProfile, profileSlug, type ProfileContext } from './redact';
import { vi } from '../../i18n/vi';
import { en } from '../../i18n/en';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'fgb', 'csv', 'kml'];

export const FORMAT_EXT: Record<ExportFormat, string> = { geojson: '.geojson', fgb: '.fgb', csv: '.csv', kml: '.kml' };

export const FORMAT_MIME: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  fgb: 'application/vnd.flatgeobuf',
  csv: 'text/csv;charset=utf-8',
  kml: 'application/vnd.google-earth.kml+xml',
};

/** The export format a file name asks for (by extension; `.json` is GeoJSON), or null. */
export function formatFromFileName(name: string): ExportFormat | null {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  const ext = m?.[1].toLowerCase();
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  if (ext === 'fgb' || ext === 'csv' || ext === 'kml') return ext;
  return null;
}

export interface ExportOptions extends ProfileContext {
  profile: ExportProfile;
  format: ExportFormat;
  meta: ExportMeta;
  /** Layer name (one dataset layer, `plan`, ...); absent for a whole-plan export. */
  layer?: string;
}

export interface ExportResult extends ExportOutput {
  /** Features written (after the profile). */
  count: number;
  /** Files GIS software reads beside the export: a CSV's `.csvt` (column types) and `.prj` (WGS 84). */
  companions: { fileName: string; text: string }[];
}

export { slug };

/** `<plan name>-<profile>[-<layer>].<ext>`, e.g. `phuong-an-2030-public-sites.geojson`. */
export function exportFileName(meta: ExportMeta, profile: ExportProfile, format: ExportFormat, layer?: string): string {
  const parts = [slug(meta.name), profileSlug(profile)];
  if (layer) parts.push(slug(layer, 'layer'));
  return parts.join('-') + FORMAT_EXT[format];
}

/** The sidecar's name beside an export: `<file>.fields.md` (extension replaced). */
export function sidecarFileName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '') + '.fields.md';
}

const PROFILE_TEXT: Record<ExportProfile['kind'], { vi: string; en: string }> = {
  public: { vi: 'Bản công bố tham vấn cộng đồng', en: 'Public consultation export' },
  carrier: { vi: 'Gói dữ liệu cho doanh nghiệp', en: 'Carrier package' },
  full: { vi: 'Bản đầy đủ (nội bộ)', en: 'Full export (internal)' },
};

type Catalogue = Record<string, string>;
const viFields = vi.fields as Catalogue;
const enFields = en.fields as Catalogue;

/** Vietnamese and English name of a field (the app's catalogues; the field name itself when it has none). */
export function fieldNames(name: string): { vi: string; en: string; known: boolean } {
  const v = viFields[name];
  const e = enFields[name];
  return { vi: v ?? name, en: e ?? name, known: v !== undefined && e !== undefined };
}

const KIND_TEXT: Record<Column['kind'], string> = { string: 'văn bản / text', number: 'số / number', int: 'số nguyên / integer', bool: 'đúng-sai / true-false' };

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function profileLine(profile: ExportProfile): string {
  const t = PROFILE_TEXT[profile.kind];
  return profile.kind === 'carrier' ? `${t.vi} ${profile.carrier} / ${t.en}: ${profile.carrier}` : `${t.vi} / ${t.en}`;
}

/** Export metadata as written into GeoJSON `metadata` (plain JSON). */
function metadataObject(meta: ExportMeta, profile: ExportProfile, layer: string | undefined, columns: Column[]): Record<string, unknown> {
  const m: Record<string, unknown> = { name: meta.name };
  if (meta.phase !== undefined) m.phase = meta.phase;
  m.date = meta.date;
  m.profile = profileSlug(profile);
  if (layer !== undefined) m.layer = layer;
  m.coordinates = 'WGS 84 longitude, latitude (EPSG:4326), 7 decimals';
  if (meta.thresholds) m.thresholds = meta.thresholds;
  if (meta.attributions?.length) m.attributions = meta.attributions;
  if (profile.kind === 'public') m.fields = columns.map((c) => ({ name: c.name, ...pick(fieldNames(c.name)) }));
  m.generator = 'hatang';
  return m;
}

function pick(n: { vi: string; en: string }): { vi: string; en: string } {
  return { vi: n.vi, en: n.en };
}

function kmlDescription(meta: ExportMeta, profile: ExportProfile): string {
  const lines = [profileLine(profile), `${meta.name}`];
  if (meta.phase) lines.push(`Giai đoạn / Phase: ${meta.phase}`);
  lines.push(`Ngày / Date: ${meta.date}`);
  for (const a of meta.attributions ?? []) lines.push(`${a.text} (${a.licence})`);
  return lines.join('\n');
}

/** The bilingual field documentation (Markdown) of a public export. */
export function fieldsDoc(args: { fileName: string; meta: ExportMeta; profile: ExportProfile; layer?: string; format: ExportFormat; features: readonly GeoFeature[]; columns: Column[] }): string {
  const { meta, profile, layer, format, features, columns } = args;
  const out: string[] = [];
  out.push(`# ${meta.name}`, '', `${profileLine(profile)} · \`${args.fileName}\``, '');
  out.push('| Mục / Item | Giá trị / Value |', '|---|---|');
  out.push(`| Phương án / Plan | ${mdCell(meta.name)} |`);
  if (meta.phase) out.push(`| Giai đoạn / Phase | ${mdCell(meta.phase)} |`);
  out.push(`| Ngày / Date | ${mdCell(meta.date)} |`);
  if (layer) out.push(`| Lớp / Layer | ${mdCell(layer)} |`);
  out.push(`| Số đối tượng / Features | ${features.length} |`);
  out.push('| Hệ toạ độ / Coordinates | WGS 84 (EPSG:4326), kinh độ, vĩ độ / longitude, latitude; 7 chữ số thập phân / decimals |');
  out.push('');
  out.push('## Trường dữ liệu / Fields', '');
  out.push('| Trường / Field | Tiếng Việt | English | Kiểu / Type |', '|---|---|---|---|');
  for (const c of columns) {
    const n = fieldNames(c.name);
    out.push(`| \`${mdCell(c.name)}\` | ${mdCell(n.vi)} | ${mdCell(n.en)} | ${KIND_TEXT[c.kind]} |`);
  }
  if (format === 'csv') {
    const layout = csvLayout(features);
    for (const c of layout.columns) if (c.header !== c.name) out.push(`| \`${mdCell(c.header)}\` | = \`${mdCell(c.name)}\` | = \`${mdCell(c.name)}\` | ${KIND_TEXT[c.kind]} |`);
    if (layout.geometry === 'lonlat') {
      out.push('| `lon` | Kinh độ (WGS 84) | Longitude (WGS 84) | số / number |');
      out.push('| `lat` | Vĩ độ (WGS 84) | Latitude (WGS 84) | số / number |');
    } else out.push('| `wkt` | Hình học dạng WKT (WGS 84) | Geometry as WKT (WGS 84) | văn bản / text |');
  }
  out.push('');
  const codes = [...new Set(features.map((f) => f.properties.code).filter((c): c is string => typeof c === 'string'))].sort();
  if (codes.length) {
    out.push('## Loại công trình / Asset codes', '', '| `code` | Tiếng Việt | English |', '|---|---|---|');
    const vc = vi.codes as Catalogue;
    const ec = en.codes as Catalogue;
    for (const c of codes) out.push(`| \`${mdCell(c)}\` | ${mdCell(vc[c] ?? c)} | ${mdCell(ec[c] ?? c)} |`);
    out.push('');
  }
  out.push('## Đã lược bỏ / Withheld', '');
  out.push(`- Công trình viễn thông quan trọng liên quan đến an ninh quốc gia (${SECURITY_CODES.map((c) => `\`${c}\``).join(', ')}) không được công bố. / Security-critical telecom works are not published.`);
  const withheld = CONFIDENTIAL_FIELDS.map((f) => {
    const n = fieldNames(f);
    return n.known ? `\`${f}\` (${n.vi} / ${n.en})` : `\`${f}\``;
  });
  out.push(`- Thông tin thương mại, công suất còn trống và chi phí được lược bỏ / Confidential attributes (tenancy, free capacity, costs, unit prices) are removed: ${withheld.join(', ')}; và mọi trường về chi phí, đơn giá, thuê / and any field about costs, prices or rent.`);
  out.push('');
  if (meta.thresholds && Object.keys(meta.thresholds).length) {
    out.push('## Ngưỡng phân tích / Analysis thresholds', '', '```json', JSON.stringify(meta.thresholds, null, 2), '```', '');
  }
  if (meta.attributions?.length) {
    out.push('## Nguồn dữ liệu / Sources', '');
    for (const a of meta.attributions) out.push(`- ${mdCell(a.text)} (${mdCell(a.licence)})`);
    out.push('');
  }
  return out.join('\n');
}

/** Values of declared-text columns as text (FlatGeobuf cannot hold a number in a String column). */
function fgbReady(features: readonly GeoFeature[], columns: Column[]): GeoFeature[] {
  const text = columns.filter((c) => c.kind === 'string').map((c) => c.name);
  return features.map((f) => {
    let props: Record<string, unknown> | null = null;
    for (const k of text) {
      const v = f.properties[k];
      if (v !== null && v !== undefined && typeof v !== 'string') (props ??= { ...f.properties })[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return { type: 'Feature', geometry: outGeometry(f.geometry), properties: props ?? f.properties };
  });
}

/** Apply `profile` to `features` and write them as `format`. */
export function exportFeatures(features: readonly GeoFeature[], opts: ExportOptions): ExportResult {
  const { profile, format, layer } = opts;
  const published = applyProfile(features, profile, { planFeatureIds: opts.planFeatureIds, nearby_m: opts.nearby_m });
  const meta = metaForProfile(opts.meta, profile);
  const columns = exportColumns(published);
  const fileName = exportFileName(meta, profile, format, layer);
  const layerName = layer ?? slug(meta.name);
  let bytes: Uint8Array;
  switch (format) {
    case 'geojson':
      bytes = writeGeojson(published, { name: layerName, metadata: metadataObject(meta, profile, layer, columns) });
      break;
    case 'fgb':
      bytes = writeFgb(fgbReady(published, columns), columns, commonGeometryType(published));
      break;
    case 'csv':
      bytes = writeCsv(published);
      break;
    case 'kml':
      bytes = writeKml(published, { name: meta.name, description: kmlDescription(meta, profile), folder: layerName });
      break;
    default:
      throw new Error(`unknown export format ${JSON.stringify(format)} (${EXPORT_FORMATS.join(', ')})`);
  }
  const out: ExportResult = { fileName, bytes, mime: FORMAT_MIME[format], count: published.length, companions: format === 'csv' ? csvCompanions(published, fileName) : [] };
  if (profile.kind === 'public')
    out.sidecar = { fileName: sidecarFileName(fileName), text: fieldsDoc({ fileName, meta, profile, layer, format, features: published, columns }) };
  return out;
}
