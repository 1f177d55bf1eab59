/**
 * The basemap, drawn entirely from the dataset: water, land, neighbouring provinces,
 * communes, roads, railways and Vietnamese commune labels. No glyphs URL: MapLibre draws
 * labels with local fonts, so no request leaves the machine.
 */
import type { StyleSpecification } from 'maplibre-gl';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

export const LABEL_LAYER = 'commune-labels';

export function baseStyle(): StyleSpecification {
  const src = () => ({ type: 'geojson' as const, data: EMPTY as never });
  return {
    version: 8,
    sources: { land: src(), neighbours: src(), communes: src(), seats: src(), roads: src() },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': '#c9dfec' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#e9e6dd' } },
      { id: 'neighbours', type: 'fill', source: 'neighbours', paint: { 'fill-color': '#e3e0d7', 'fill-outline-color': '#c5c0b3' } },
      {
        id: 'communes-fill',
        type: 'fill',
        source: 'communes',
        paint: {
          'fill-color': ['match', ['get', 'type'], 'phuong', '#fbf4e6', 'dac_khu', '#eef6f3', '#f7f8f0'],
          'fill-opacity': 1,
        },
      },
      {
        // The scorecard's choropleth: colours set from the indicator report (src/map/kpi-layers.ts).
        id: 'communes-choro',
        type: 'fill',
        source: 'communes',
        layout: { visibility: 'none' },
        paint: { 'fill-color': 'rgba(0,0,0,0)', 'fill-opacity': 0.62 },
      },
      {
        id: 'communes-selected',
        type: 'line',
        source: 'communes',
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#c2410c', 'line-width': 3 },
      },
      {
        id: 'roads-minor',
        type: 'line',
        source: 'roads',
        minzoom: 10.5,
        filter: ['in', ['get', 'road_class'], ['literal', ['urban_street', 'commune']]],
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.6, 16, 4] },
      },
      {
        id: 'roads-main',
        type: 'line',
        source: 'roads',
        filter: ['in', ['get', 'road_class'], ['literal', ['urban_main', 'provincial']]],
        paint: {
          'line-color': ['match', ['get', 'road_class'], 'provincial', '#f6d48a', '#fffdf7'],
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 16, 7],
        },
      },
      {
        id: 'roads-national',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'road_class'], 'national'],
        paint: { 'line-color': '#eea446', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 16, 9] },
      },
      {
        id: 'railways',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'road_class'], 'railway'],
        paint: { 'line-color': '#6b6b6b', 'line-width': 1.6, 'line-dasharray': [3, 2] },
      },
      {
        id: 'communes-line',
        type: 'line',
        source: 'communes',
        paint: { 'line-color': '#8c7f6e', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 1.6], 'line-dasharray': [4, 2] },
      },
      {
        id: LABEL_LAYER,
        type: 'symbol',
        source: 'seats',
        layout: {
          'text-field': ['step', ['zoom'], ['get', 'short_name'], 12, ['get', 'name']],
          'text-font': ['Noto Sans Regular'],
          'text-size': ['interpolate', ['linear'], ['zoom'], 8, 10, 14, 14],
          'text-max-width': 8,
          'text-padding': 3,
        },
        paint: { 'text-color': '#3b3227', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 },
      },
    ],
  };
}
