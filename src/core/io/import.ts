/**
 * File import: detect -> parse -> CRS (user > file's .prj / declaration > guessed > WGS 84)
 * -> WGS 84 -> taxonomy mapping -> validation report. Pure function of the bytes and options;
 * nothing is committed. Broken files throw ImportError with a bilingual message; a cancelled
 * import throws ImportCancelled.
 *
 * Not required here: `id` and `commune_code`. A row without an id is valid (the caller assigns
 * ids, as it must anyway to avoid clashes with the plan), and commune_code is the commune the
 * feature lies in, which the caller derives from the commune polygons.
 */
import { ASSET_CODES, type AssetCode } from '../model/taxonomy';
import { validateAsset } from '../model/validate';
import { CARRIERS } from '../model/taxonomy';
import { geometryProblem } from '../geo/valid';
import { isGeographic, normalizeCrs, toWgs84 } from '../geo/crs';
import type { GeoFeature } from './fgb';
import { detectFormat, inCity, looksBinary, sniffCoordinates } from './detect';
import { applyMapping, guessMapping, parseCoordinate, TARGET_FIELDS } from './mapping';
import { geometryMsg, ProblemList, show, validationMsg } from './problems';
import { checkCancel, fail, yieldAndCheck, type RawData, type RawGeometry, type RawItem, type ReadContext } from './raw';
import { geometrySelfIntersection } from './simple';
import { readCsv } from './csv';
import { readXlsx } from './xlsx';
import { readGeoJson } from './geojson';
import { readKml, readKmz } from './kml';
import { readShpZip } from './shp';
import { readFgbFile } from './fgb-import';
import { ImportCancelled, ImportError, type FieldMapping, type ImportFormat, type ImportOptions, type ImportReport, type ImportResult, type Msg } from './types';

const READERS: Record<ImportFormat, (b: Uint8Array, ctx: ReadContext) => Promise<RawData>> = {
  geojson: readGeoJson,
  fgb: readFgbFile,
  csv: readCsv,
  xlsx: readXlsx,
  kml: readKml,
  kmz: readKmz,
  'shp-zip': readShpZip,
};

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** Geometries each code may have (null: any). */
function allowedGeometry(code: string): string[] | null {
  const point = ['Point'];
  const line = ['LineString', 'MultiLineString'];
  const area = ['Polygon', 'MultiPolygon'];
  if (/^(ANT_|POLE_|SVC_)/.test(code) || code === 'UG_MANHOLE' || code === 'STATION') return point;
  if (/^(UG_DUCT|UG_TRENCH|UG_TUNNEL|ROUTE_|CORRIDOR|ROAD)/.test(code)) return line;
  if (code.startsWith('ZONE_')) return area;
  if (code === 'DC' || code === 'CRIT_SECURITY') return [...point, ...area];
  return null;
}

/** KML MultiGeometry and one-point MultiPoints (common in Shapefiles) made plain. */
function simplifyGeometry(g: RawGeometry): RawGeometry {
  if (g.type === 'GeometryCollection') {
    const parts = ((g as { geometries?: unknown }).geometries ?? []) as RawGeometry[];
    if (!Array.isArray(parts) || !parts.length) return g;
    if (parts.length === 1) return simplifyGeometry(parts[0]);
    const t = parts[0]?.type;
    if (parts.every((p) => p?.type === t) && (t === 'Point' || t === 'LineString' || t === 'Polygon'))
      return { type: `Multi${t}`, coordinates: parts.map((p) => p.coordinates) };
    return g;
  }
  if (g.type === 'MultiPoint' && Array.isArray(g.coordinates) && g.coordinates.length === 1) return { type: 'Point', coordinates: g.coordinates[0] };
  return g;
}

function positions(coords: unknown, depth: number, out: unknown[][]): void {
  if (!Array.isArray(coords)) return;
  if (depth === 0) out.push(coords);
  else for (const c of coords) positions(c, depth - 1, out);
}

function mapPositions(coords: unknown, depth: number, f: (a: number, b: number) => [number, number]): unknown {
  if (!Array.isArray(coords)) return coords;
  if (depth === 0) return coords.length >= 2 ? f(coords[0] as number, coords[1] as number) : coords;
  return coords.map((c) => mapPositions(c, depth - 1, f));
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Anything a library throws becomes a short bilingual ImportError (never a stack trace). */
function asImportError(e: unknown, name: string, format: ImportFormat): never {
  if (e instanceof ImportError || e instanceof ImportCancelled) throw e;
  const why = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 160);
  fail('read_failed', `Không đọc được tệp “${name}” (${format.toUpperCase()}): ${why}`, `Could not read the file “${name}” (${format.toUpperCase()}): ${why}`);
}

/** Parse, reproject, map and check a file. */
export async function importFile(bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  checkCancel(opts.signal);
  const name = opts.fileName || 'file';
  if (!bytes || bytes.length === 0) fail('empty', `Tệp “${name}” trống (0 byte).`, `The file “${name}” is empty (0 bytes).`);
  const format = opts.format ?? detectFormat(name, bytes);
  if (!format) {
    if (looksBinary(bytes))
      fail('unknown_format', `Không nhận ra định dạng của tệp “${name}” (dữ liệu nhị phân không rõ). Hỗ trợ: GeoJSON, FlatGeobuf, CSV, Excel, KML/KMZ, Shapefile (.zip).`, `The format of “${name}” is not recognised (unknown binary data). Supported: GeoJSON, FlatGeobuf, CSV, Excel, KML/KMZ, Shapefile (.zip).`);
    fail('unknown_format', `Không nhận ra định dạng của tệp “${name}”.`, `The format of “${name}” is not recognised.`);
  }
  const zipLike = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const oleLike = bytes[0] === 0xd0 && bytes[1] === 0xcf;
  if ((format === 'kmz' || format === 'shp-zip') && !zipLike)
    fail('bad_zip', `Tệp “${name}” không phải tệp nén zip.`, `The file “${name}” is not a zip archive.`);
  if (format === 'xlsx' && !zipLike && !oleLike && looksBinary(bytes))
    fail('bad_xlsx', `Tệp “${name}” không phải bảng tính Excel hợp lệ.`, `The file “${name}” is not a valid Excel workbook.`);
  if ((format === 'geojson' || format === 'csv' || format === 'kml') && looksBinary(bytes))
    fail('binary', `Tệp “${name}” chứa dữ liệu nhị phân, không phải văn bản ${format.toUpperCase()}.`, `The file “${name}” holds binary data, not ${format.toUpperCase()} text.`);
  if (format === 'fgb' && !(bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62))
    fail('bad_fgb', `Tệp “${name}” không phải FlatGeobuf.`, `The file “${name}” is not FlatGeobuf.`);

  const userCrs = opts.crs ? normalizeCrs(opts.crs) : null;
  if (opts.crs && !userCrs) fail('bad_crs', `Hệ tọa độ ${opts.crs} không được hỗ trợ.`, `The coordinate system ${opts.crs} is not supported.`);

  const ctx: ReadContext = { fileName: name, crs: userCrs ?? undefined, onProgress: opts.onProgress, signal: opts.signal };
  try {
    const raw = await READERS[format](bytes, ctx);
    checkCancel(opts.signal);
    return await buildResult(raw, format, opts, userCrs);
  } catch (e) {
    asImportError(e, name, format);
  }
}

async function buildResult(raw: RawData, format: ImportFormat, opts: ImportOptions, userCrs: string | null): Promise<ImportResult> {
  const warnings: Msg[] = [...raw.warnings];
  const mapping = resolveMapping(raw.fields, opts.mapping, warnings);
  const { items } = raw;

  // Whole-file geometry checks: a file whose features have no usable geometry at all is broken.
  if (!raw.tabular) {
    const types = new Set(items.map((it) => (it.geometry ? simplifyGeometry(it.geometry).type : 'null')));
    if ([...types].every((t) => !(t in DEPTH))) {
      const list = [...types].join(', ');
      if (types.size === 1 && types.has('null')) fail('no_geometry', 'Không đối tượng nào trong tệp có hình học.', 'No feature in the file has a geometry.');
      fail('wrong_geometry_type', `Tệp chỉ có kiểu hình học không được hỗ trợ (${list}); cần Point, LineString, Polygon hoặc dạng Multi.`, `The file has only unsupported geometry types (${list}); expected Point, LineString, Polygon or their Multi forms.`);
    }
  }

  // Coordinates of table rows, from the mapped columns.
  let useXY = false;
  let lonCol: string | null = null;
  let latCol: string | null = null;
  if (raw.tabular) {
    const hasLL = !!(mapping.lon && mapping.lat);
    const hasXY = !!(mapping.x && mapping.y);
    useXY = hasXY && (!hasLL || (userCrs !== null && !isGeographic(userCrs)));
    [lonCol, latCol] = useXY ? [mapping.x, mapping.y] : hasLL ? [mapping.lon, mapping.lat] : [null, null];
    if (!lonCol || !latCol)
      warnings.push({
        vi: 'Không tìm thấy cột tọa độ (kinh độ/vĩ độ hoặc X/Y VN-2000); hãy chọn cột trong bảng ghép trường.',
        en: 'No coordinate columns found (longitude/latitude or VN-2000 X/Y); choose them in the field mapping.',
      });
  }
  const pairs: ([number | null, number | null] | null)[] = raw.tabular
    ? items.map((it) => (lonCol && latCol ? [parseCoordinate(it.properties[lonCol]), parseCoordinate(it.properties[latCol])] : null))
    : [];

  // CRS: the user's choice, else the file's, else a guess from the columns; then the values' say.
  let crs: string;
  let source: ImportReport['crs']['source'];
  if (userCrs) [crs, source] = [userCrs, 'user'];
  else if (raw.declaredCrs) [crs, source] = [raw.declaredCrs, 'prj'];
  else if (useXY) [crs, source] = ['EPSG:9210', 'guessed'];
  else [crs, source] = ['EPSG:4326', 'default'];
  const samples: [number, number][] = [];
  if (raw.tabular) {
    for (const p of pairs) if (p && finite(p[0]) && finite(p[1])) samples.push([p[0], p[1]]);
  } else
    for (const it of items) {
      if (!it.geometry) continue;
      const g = simplifyGeometry(it.geometry);
      const ps: unknown[][] = [];
      positions(g.coordinates, DEPTH[g.type] ?? -1, ps);
      const p = ps[0];
      if (p && finite(p[0]) && finite(p[1])) samples.push([p[0], p[1]]);
    }
  const sniff = sniffCoordinates(samples, crs);
  warnings.push(...sniff.warnings);
  if (sniff.suggestedCrs && source !== 'user') [crs, source] = [sniff.suggestedCrs, 'guessed'];
  const swap = sniff.swap;
  const project = (a: number, b: number): [number, number] => (swap ? toWgs84(crs, b, a) : toWgs84(crs, a, b));

  // Row by row.
  const problems = new ProblemList(raw.tabular);
  const features: GeoFeature[] = [];
  const counts: Record<string, number> = {};
  const seen = new Map<string, number>();
  let noId = 0;
  const defaults = { code: opts.defaultCode, status: opts.defaultStatus, phase: opts.defaultPhase };
  const total = items.length;
  for (let i = 0; i < total; i++) {
    if (i % 2000 === 1999) {
      opts.onProgress?.(i, total);
      await yieldAndCheck(opts.signal);
    }
    const it = items[i];
    const props = applyMapping(it.properties, mapping, defaults);
    // Station lists rarely say who shares a site: its owner is then its only known tenant.
    if (String(props.code ?? '').startsWith('ANT_') && (props.tenants === undefined || props.tenants === null || props.tenants === '') && CARRIERS.includes(props.owner as never))
      props.tenants = String(props.owner);
    const id = props.id === undefined ? undefined : String(props.id);
    if (id !== undefined) props.id = id;
    let errors = 0;
    const err: typeof problems.add = (kind, row, fid, what, severity = 'error', field) => {
      if (severity === 'error') errors++;
      problems.add(kind, row, fid, what, severity, field);
    };

    const geometry = rowGeometry(it, raw.tabular && !it.geometry ? pairs[i] : undefined, lonCol, latCol, project, (kind, msg, field) => err(kind, it.row, id, msg, 'error', field));

    // Code and geometry type.
    const code = props.code;
    if (code === undefined) err('missing_code', it.row, id, { vi: 'thiếu mã loại công trình (code) và không có mã mặc định', en: 'no asset code and no default code' }, 'error', 'code');
    else if (!(ASSET_CODES as readonly unknown[]).includes(code))
      err('unknown_code', it.row, id, { vi: `mã loại không rõ “${show(code)}”`, en: `unknown asset code “${show(code)}”` }, 'error', 'code');
    else if (geometry) {
      const allowed = allowedGeometry(code as AssetCode);
      if (allowed && !allowed.includes(geometry.type))
        err('wrong_geometry_type', it.row, id, { vi: `mã ${code} cần hình học ${allowed.join('/')}, tệp có ${geometry.type}`, en: `code ${code} needs a ${allowed.join('/')} geometry, the file has ${geometry.type}` });
    }
    if (geometry) {
      const x = geometrySelfIntersection(geometry);
      if (x) {
        const isArea = geometry.type.endsWith('Polygon');
        const at = `${x[0].toFixed(5)}, ${x[1].toFixed(5)}`;
        err(
          'self_intersection',
          it.row,
          id,
          isArea ? { vi: `vùng tự cắt (gần ${at})`, en: `the polygon intersects itself (near ${at})` } : { vi: `đường tự cắt (gần ${at})`, en: `the line crosses itself (near ${at})` },
          isArea ? 'error' : 'warning',
        );
      }
      if (geometry.type === 'Point') {
        const [lon, lat] = geometry.coordinates as number[];
        if (!inCity(lon, lat))
          err('outside_city', it.row, id, { vi: `nằm ngoài khu vực Hải Phòng (${lon.toFixed(5)}, ${lat.toFixed(5)})`, en: `lies outside the Hai Phong area (${lon.toFixed(5)}, ${lat.toFixed(5)})` }, 'warning');
      }
    }

    // Ids.
    if (id === undefined || id === '') noId++;
    else {
      const first = seen.get(id);
      if (first !== undefined)
        err('duplicate_id', it.row, id, { vi: `mã “${id}” trùng với ${raw.tabular ? 'dòng' : 'đối tượng'} ${first}`, en: `id “${id}” duplicates ${raw.tabular ? 'row' : 'feature'} ${first}` }, 'error', 'id');
      else seen.set(id, it.row);
    }

    // Field values (code, id and commune_code are handled above or by the caller).
    for (const e of validateAsset(props)) {
      if (/^(code|id|commune_code): /.test(e)) continue;
      const v = validationMsg(e);
      err(v.kind, it.row, id, v.msg, 'error', v.field || undefined);
    }

    if (errors === 0 && geometry) {
      features.push({ type: 'Feature', geometry, properties: props });
      counts[String(props.code)] = (counts[String(props.code)] ?? 0) + 1;
    }
  }
  opts.onProgress?.(total, total);
  checkCancel(opts.signal);

  if (noId)
    warnings.push({
      vi: `${noId} / ${total} ${raw.tabular ? 'dòng' : 'đối tượng'} không có mã (id); mã sẽ được cấp khi nhập.`,
      en: `${noId} of ${total} ${raw.tabular ? 'rows have' : 'features have'} no id; ids are assigned on import.`,
    });

  const report: ImportReport = {
    format,
    crs: { code: crs, source },
    total,
    valid: features.length,
    problems: problems.listed,
    problemCounts: problems.counts,
    warnings,
    fields: raw.fields,
    mapping,
    counts,
  };
  return { features, report };
}

function resolveMapping(fields: string[], given: FieldMapping | undefined, warnings: Msg[]): FieldMapping {
  if (!given) return guessMapping(fields);
  const out: FieldMapping = {};
  for (const t of TARGET_FIELDS) out[t] = null;
  for (const [t, col] of Object.entries(given)) {
    if (col !== null && col !== undefined && !fields.includes(col)) {
      warnings.push({ vi: `Cột “${col}” (ghép vào ${t}) không có trong tệp; bỏ qua.`, en: `Column “${col}” (mapped to ${t}) is not in the file; ignored.` });
      out[t] = null;
    } else out[t] = col ?? null;
  }
  return out;
}

type RowFail = (kind: 'missing_coordinates' | 'bad_coordinates' | 'invalid_geometry', msg: Msg, field?: string) => void;

/** The WGS 84 geometry of one item, or null after reporting why there is none. */
function rowGeometry(
  it: RawItem,
  pair: [number | null, number | null] | null | undefined,
  lonCol: string | null,
  latCol: string | null,
  project: (a: number, b: number) => [number, number],
  bad: RowFail,
): GeoFeature['geometry'] | null {
  let g: RawGeometry;
  if (pair !== undefined) {
    if (!pair || !lonCol || !latCol) {
      bad('missing_coordinates', { vi: 'thiếu tọa độ (chưa chọn cột tọa độ)', en: 'missing coordinates (no coordinate columns chosen)' });
      return null;
    }
    for (const [v, col] of [
      [pair[0], lonCol],
      [pair[1], latCol],
    ] as const) {
      if (v !== null) continue;
      const cell = it.properties[col];
      if (cell === undefined || cell === null || String(cell).trim() === '') bad('missing_coordinates', { vi: `thiếu tọa độ (cột “${col}” trống)`, en: `missing coordinates (column “${col}” is empty)` }, col);
      else bad('bad_coordinates', { vi: `tọa độ không đọc được: cột “${col}” = “${show(cell)}”`, en: `unreadable coordinate: column “${col}” = “${show(cell)}”` }, col);
      return null;
    }
    g = { type: 'Point', coordinates: [pair[0], pair[1]] };
  } else {
    if (!it.geometry) {
      bad('missing_coordinates', { vi: 'không có hình học (tọa độ)', en: 'no geometry (coordinates)' });
      return null;
    }
    g = simplifyGeometry(it.geometry);
  }
  const depth = DEPTH[g.type];
  if (depth === undefined) {
    bad('invalid_geometry', geometryMsg(geometryProblem(g) ?? `unsupported geometry type ${JSON.stringify(g.type)}`));
    return null;
  }
  const src: unknown[][] = [];
  positions(g.coordinates, depth, src);
  const nonNumber = src.find((p) => p.length < 2 || !finite(p[0]) || !finite(p[1]));
  if (nonNumber) {
    bad('bad_coordinates', { vi: `tọa độ không phải số: ${show(nonNumber)}`, en: `coordinates are not numbers: ${show(nonNumber)}` });
    return null;
  }
  const coordinates = mapPositions(g.coordinates, depth, project);
  const out: GeoFeature['geometry'] = { type: g.type, coordinates };
  const wgs: unknown[][] = [];
  positions(coordinates, depth, wgs);
  const i = wgs.findIndex((p) => !finite(p[0]) || !finite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90);
  if (i >= 0) {
    const s = src[i] as number[];
    bad('bad_coordinates', {
      vi: `tọa độ ngoài phạm vi kinh/vĩ độ sau khi chuyển đổi: (${s[0]}, ${s[1]})`,
      en: `coordinates outside the longitude/latitude range after transformation: (${s[0]}, ${s[1]})`,
    });
    return null;
  }
  const why = geometryProblem(out);
  if (why) {
    bad('invalid_geometry', geometryMsg(why));
    return null;
  }
  return out;
}
