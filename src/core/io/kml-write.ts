/**
 * KML 2.2 writer. Every property is typed in one <Schema> and written as <SimpleData> in each
 * Placemark (GDAL's LIBKML driver and @tmcw/togeojson read both the values and their types);
 * a feature's `name` is also its Placemark <name>, so Google Earth labels it. Multi-part
 * geometries are <MultiGeometry>. Coordinates are WGS 84 lon,lat to 7 decimals; polygon outer
 * rings counter-clockwise, as KML asks.
 *
 * All text is untrusted (names come from users and imported files), so every value and name
 * is XML-escaped; characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE,
 * U+FFFF) are dropped, and CR, LF and TAB are written as character references where an XML
 * parser would otherwise normalise them.
 */
import type { Column, GeoFeature } from './fgb';
import { exportColumns } from './columns-infer';
import { fmtCoord, outGeometry, type Geometry } from './geom-out';
import { TextOut } from './text-out';

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: & < > escaped, CR kept as &#13; (a parser would turn CRLF into LF). */
export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '').replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Attribute value in double quotes: also " ' and the white space a parser would normalise. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/["'\n\t]/g, (c) => (c === '"' ? '&quot;' : c === "'" ? '&apos;' : c === '\n' ? '&#10;' : '&#9;'));
}

const KML_TYPE: Record<Column['kind'], string> = { string: 'string', number: 'double', int: 'int', bool: 'bool' };
const SCHEMA_ID = 'hatang';

type Pos = number[];
const coords = (ps: Pos[]) => `<coordinates>${ps.map((p) => `${fmtCoord(p[0])},${fmtCoord(p[1])}`).join(' ')}</coordinates>`;
const polygon = (rings: Pos[][]) =>
  '<Polygon>' +
  rings.map((r, i) => (i === 0 ? `<outerBoundaryIs><LinearRing>${coords(r)}</LinearRing></outerBoundaryIs>` : `<innerBoundaryIs><LinearRing>${coords(r)}</LinearRing></innerBoundaryIs>`)).join('') +
  '</Polygon>';
const lineString = (l: Pos[]) => `<LineString><tessellate>1</tessellate>${coords(l)}</LineString>`;
const point = (p: Pos) => `<Point>${coords([p])}</Point>`;

export function kmlGeometry(g: Geometry): string {
  const c = g.coordinates as unknown;
  switch (g.type) {
    case 'Point':
      return point(c as Pos);
    case 'LineString':
      return lineString(c as Pos[]);
    case 'Polygon':
      return polygon(c as Pos[][]);
    case 'MultiPoint':
      return `<MultiGeometry>${(c as Pos[]).map(point).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${(c as Pos[][]).map(lineString).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${(c as Pos[][][]).map(polygon).join('')}</MultiGeometry>`;
    default:
      throw new Error(`cannot write geometry type ${JSON.stringify(g.type)} as KML`);
  }
}

function value(v: unknown, kind: Column['kind']): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  // xsd:boolean allows true/false, but GDAL's LIBKML driver reads only 1/0 (and togeojson both).
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (kind !== 'string') return null; // a stray text value in a typed column cannot be written as that type
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export interface KmlWriteOptions {
  /** Document name. */
  name?: string;
  /** Document description (plain text; it is escaped). */
  description?: string;
  /** Folder name for the features (a layer name). */
  folder?: string;
}

/**
 * The KML 2.2 XML namespace (OGC 07-147r2): an identifier that a conforming KML file must
 * declare on its root element, not an address. Nothing fetches it: writing and reading KML
 * make no request at all (the end-to-end suite fails on any request beyond localhost). GDAL
 * would read a file without it, but other carriers' tools validate against the schema.
 */
const KML_NAMESPACE = 'http://www.opengis.net/kml/2.2';

export function writeKml(features: readonly GeoFeature[], opts: KmlWriteOptions = {}): Uint8Array {
  const columns = exportColumns(features);
  const out = new TextOut();
  out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="${KML_NAMESPACE}">\n<Document>\n`);
  if (opts.name !== undefined) out.write(`<name>${xmlText(opts.name)}</name>\n`);
  if (opts.description !== undefined) out.write(`<description>${xmlText(opts.description)}</description>\n`);
  out.write(`<Schema name="${SCHEMA_ID}" id="${SCHEMA_ID}">\n`);
  for (const c of columns) out.write(`<SimpleField name="${xmlAttr(c.name)}" type="${KML_TYPE[c.kind]}"/>\n`);
  out.write('</Schema>\n');
  out.write(`<Folder><name>${xmlText(opts.folder ?? opts.name ?? 'features')}</name>\n`);
  for (const f of features) {
    const p = f.properties ?? {};
    let s = '<Placemark>';
    if (typeof p.name === 'string' && p.name !== '') s += `<name>${xmlText(p.name)}</name>`;
    s += `<ExtendedData><SchemaData schemaUrl="#${SCHEMA_ID}">`;
    for (const c of columns) {
      const v = value(p[c.name], c.kind);
      if (v !== null) s += `<SimpleData name="${xmlAttr(c.name)}">${xmlText(v)}</SimpleData>`;
    }
    s += `</SchemaData></ExtendedData>${kmlGeometry(outGeometry(f.geometry))}</Placemark>\n`;
    out.write(s);
  }
  out.write('</Folder>\n</Document>\n</kml>\n');
  return out.bytes();
}
