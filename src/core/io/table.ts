/**
 * Rows of a sheet or CSV -> raw items: find the header row (title lines above it are common in
 * Vietnamese lists), name the columns, keep the data rows with their row number as the user
 * sees it.
 */
import { parse as parseWkt } from 'wellknown';
import { guessMapping, normalizeKey, parseNumber } from './mapping';
import { uniqueFields, type RawData, type RawItem } from './raw';

const SCAN = 30;

function blank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/**
 * The index of the header row among the first rows: the one whose cells name the most known
 * fields; failing that, the first row of two or more text cells that are not numbers.
 */
export function findHeaderRow(rows: readonly unknown[][]): number {
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(rows.length, SCAN); i++) {
    const cells = rows[i].filter((c) => !blank(c));
    if (cells.length < 2 || cells.some((c) => typeof c === 'number' || parseNumber(c) !== null)) continue;
    const names = cells.map((c) => String(c));
    const m = guessMapping(names);
    const score = Object.values(m).filter((v) => v !== null).length + (new Set(names.map(normalizeKey)).size === names.length ? 0.5 : 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  if (best >= 0) return best;
  const first = rows.findIndex((r) => r.filter((c) => !blank(c)).length >= 2);
  return Math.max(0, first);
}

/**
 * @param rows the cells, row by row
 * @param rowNumber the user-visible number of rows[i] (sheet row, CSV line)
 */
export function tableToRaw(rows: readonly unknown[][], rowNumber: (i: number) => number): RawData {
  const h = findHeaderRow(rows);
  const header = rows[h] ?? [];
  let width = header.length;
  for (let i = h + 1; i < rows.length; i++) width = Math.max(width, rows[i].length);
  const fields = uniqueFields(Array.from({ length: width }, (_, j) => header[j]));
  const items: RawItem[] = [];
  // A WKT column (as our CSV export and QGIS write for lines and polygons) carries the geometry.
  const wktCol = fields.find((f) => /^(wkt|geometry|geom|the_geom)$/i.test(f.trim())) ?? null;
  for (let i = h + 1; i < rows.length; i++) {
    const r = rows[i];
    if (r.every(blank)) continue;
    const properties: Record<string, unknown> = {};
    fields.forEach((f, j) => {
      const v = r[j];
      if (!blank(v)) properties[f] = typeof v === 'string' ? v.trim() : v;
    });
    let geometry: RawItem['geometry'] = null;
    if (wktCol && typeof properties[wktCol] === 'string') {
      const g = parseWkt(properties[wktCol] as string);
      if (g) {
        geometry = g as RawItem['geometry'];
        delete properties[wktCol];
      }
    }
    items.push({ row: rowNumber(i), geometry, properties });
  }
  return { items, fields, tabular: true, warnings: [] };
}
