/**
 * Zipped Shapefile (.shp + .dbf, with .prj and .cpg). The members are taken out with jszip and
 * parsed with shpjs's own .shp and .dbf readers. The .prj is read here rather than by shpjs,
 * because shpjs would reproject with the .prj's datum as written, and VN-2000 .prj files carry
 * no or wrongly-signed TOWGS84; here the .prj only names the system (crsFromPrj) and the
 * importer transforms with EPSG:6960.
 */
import JSZip from 'jszip';
import { parseDbf, parseShp } from 'shpjs';
import { crsFromPrj, normalizeCrs } from '../geo/crs';
import { decodeText, fail, type RawData, type RawItem, type ReadContext } from './raw';
import type { Msg } from './types';

export async function readShpZip(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    fail('bad_zip', 'Tệp .zip hỏng hoặc không phải tệp nén zip.', 'The .zip file is damaged or not a zip archive.');
  }
  const files = Object.values(zip.files).filter((f) => !f.dir && !f.name.includes('__MACOSX'));
  const shps = files.filter((f) => /\.shp$/i.test(f.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (!shps.length) {
    const listed = files.map((f) => f.name).slice(0, 5).join(', ') || '—';
    fail('no_shp', `Tệp .zip không chứa Shapefile (.shp). Các tệp bên trong: ${listed}.`, `The .zip file contains no Shapefile (.shp). Files inside: ${listed}.`);
  }
  const shp = shps[0];
  const base = shp.name.slice(0, -4).toLowerCase();
  const part = (ext: string) => files.find((f) => f.name.toLowerCase() === `${base}.${ext}`);
  const warnings: Msg[] = [];
  if (shps.length > 1)
    warnings.push({
      vi: `Tệp .zip có ${shps.length} lớp Shapefile; chỉ đọc lớp “${shp.name}”.`,
      en: `The .zip holds ${shps.length} Shapefile layers; only “${shp.name}” was read.`,
    });

  const prjFile = part('prj');
  const prj = prjFile ? decodeText(await prjFile.async('uint8array')) : null;
  let declaredCrs: string | null = null;
  const userCrs = normalizeCrs(ctx.crs);
  if (prj !== null) {
    declaredCrs = crsFromPrj(prj);
    if (!declaredCrs && !userCrs) {
      const name = /^\s*\w+\[\s*"([^"]*)"/.exec(prj)?.[1] ?? prj.slice(0, 60);
      fail(
        'unknown_prj',
        `Không nhận ra hệ tọa độ trong tệp .prj (“${name}”). Hãy chọn hệ tọa độ (ví dụ VN-2000 / TM-3 105°45′, EPSG:9210) rồi nhập lại.`,
        `The .prj file's coordinate system (“${name}”) is not recognised. Choose the coordinate system (e.g. VN-2000 / TM-3 105°45′, EPSG:9210) and import again.`,
      );
    }
  } else if (!userCrs) {
    fail(
      'no_prj',
      `Shapefile “${shp.name}” không có tệp .prj nên không biết hệ tọa độ. Hãy chọn hệ tọa độ (ví dụ VN-2000 / TM-3 105°45′, EPSG:9210) rồi nhập lại.`,
      `Shapefile “${shp.name}” has no .prj file, so its coordinate system is unknown. Choose the coordinate system (e.g. VN-2000 / TM-3 105°45′, EPSG:9210) and import again.`,
    );
  }

  let geoms: ReturnType<typeof parseShp>;
  try {
    geoms = parseShp(await shp.async('uint8array'));
  } catch {
    fail('bad_shp', `Tệp “${shp.name}” hỏng hoặc không phải Shapefile.`, `“${shp.name}” is damaged or not a Shapefile.`);
  }
  ctx.onProgress?.(bytes.length / 2, bytes.length);

  const dbfFile = part('dbf');
  const cpgFile = part('cpg');
  let records: Record<string, unknown>[] = [];
  if (dbfFile) {
    const cpg = cpgFile ? decodeText(await cpgFile.async('uint8array')).trim() : undefined;
    try {
      records = parseDbf(await dbfFile.async('uint8array'), cpg);
    } catch {
      fail('bad_dbf', `Tệp thuộc tính “${dbfFile.name}” hỏng.`, `The attribute file “${dbfFile.name}” is damaged.`);
    }
  } else
    warnings.push({ vi: 'Shapefile không có tệp .dbf: các đối tượng không có thuộc tính.', en: 'The Shapefile has no .dbf file: the features have no attributes.' });
  if (dbfFile && records.length !== geoms.length)
    warnings.push({
      vi: `Số bản ghi .dbf (${records.length}) khác số hình .shp (${geoms.length}).`,
      en: `The .dbf has ${records.length} records but the .shp has ${geoms.length} shapes.`,
    });

  const fields = records.length ? Object.keys(records[0]) : [];
  const items: RawItem[] = geoms.map((g, i) => ({ row: i + 1, geometry: g, properties: { ...(records[i] ?? {}) } }));
  if (!items.length) fail('no_features', `Shapefile “${shp.name}” không có đối tượng nào.`, `Shapefile “${shp.name}” has no features.`);
  ctx.onProgress?.(bytes.length, bytes.length);
  return { items, fields, tabular: false, declaredCrs, warnings };
}
