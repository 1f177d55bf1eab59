/** Which polygon contains a point: flatbush over polygon bounding boxes, then exact ring tests. */
import Flatbush from 'flatbush';
import { bboxOfCoords, multiPolygonContains, type MultiPolygonCoords } from './polygon';

export class PolygonIndex {
  private index: Flatbush;
  constructor(private polys: MultiPolygonCoords[]) {
    this.index = new Flatbush(Math.max(1, polys.length));
    for (const p of polys) {
      const [x0, y0, x1, y1] = bboxOfCoords(p);
      this.index.add(x0, y0, x1, y1);
    }
    if (polys.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }
  /** Index of the first polygon (in input order) containing the point, or -1. */
  find(x: number, y: number): number {
    const hits = this.index.search(x, y, x, y);
    hits.sort((a, b) => a - b);
    for (const i of hits) if (i < this.polys.length && multiPolygonContains(this.polys[i], x, y)) return i;
    return -1;
  }
}
