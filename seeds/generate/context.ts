/** Shared state of one generator run: the random stream, the base geography and lookups. */
import KDBush from 'kdbush';
import { around } from './kd-around';
import { Rng } from '../../src/core/random';
import { PolygonIndex } from '../../src/core/geo/polygon-index';
import type { Base, Commune } from '../base';
import type { GeoFeature } from '../../src/core/io/fgb';

export interface PopCell {
  lon: number;
  lat: number;
  commune: number;
  population: number;
}

export class Ctx {
  readonly rng: Rng;
  readonly communeIndex: PolygonIndex;
  cells: PopCell[] = [];
  private cellIndex: KDBush | null = null;
  constructor(
    readonly base: Base,
    readonly scale: number,
    seed: number,
  ) {
    this.rng = new Rng(seed);
    this.communeIndex = new PolygonIndex(base.communes.map((c) => c.geom));
  }
  communeAt(lon: number, lat: number): Commune | null {
    const i = this.communeIndex.find(lon, lat);
    return i < 0 ? null : this.base.communes[i];
  }
  setCells(cells: PopCell[]) {
    this.cells = cells;
    const idx = new KDBush(cells.length);
    for (const c of cells) idx.add(c.lon, c.lat);
    idx.finish();
    this.cellIndex = idx;
  }
  /** The point itself when it lies in the city, else the nearest population-cell centre. */
  toLand(lon: number, lat: number): [number, number] {
    if (this.communeAt(lon, lat)) return [lon, lat];
    if (!this.cellIndex) throw new Error('cells not ready');
    const [i] = around(this.cellIndex, lon, lat, 1);
    return [this.cells[i].lon, this.cells[i].lat];
  }
}

export function feature(geometry: GeoFeature['geometry'], properties: Record<string, unknown>): GeoFeature {
  return { type: 'Feature', geometry, properties };
}

export function r7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

export function pad(n: number, w = 6): string {
  return String(n).padStart(w, '0');
}
