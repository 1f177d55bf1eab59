/**
 * GeoJSON writer, RFC 7946: WGS 84 lon/lat with no `crs` member, coordinates rounded to
 * 7 decimals, polygon rings right-hand (exterior counter-clockwise). Plan and export
 * metadata go in a top-level `metadata` foreign member (as in plan files); `name` names the
 * layer for GDAL. One feature per line, so large files diff and stream well.
 */
import type { GeoFeature } from './fgb';
import { outGeometry } from './geom-out';
import { TextOut } from './text-out';

export interface GeojsonWriteOptions {
  /** Layer name (GDAL reads it as the layer's name). */
  name?: string;
  metadata?: Record<string, unknown>;
}

/** Properties as JSON can hold them: non-finite numbers become null, undefined is left out. */
function cleanProps(p: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(p))
    if (typeof v === 'number' && !Number.isFinite(v)) (out ??= { ...p })[k] = null;
  return out ?? p;
}

export function writeGeojson(features: readonly GeoFeature[], opts: GeojsonWriteOptions = {}): Uint8Array {
  const out = new TextOut();
  const head: Record<string, unknown> = { type: 'FeatureCollection' };
  if (opts.name !== undefined) head.name = opts.name;
  if (opts.metadata !== undefined) head.metadata = opts.metadata;
  out.write(JSON.stringify(head).slice(0, -1) + ',"features":[\n');
  features.forEach((f, i) => {
    const feature = { type: 'Feature', geometry: outGeometry(f.geometry), properties: cleanProps(f.properties ?? {}) };
    out.write((i ? ',\n' : '') + JSON.stringify(feature));
  });
  out.write('\n]}\n');
  return out.bytes();
}
