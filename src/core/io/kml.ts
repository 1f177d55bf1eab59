/**
 * KML and KMZ with @tmcw/togeojson over @xmldom/xmldom's DOMParser (so it runs in Node and in a
 * worker, which has no DOMParser). KMZ: the zip's doc.kml, else its first .kml, via jszip.
 * KML positions are WGS 84 longitude, latitude by definition.
 */
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { decodeText, fail, type RawData, type RawItem, type ReadContext } from './raw';

/** Styling and display properties togeojson adds; not attributes of the asset. */
const STYLE_KEYS = new Set([
  'styleUrl',
  'styleHash',
  'styleMap',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'icon',
  'icon-opacity',
  'icon-color',
  'icon-scale',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'label-color',
  'label-opacity',
  'label-scale',
  'visibility',
  'timespan',
  'timestamp',
  'gx_media_links',
]);

export function kmlTextToRaw(text: string): RawData {
  let doc: unknown;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : '';
    fail('bad_kml', `Tệp KML không phải XML hợp lệ (${why}).`, `The KML file is not valid XML (${why}).`);
  }
  const root = (doc as { documentElement?: { nodeName?: string } }).documentElement;
  if (!root || !/(^|:)kml$/i.test(root.nodeName ?? ''))
    fail('bad_kml', 'Tệp không phải KML (không có thẻ gốc <kml>).', 'The file is not KML (no <kml> root element).');
  const fc = kmlToGeoJson(doc as Document);
  const fields = new Set<string>();
  const items: RawItem[] = fc.features.map((f, i) => {
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (STYLE_KEYS.has(k) || (v !== null && typeof v === 'object')) continue;
      properties[k] = v;
      fields.add(k);
    }
    return { row: i + 1, geometry: (f.geometry as RawItem['geometry']) ?? null, properties };
  });
  if (!items.length) fail('no_features', 'Tệp KML không có đối tượng (Placemark) nào.', 'The KML file has no features (Placemarks).');
  return { items, fields: [...fields], tabular: false, declaredCrs: 'EPSG:4326', warnings: [] };
}

export async function readKml(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  const raw = kmlTextToRaw(decodeText(bytes));
  ctx.onProgress?.(bytes.length, bytes.length);
  return raw;
}

export async function readKmz(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    fail('bad_zip', 'Tệp KMZ không phải tệp nén zip hợp lệ.', 'The KMZ file is not a valid zip archive.');
  }
  const kmls = Object.values(zip.files).filter((f) => !f.dir && /\.kml$/i.test(f.name) && !f.name.includes('__MACOSX'));
  const entry = kmls.find((f) => /(^|\/)doc\.kml$/i.test(f.name)) ?? kmls[0];
  if (!entry) fail('no_kml', 'Tệp KMZ không chứa tệp .kml nào.', 'The KMZ archive contains no .kml file.');
  const raw = kmlTextToRaw(decodeText(await entry.async('uint8array')));
  ctx.onProgress?.(bytes.length, bytes.length);
  return raw;
}
