/**
 * deck.gl layers built from binary attributes (typed arrays), one builder per asset group.
 * Render arrays are derived once per load; filters only swap the filter attribute.
 */
import { ColumnLayer, IconLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { Layer } from '@deck.gl/core';
import { ASSET_CODES } from '../core/model/taxonomy';
import { perVertex, type LayerColumns } from '../core/data/columns';
import { CODE_ICON, CODE_SIZE, OWNER_COLOR_BY_INDEX, UNKNOWN_COLOR, ZONE_COLORS, ZONE_LINE_COLORS, densityColor, type RGBA } from './colors';
import { LABEL_LAYER } from './style';

export interface RenderData {
  cols: LayerColumns;
  /** Per row for points, per vertex for paths and polygons. */
  color: Uint8Array;
  lineColor?: Uint8Array;
  size: Float32Array;
  filter: Float32Array;
  version: number;
}

/** Zoom from which a dense layer is drawn (below it the panel says so). */
/** Icon sizes are given in pixels at about zoom 15 (4.5 m per pixel at 20.9 N). */
const ICON_METRES_PER_PIXEL = 4.5;

export const MIN_ZOOM: Record<string, number> = { poles: 13, manholes: 14 };

function rowColors(c: LayerColumns, pick: (i: number) => RGBA): Uint8Array {
  const out = new Uint8Array(c.length * 4);
  for (let i = 0; i < c.length; i++) out.set(pick(i), i * 4);
  return out;
}

const ownerColor = (c: LayerColumns, i: number): RGBA => OWNER_COLOR_BY_INDEX[c.owner[i]] ?? UNKNOWN_COLOR;
const codeOf = (c: LayerColumns, i: number): string => ASSET_CODES[c.code[i]] ?? '';

export function prepare(c: LayerColumns): RenderData {
  const size = new Float32Array(c.length);
  let color: Uint8Array;
  let lineColor: Uint8Array | undefined;
  switch (c.id) {
    case 'popcells':
      color = rowColors(c, (i) => densityColor(c.value[i]));
      break;
    case 'zones':
      color = rowColors(c, (i) => ZONE_COLORS[codeOf(c, i)] ?? [120, 120, 120, 40]);
      lineColor = rowColors(c, (i) => ZONE_LINE_COLORS[codeOf(c, i)] ?? [120, 120, 120, 200]);
      break;
    case 'ducts':
      color = rowColors(c, (i) => ownerColor(c, i));
      for (let i = 0; i < c.length; i++) size[i] = 1.5 + Math.min(4, (c.value[i] || 2) / 3);
      break;
    case 'aerial':
      color = rowColors(c, (i) => {
        const o = ownerColor(c, i);
        return [o[0], o[1], o[2], 150];
      });
      size.fill(1.2);
      break;
    case 'poles':
      color = rowColors(c, (i) => (codeOf(c, i) === 'POLE_POWER_SHARED' ? [120, 90, 40, 230] : ownerColor(c, i)));
      break;
    default:
      color = rowColors(c, (i) => ownerColor(c, i));
      for (let i = 0; i < c.length; i++) size[i] = CODE_SIZE[codeOf(c, i)] ?? 10;
  }
  if (c.startIndices) {
    color = perVertex(color, 4, c.startIndices, (n) => new Uint8Array(n));
    if (lineColor) lineColor = perVertex(lineColor, 4, c.startIndices, (n) => new Uint8Array(n));
  }
  const filter = new Float32Array(c.startIndices ? c.startIndices[c.length] : c.length).fill(1);
  return { cols: c, color, lineColor, size: c.startIndices ? perVertex(size, 1, c.startIndices, (n) => new Float32Array(n)) : size, filter, version: 0 };
}

/** Installs a per-row filter mask (expanding it per vertex for paths). */
export function applyFilter(r: RenderData, mask: Float32Array): RenderData {
  const filter = r.cols.startIndices ? perVertex(mask, 1, r.cols.startIndices, (n) => new Float32Array(n)) : mask;
  return { ...r, filter, version: r.version + 1 };
}

const filterExt = [new DataFilterExtension({ filterSize: 1 })];

/** False while a drawing tool is active: deck's picking must not take the pointer from terra-draw. */
let picking = true;
export function setPicking(on: boolean) {
  picking = on;
}

function common(id: string, r: RenderData, visible: boolean) {
  return {
    id,
    visible,
    pickable: picking,
    beforeId: LABEL_LAYER,
    extensions: filterExt,
    filterRange: [0.5, 1] as [number, number],
    updateTriggers: { getFilterValue: r.version },
  };
}

export function buildLayer(r: RenderData, visible: boolean, atlas: { canvas: HTMLCanvasElement; mapping: Record<string, unknown> }, cellM: number): Layer[] {
  const c = r.cols;
  const pos = { value: c.positions, size: 2 };
  const filt = { value: r.filter, size: 1 };
  switch (c.id) {
    case 'popcells':
      return [
        new ColumnLayer({
          ...common('popcells', r, visible),
          data: { length: c.length, attributes: { getPosition: pos, getFillColor: { value: r.color, size: 4, normalized: true }, getFilterValue: filt } },
          diskResolution: 4,
          angle: 45,
          radius: (cellM / 2) * Math.SQRT2,
          extruded: false,
          stroked: false,
        }),
      ];
    case 'zones':
      return [
        new SolidPolygonLayer({
          ...common('zones', r, visible),
          data: {
            length: c.length,
            startIndices: c.startIndices!,
            attributes: { getPolygon: pos, getFillColor: { value: r.color, size: 4, normalized: true }, getFilterValue: filt },
          },
          _normalize: false,
        }),
        new PathLayer({
          ...common('zones-outline', r, visible),
          pickable: false,
          data: {
            length: c.length,
            startIndices: c.startIndices!,
            attributes: { getPath: pos, getColor: { value: r.lineColor!, size: 4, normalized: true }, getFilterValue: filt },
          },
          _pathType: 'loop',
          getWidth: 1.5,
          widthUnits: 'pixels',
        }),
      ];
    case 'ducts':
    case 'aerial':
      return [
        new PathLayer({
          ...common(c.id, r, visible),
          data: {
            length: c.length,
            startIndices: c.startIndices!,
            attributes: {
              getPath: pos,
              getColor: { value: r.color, size: 4, normalized: true },
              getWidth: { value: r.size, size: 1 },
              getFilterValue: filt,
            },
          },
          _pathType: 'open',
          // Metres, bounded in pixels: thin at city scale, legible capacity widths in streets.
          widthUnits: 'meters',
          widthScale: 3,
          widthMinPixels: 1,
          widthMaxPixels: 7,
          capRounded: true,
          jointRounded: true,
        }),
      ];
    case 'poles':
    case 'manholes':
      return [
        new ScatterplotLayer({
          ...common(c.id, r, visible),
          data: { length: c.length, attributes: { getPosition: pos, getFillColor: { value: r.color, size: 4, normalized: true }, getFilterValue: filt } },
          radiusUnits: 'meters',
          getRadius: c.id === 'poles' ? 3 : 4,
          radiusMinPixels: c.id === 'poles' ? 1.2 : 2,
          radiusMaxPixels: c.id === 'poles' ? 4 : 5,
          stroked: true,
          getLineColor: c.id === 'poles' ? [255, 255, 255, 200] : [20, 20, 20, 220],
          lineWidthUnits: 'pixels',
          getLineWidth: c.id === 'poles' ? 0.6 : 1,
        }),
      ];
    default:
      return [
        // A dark halo under each icon keeps light shapes readable on the pale basemap.
        new IconLayer({
          ...common(`${c.id}-halo`, r, visible),
          pickable: false,
          data: { length: c.length, attributes: { getPosition: pos, getSize: { value: r.size, size: 1 }, getFilterValue: filt } },
          iconAtlas: atlas.canvas as never,
          iconMapping: atlas.mapping as never,
          getIcon: (_: unknown, { index }: { index: number }) => CODE_ICON[codeOf(c, index)] ?? 'circle',
          getColor: [255, 255, 255, 235],
          sizeScale: 1.35 * ICON_METRES_PER_PIXEL,
          sizeUnits: 'meters',
          sizeMinPixels: 6,
          sizeMaxPixels: 30,
        }),
        new IconLayer({
          ...common(c.id, r, visible),
          data: {
            length: c.length,
            attributes: { getPosition: pos, getColor: { value: r.color, size: 4, normalized: true }, getSize: { value: r.size, size: 1 }, getFilterValue: filt },
          },
          iconAtlas: atlas.canvas as never,
          iconMapping: atlas.mapping as never,
          getIcon: (_: unknown, { index }: { index: number }) => CODE_ICON[codeOf(c, index)] ?? 'circle',
          // Metres with pixel bounds: icons shrink with the city view instead of carpeting it.
          sizeScale: ICON_METRES_PER_PIXEL,
          sizeUnits: 'meters',
          sizeMinPixels: 4.5,
          sizeMaxPixels: 24,
        }),
      ];
  }
}

export function highlightLayer(pos: [number, number] | null): Layer | null {
  if (!pos) return null;
  return new ScatterplotLayer({
    id: 'selection',
    data: [pos],
    getPosition: (d: [number, number]) => d,
    radiusUnits: 'pixels',
    getRadius: 15,
    filled: false,
    stroked: true,
    getLineColor: [255, 200, 0, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
    beforeId: LABEL_LAYER,
  } as never);
}
