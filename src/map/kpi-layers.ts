/** Map overlays of the scorecard: the commune choropleth (a MapLibre paint expression) and the coverage-gap cells. */
import { ColumnLayer } from '@deck.gl/layers';
import type { KpiPhase, KpiReport } from '../core/kpi/types';
import type { GapKind, Indicator } from '../state/kpi';

/** Classes of a percentage indicator: lower bound and colour, from the target down. */
export const CHORO_CLASSES: { min: number; color: string }[] = [
  { min: 100, color: '#1a9850' },
  { min: 95, color: '#a6d96a' },
  { min: 80, color: '#fee08b' },
  { min: 50, color: '#fc8d59' },
  { min: 0, color: '#d73027' },
];
export const WIFI_COLORS = { yes: '#1a9850', no: '#d73027' };

export function choroColor(v: number): string {
  return (CHORO_CLASSES.find((c) => v >= c.min) ?? CHORO_CLASSES[CHORO_CLASSES.length - 1]).color;
}

/** A `match` on the commune code giving each commune its class colour; null hides the layer. */
export function choroplethColor(report: KpiReport | null, phase: KpiPhase, indicator: Indicator): unknown[] | null {
  if (!report || indicator === 'none') return null;
  const expr: unknown[] = ['match', ['get', 'code']];
  for (const c of report.phases[phase].communes) {
    expr.push(c.code, indicator === 'wifi' ? (c.wifi ? WIFI_COLORS.yes : WIFI_COLORS.no) : choroColor(c[indicator]));
  }
  expr.push('rgba(0,0,0,0)');
  return expr;
}

export const GAP_COLORS: Record<Exclude<GapKind, 'none'>, [number, number, number]> = { '5g': [190, 24, 93], fibre: [217, 119, 6] };

export interface GapData {
  kind: Exclude<GapKind, 'none'>;
  positions: Float64Array;
  population: Float32Array;
}

/** Uncovered populated cells as 250 m squares, more opaque where more people live. */
export function gapLayer(g: GapData, cellM: number) {
  const [r, gr, b] = GAP_COLORS[g.kind];
  const n = g.population.length;
  const colors = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    colors.set([r, gr, b, Math.round(90 + 150 * Math.min(1, g.population[i] / 2000))], i * 4);
  }
  return new ColumnLayer({
    id: `kpi-gaps-${g.kind}`,
    data: { length: n, attributes: { getPosition: { value: g.positions, size: 2 }, getFillColor: { value: colors, size: 4, normalized: true } } },
    diskResolution: 4,
    angle: 45,
    radius: (cellM / 2) * Math.SQRT2 * 0.92,
    extruded: false,
    stroked: false,
    pickable: false,
  });
}
