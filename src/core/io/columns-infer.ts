/**
 * Column schema of a set of features, for writers that need one up front (FlatGeobuf, CSV,
 * KML Schema, the field documentation). Shared by the seed (seeds/write.ts) and the exports.
 */
import type { Column, GeoFeature } from './fgb';

/** Union of the keys of all features, in order of first appearance, typed by the first non-null value. */
export function inferColumns(features: GeoFeature[]): Column[] {
  const cols = new Map<string, Column>();
  for (const f of features)
    for (const [k, v] of Object.entries(f.properties)) {
      if (v === null || v === undefined) {
        if (!cols.has(k)) cols.set(k, { name: k, kind: 'string' });
        continue;
      }
      const kind = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string';
      const c = cols.get(k);
      if (!c) cols.set(k, { name: k, kind });
      else if (c.kind !== kind) c.kind = kind === 'string' || c.kind === 'string' ? (c.kind === 'string' && kind !== 'string' ? kind : 'string') : kind;
    }
  return [...cols.values()];
}

/**
 * The columns an export writes: the union of the keys in order of first appearance, typed
 * `bool` or `number` only when every non-null value has that type, else `string` (a column
 * with mixed values is written as text; all-null is text). Unlike inferColumns (kept as it
 * is for the seed's byte-identical output), the type never depends on the features' order.
 */
export function exportColumns(features: readonly GeoFeature[]): Column[] {
  const kinds = new Map<string, Column['kind'] | 'null' | 'mixed'>();
  for (const f of features)
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      const kind = v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string';
      const had = kinds.get(k);
      if (had === undefined || had === 'null') kinds.set(k, kind);
      else if (kind !== 'null' && kind !== had) kinds.set(k, 'mixed');
    }
  return [...kinds].map(([name, k]) => ({ name, kind: k === 'bool' || k === 'number' ? k : 'string' }));
}
