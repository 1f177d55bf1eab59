/**
 * Layers of the plan and its analysis: corridor parts coloured by reuse (duct reuse green,
 * along aerial routes amber, new build red), proposed sites, planned roads and poles, sharing
 * clusters, and rings on the features of the selected finding.
 */
import { IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { PlanFile, Cluster } from '../core/analysis/types';
import type { CorridorGeometry } from '../worker/analysis';
import type { GeoFeature } from '../core/io/fgb';
import { CODE_ICON, CODE_SIZE, OWNER_COLORS, UNKNOWN_COLOR, type RGBA } from './colors';
import { LABEL_LAYER } from './style';
import { inYear, useEditor } from '../state/editor';

export const PART_COLORS: RGBA[] = [
  [22, 163, 74, 255],
  [217, 119, 6, 255],
  [220, 38, 38, 255],
];

function partColors(g: CorridorGeometry): Uint8Array {
  const out = new Uint8Array(g.startIndices[g.length] * 4);
  for (let i = 0; i < g.length; i++) for (let v = g.startIndices[i]; v < g.startIndices[i + 1]; v++) out.set(PART_COLORS[g.kind[i]], v * 4);
  return out;
}

const colorCache = new WeakMap<CorridorGeometry, Uint8Array>();

export function planLayers(
  plan: PlanFile | null,
  geometry: CorridorGeometry | null,
  clusters: Cluster[],
  opts: { showPlan: boolean; showClusters: boolean; highlight: [number, number][]; atlas: { canvas: HTMLCanvasElement; mapping: Record<string, unknown> }; idPrefix?: string },
): Layer[] {
  const layers: Layer[] = [];
  const year = useEditor.getState().year;
  const feats = (plan?.features ?? []).filter((f) => inYear(f.properties.phase, year));
  const points = feats.filter((f) => f.geometry.type === 'Point');
  const lines = feats.filter((f) => f.geometry.type === 'LineString' && f.properties.code !== 'CORRIDOR');
  if (opts.showClusters && clusters.length) {
    layers.push(
      new ScatterplotLayer<Cluster>({
        id: 'clusters',
        data: clusters,
        getPosition: (c: Cluster) => [c.lon, c.lat],
        getRadius: (c: Cluster) => c.maxDistance_m / 2 + 25,
        radiusUnits: 'meters',
        radiusMinPixels: 5,
        filled: true,
        getFillColor: [124, 58, 237, 30],
        stroked: true,
        getLineColor: [124, 58, 237, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: false,
        beforeId: LABEL_LAYER,
      } as never),
    );
  }
  if (opts.showPlan && geometry && geometry.length) {
    let colors = colorCache.get(geometry);
    if (!colors) colorCache.set(geometry, (colors = partColors(geometry)));
    layers.push(
      new PathLayer({
        id: `${opts.idPrefix ?? ''}corridor-casing`,
        data: { length: geometry.length, startIndices: geometry.startIndices, attributes: { getPath: { value: geometry.positions, size: 2 } } },
        _pathType: 'open',
        getColor: [255, 255, 255, 230],
        getWidth: 9,
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
        beforeId: LABEL_LAYER,
      } as never),
      new PathLayer({
        id: `${opts.idPrefix ?? ''}corridor-parts`,
        data: {
          length: geometry.length,
          startIndices: geometry.startIndices,
          attributes: { getPath: { value: geometry.positions, size: 2 }, getColor: { value: colors, size: 4, normalized: true } },
        },
        _pathType: 'open',
        getWidth: 5,
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
        beforeId: LABEL_LAYER,
      } as never),
    );
  }
  if (opts.showPlan && lines.length) {
    layers.push(
      new PathLayer<GeoFeature>({
        id: 'plan-lines',
        data: lines,
        getPath: (f: GeoFeature) => f.geometry.coordinates as [number, number][],
        getColor: [60, 60, 60, 220],
        getWidth: 4,
        widthUnits: 'pixels',
        beforeId: LABEL_LAYER,
      } as never),
    );
  }
  if (opts.showPlan && points.length) {
    const pos = (f: GeoFeature) => f.geometry.coordinates as [number, number];
    layers.push(
      new ScatterplotLayer<GeoFeature>({
        id: 'plan-points-ring',
        data: points,
        getPosition: pos,
        radiusUnits: 'pixels',
        getRadius: 13,
        filled: true,
        getFillColor: [255, 255, 255, 200],
        stroked: true,
        getLineColor: [17, 24, 39, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        beforeId: LABEL_LAYER,
      } as never),
      new IconLayer<GeoFeature>({
        id: 'plan-points',
        data: points,
        getPosition: pos,
        iconAtlas: opts.atlas.canvas as never,
        iconMapping: opts.atlas.mapping as never,
        getIcon: (f: GeoFeature) => CODE_ICON[String(f.properties.code)] ?? 'circle',
        getColor: (f: GeoFeature) => OWNER_COLORS[String(f.properties.owner)] ?? UNKNOWN_COLOR,
        getSize: (f: GeoFeature) => Math.min(16, CODE_SIZE[String(f.properties.code)] ?? 10),
        sizeUnits: 'pixels',
        beforeId: LABEL_LAYER,
      } as never),
    );
  }
  if (opts.highlight.length) {
    layers.push(
      new ScatterplotLayer({
        id: 'finding-highlight',
        data: opts.highlight,
        getPosition: (d: [number, number]) => d,
        radiusUnits: 'pixels',
        getRadius: 20,
        filled: false,
        stroked: true,
        getLineColor: [250, 204, 21, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 4,
        beforeId: LABEL_LAYER,
      } as never),
    );
  }
  return layers;
}
