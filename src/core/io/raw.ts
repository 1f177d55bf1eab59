/**
 * What a format reader hands to the importer: the source items before any CRS, mapping or
 * validation, plus helpers the readers share (text decoding, progress and cancel, errors).
 */
import { ImportCancelled, ImportError, type Msg } from './types';

export interface RawGeometry {
  type: string;
  coordinates: unknown;
}

export interface RawItem {
  /** 1-based row as the user sees it (sheet / CSV line) or feature number. */
  row: number;
  /** null for table rows: the coordinates come from mapped columns. */
  geometry: RawGeometry | null;
  properties: Record<string, unknown>;
}

export interface RawData {
  items: RawItem[];
  /** Source columns / property names, in file order. */
  fields: string[];
  /** True for CSV / Excel: positions come from columns. */
  tabular: boolean;
  /** CRS declared by the file itself (.prj, GeoJSON `crs`, FlatGeobuf header), when recognised. */
  declaredCrs?: string | null;
  /** File-level notes from the reader. */
  warnings: Msg[];
}

export interface ReadContext {
  fileName: string;
  /** The CRS chosen by the user, if any (a Shapefile without .prj needs one). */
  crs?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: { aborted: boolean };
}

export function fail(code: string, vi: string, en: string): never {
  throw new ImportError({ vi, en }, code);
}

export function checkCancel(signal?: { aborted: boolean }): void {
  if (signal?.aborted) throw new ImportCancelled('Import cancelled');
}

/** Let other messages (a cancel) through, then check the signal. */
export async function yieldAndCheck(signal?: { aborted: boolean }): Promise<void> {
  await new Promise<void>((r) => setTimeout(r, 0));
  checkCancel(signal);
}

/** Text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (Vietnamese ANSI). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('windows-1258').decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

/** Make column names unique and non-empty: '', 'X', 'X' -> 'column_1', 'X', 'X_2'. */
export function uniqueFields(names: unknown[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n, i) => {
    let s = n === null || n === undefined ? '' : String(n).replace(/\s+/g, ' ').trim();
    if (!s) s = `column_${i + 1}`;
    const k = seen.get(s) ?? 0;
    seen.set(s, k + 1);
    return k ? `${s}_${k + 1}` : s;
  });
}
