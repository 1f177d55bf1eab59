/**
 * FlatGeobuf import: the same library reader as `readFgb`, plus the header (the CRS code and
 * the column names) and progress / cancel between features.
 */
import { geojson as fgbGeojson } from 'flatgeobuf';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { crsFromPrj, normalizeCrs } from '../geo/crs';
import { checkCancel, fail, yieldAndCheck, type RawData, type RawItem, type ReadContext } from './raw';
import { ImportError, type Msg } from './types';

function truncated(): never {
  fail('bad_fgb', 'Tệp FlatGeobuf bị cắt cụt hoặc hỏng.', 'The FlatGeobuf file is truncated or damaged.');
}

/**
 * The library reads an in-memory file without bounds checks (a truncated header or feature can
 * make it loop on garbage), so the size prefixes are checked first: the header's before it is
 * read, every feature's once the header is known (from the header callback).
 */
function checkHeaderBounds(bytes: Uint8Array): void {
  if (bytes.length < 12) truncated();
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.length) truncated();
}

function checkFeatureBounds(bytes: Uint8Array, h: HeaderMeta): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12 + dv.getUint32(8, true);
  if (h.indexNodeSize > 0) offset += calcTreeSize(h.featuresCount, h.indexNodeSize);
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) truncated();
    const len = dv.getUint32(offset, true);
    if (len === 0 || offset + 4 + len > bytes.length) truncated();
    offset += 4 + len;
  }
}

export async function readFgbFile(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  let header: HeaderMeta | null = null;
  const items: RawItem[] = [];
  const fields = new Set<string>();
  checkHeaderBounds(bytes);
  try {
    const gen = fgbGeojson.deserialize(bytes, {
      headerMetaFn: (h: HeaderMeta) => {
        checkFeatureBounds(bytes, h);
        header = h;
      },
    }) as AsyncGenerator<{
      geometry: RawItem['geometry'];
      properties?: Record<string, unknown>;
    }>;
    for await (const f of gen) {
      const properties = { ...(f.properties ?? {}) };
      for (const k of Object.keys(properties)) fields.add(k);
      items.push({ row: items.length + 1, geometry: f.geometry ?? null, properties });
      if (items.length % 5000 === 0) {
        const total = (header as HeaderMeta | null)?.featuresCount || items.length;
        ctx.onProgress?.(items.length, total);
        await yieldAndCheck(ctx.signal);
      }
    }
  } catch (e) {
    checkCancel(ctx.signal);
    if (e instanceof ImportError) throw e;
    fail('bad_fgb', 'Tệp FlatGeobuf hỏng hoặc bị cắt cụt.', 'The FlatGeobuf file is damaged or truncated.');
  }
  const h = header as HeaderMeta | null;
  for (const c of h?.columns ?? []) fields.add(c.name);
  if (!items.length) fail('no_features', 'Tệp FlatGeobuf không có đối tượng nào.', 'The FlatGeobuf file has no features.');
  const warnings: Msg[] = [];
  let declaredCrs: string | null = null;
  const crs = h?.crs;
  if (crs && (crs.code > 0 || crs.wkt)) {
    declaredCrs = crs.code > 0 ? normalizeCrs(`${crs.org ?? 'EPSG'}:${crs.code}`) : crsFromPrj(crs.wkt ?? '');
    if (!declaredCrs)
      warnings.push({
        vi: `Hệ tọa độ của tệp (${crs.org ?? 'EPSG'}:${crs.code}) không được hỗ trợ; hãy chọn hệ tọa độ.`,
        en: `The file's CRS (${crs.org ?? 'EPSG'}:${crs.code}) is not supported; choose a CRS.`,
      });
  }
  ctx.onProgress?.(items.length, items.length);
  return { items, fields: [...fields], tabular: false, declaredCrs, warnings };
}
