/**
 * FlatGeobuf read/write with an explicit column schema.
 *
 * Why not flatgeobuf's own `geojson.serialize`: it takes the column schema from the first
 * feature only and silently drops keys missing there, and types a null there as String
 * (docs pitfalls #3). Here the caller declares the columns; a missing or null value is
 * written as null. The library still does all the encoding.
 */
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import { geojson as fgbGeojson } from 'flatgeobuf';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';

export type ColumnKind = 'string' | 'number' | 'int' | 'bool';
export interface Column {
  name: string;
  kind: ColumnKind;
}

export interface GeoFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

const KIND_TO_TYPE: Record<ColumnKind, ColumnType> = {
  string: ColumnType.String,
  number: ColumnType.Double,
  int: ColumnType.Int,
  bool: ColumnType.Bool,
};

const GEOM_TYPE: Record<string, GeometryType> = {
  Point: GeometryType.Point,
  LineString: GeometryType.LineString,
  Polygon: GeometryType.Polygon,
  MultiPoint: GeometryType.MultiPoint,
  MultiLineString: GeometryType.MultiLineString,
  MultiPolygon: GeometryType.MultiPolygon,
};

function columnMeta(c: Column): ColumnMeta {
  return {
    name: c.name,
    type: KIND_TO_TYPE[c.kind],
    title: null,
    description: null,
    width: -1,
    precision: -1,
    scale: -1,
    nullable: true,
    unique: false,
    primary_key: false,
  };
}

/** Serialise features with the declared columns. `geometryType` 'Unknown' allows mixed geometries. */
export function writeFgb(features: GeoFeature[], columns: Column[], geometryType: string): Uint8Array {
  const header: HeaderMeta = {
    geometryType: GEOM_TYPE[geometryType] ?? GeometryType.Unknown,
    columns: columns.map(columnMeta),
    envelope: null,
    featuresCount: features.length,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  const headerBytes = buildHeader(header, 4326);
  const parts: Uint8Array[] = [];
  let total = magicbytes.length + headerBytes.length;
  for (const f of features) {
    const props: Record<string, unknown> = {};
    for (const c of columns) {
      const v = f.properties[c.name];
      props[c.name] = v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
    }
    // buildFeature reads header.geometryType to decide how to encode; for mixed layers we
    // pass the feature's own type so every geometry is written with its exact type.
    const meta = header.geometryType === GeometryType.Unknown ? { ...header, geometryType: GEOM_TYPE[f.geometry.type] } : header;
    const buf = buildFeature(parseGeometry(f.geometry as never), props as never, meta);
    parts.push(buf);
    total += buf.length;
  }
  const out = new Uint8Array(total);
  out.set(magicbytes);
  out.set(headerBytes, magicbytes.length);
  let off = magicbytes.length + headerBytes.length;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Read every feature of a FlatGeobuf file held in memory. */
export async function readFgb(bytes: Uint8Array): Promise<GeoFeature[]> {
  const out: GeoFeature[] = [];
  for await (const f of fgbGeojson.deserialize(bytes) as AsyncGenerator<unknown>) out.push(f as GeoFeature);
  return out;
}
