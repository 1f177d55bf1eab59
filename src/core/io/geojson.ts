/**
 * GeoJSON: a FeatureCollection, a single Feature or a bare geometry. A legacy `crs` member
 * (GeoJSON 2008, e.g. "urn:ogc:def:crs:EPSG::9210") is honoured when it names a system we know.
 */
import { normalizeCrs } from '../geo/crs';
import { decodeText, fail, type RawData, type RawItem, type ReadContext } from './raw';
import type { Msg } from './types';

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonError(text: string, e: unknown): never {
  const m = e instanceof Error ? e.message : '';
  const pos = Number(/position (\d+)/.exec(m)?.[1] ?? NaN);
  const truncated = /end of (JSON )?input|Unterminated|Unexpected end/i.test(m);
  let where = '';
  if (Number.isFinite(pos)) {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    where = ` (${line}:${pos - before.lastIndexOf('\n')})`;
  }
  if (truncated)
    fail('bad_json', 'Tệp GeoJSON bị cắt cụt (JSON kết thúc giữa chừng); hãy tải hoặc xuất lại tệp.', 'The GeoJSON file is truncated (the JSON ends part-way); download or export it again.');
  fail('bad_json', `Tệp GeoJSON không phải JSON hợp lệ${where}.`, `The GeoJSON file is not valid JSON${where}.`);
}

export async function readGeoJson(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  if (!text.trim()) fail('empty', 'Tệp GeoJSON trống.', 'The GeoJSON file is empty.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    jsonError(text, e);
  }
  ctx.onProgress?.(bytes.length, bytes.length);
  let features: unknown[];
  if (isObject(doc) && doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) fail('bad_geojson', 'FeatureCollection không có mảng "features".', 'The FeatureCollection has no "features" array.');
    features = doc.features;
  } else if (isObject(doc) && doc.type === 'Feature') features = [doc];
  else if (isObject(doc) && typeof doc.type === 'string' && GEOMETRY_TYPES.includes(doc.type)) features = [{ type: 'Feature', geometry: doc, properties: {} }];
  else if (Array.isArray(doc) && doc.every((f) => isObject(f) && f.type === 'Feature')) features = doc;
  else {
    const t = isObject(doc) ? JSON.stringify(doc.type ?? null) : Array.isArray(doc) ? 'array' : typeof doc;
    if (isObject(doc) && doc.type === 'Topology') fail('bad_geojson', 'Tệp là TopoJSON, không phải GeoJSON; hãy chuyển sang GeoJSON trước.', 'The file is TopoJSON, not GeoJSON; convert it to GeoJSON first.');
    fail('bad_geojson', `Tệp JSON không phải GeoJSON (type = ${t}).`, `The JSON file is not GeoJSON (type = ${t}).`);
  }
  if (!features.length) fail('no_features', 'Tệp GeoJSON không có đối tượng nào.', 'The GeoJSON file has no features.');

  const fields = new Set<string>();
  const items: RawItem[] = features.map((f, i) => {
    const o = isObject(f) ? f : {};
    const props = isObject(o.properties) ? { ...o.properties } : {};
    // A top-level feature id is an id too, when the properties carry none.
    if (o.id !== undefined && o.id !== null && props.id === undefined) props.id = o.id;
    for (const k of Object.keys(props)) fields.add(k);
    const g = o.geometry;
    return { row: i + 1, geometry: isObject(g) ? (g as unknown as RawItem['geometry']) : null, properties: props };
  });

  const warnings: Msg[] = [];
  let declaredCrs: string | null = null;
  if (isObject(doc) && isObject(doc.crs)) {
    const name = isObject(doc.crs.properties) ? String(doc.crs.properties.name ?? '') : '';
    declaredCrs = normalizeCrs(name);
    if (!declaredCrs && name)
      warnings.push({ vi: `Hệ tọa độ khai báo trong tệp (${name}) không được hỗ trợ; bỏ qua.`, en: `The CRS the file declares (${name}) is not supported; ignored.` });
  }
  return { items, fields: [...fields], tabular: false, declaredCrs, warnings };
}
