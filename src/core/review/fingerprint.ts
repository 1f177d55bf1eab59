/**
 * Content hashes for review: a proposal's fingerprint (the features it is about) and the
 * checksum of a review file. FNV-1a 64-bit over the UTF-8 bytes of a canonical JSON text
 * (object keys sorted at every depth, features sorted by id), so the hash depends on content
 * only, never on key order or feature order. Not cryptographic: it detects change and
 * accidental edits, not forgery.
 */
import type { GeoFeature } from '../io/fgb';

/**
 * FNV-1a 64-bit of the UTF-8 bytes of `text`, as 16 hex digits. Exact 64-bit arithmetic in
 * four 16-bit limbs (the prime 2^40 + 0x1b3 is applied as a multiply by 0x1b3 plus a shift).
 */
export function fnv1a64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  // Offset basis 0xcbf29ce484222325, little-endian 16-bit limbs.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i];
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** The checksum of a text (same hash family as `fingerprint`). */
export function checksum(text: string): string {
  return fnv1a64(text);
}

/**
 * JSON with the keys of every object sorted (arrays keep their order). `undefined` members are
 * left out as JSON.stringify does; non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined && typeof o[k] !== 'function')
      .sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
  }
  return 'null';
}

/**
 * Coordinates rounded to 7 decimals (about 1 cm), so a feature that went through a text
 * format (CSV and GeoJSON exports write 7 decimals) keeps its fingerprint.
 */
function roundCoords(c: unknown): unknown {
  if (typeof c === 'number') return Math.round(c * 1e7) / 1e7;
  if (Array.isArray(c)) return c.map(roundCoords);
  return c;
}

function featureId(f: GeoFeature): string {
  return String(f.properties?.id ?? '');
}

/**
 * Hash of the geometry and properties of `features` (in any order; sorted by id), plus the
 * ids in `missing` (features that could not be found are hashed as their id, so they still
 * count, and finding them later changes the fingerprint).
 */
export function fingerprint(features: GeoFeature[], missing: string[] = []): string {
  const items = features
    .map((f) => ({ id: featureId(f), text: canonicalJson({ geometry: { type: f.geometry?.type, coordinates: roundCoords(f.geometry?.coordinates) }, properties: f.properties ?? {} }) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((x) => x.text);
  const gone = [...missing].sort().map((id) => canonicalJson({ missing: id }));
  return fnv1a64('[' + [...items, ...gone].join(',') + ']');
}
