/**
 * Self-intersection of lines and polygon rings: a sweep over the segments sorted by x, testing
 * each pair whose x ranges overlap (neighbouring segments of the same ring/line excepted).
 */

type Pos = number[];

interface Seg {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  minX: number;
  maxX: number;
  part: number;
  idx: number;
  /** Number of segments in the part, and whether it is closed (a ring). */
  n: number;
  closed: boolean;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const scale = Math.abs(bx - ax) + Math.abs(by - ay) + Math.abs(cx - ax) + Math.abs(cy - ay);
  return Math.abs(v) <= 1e-12 * scale * scale ? 0 : Math.sign(v);
}

function onSeg(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

function cross(s: Seg, t: Seg): boolean {
  const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  if (o1 === 0 && onSeg(s.ax, s.ay, s.bx, s.by, t.ax, t.ay)) return true;
  if (o2 === 0 && onSeg(s.ax, s.ay, s.bx, s.by, t.bx, t.by)) return true;
  if (o3 === 0 && onSeg(t.ax, t.ay, t.bx, t.by, s.ax, s.ay)) return true;
  if (o4 === 0 && onSeg(t.ax, t.ay, t.bx, t.by, s.bx, s.by)) return true;
  return false;
}

function adjacent(s: Seg, t: Seg): boolean {
  if (s.part !== t.part) return false;
  const d = Math.abs(s.idx - t.idx);
  return d === 1 || (s.closed && d === s.n - 1);
}

/** Neighbouring segments may only share their common vertex: true when they overlap (a spike going back on itself). */
function foldsBack(s: Seg, t: Seg): boolean {
  const wrap = s.closed && Math.abs(s.idx - t.idx) === s.n - 1 && s.n > 2;
  const [f, g] = wrap ? (s.idx > t.idx ? [s, t] : [t, s]) : s.idx < t.idx ? [s, t] : [t, s];
  // f ends where g starts; they overlap when g's end lies on f, or f's start lies on g, collinearly.
  if (orient(f.ax, f.ay, f.bx, f.by, g.bx, g.by) !== 0) return false;
  const dot = (f.ax - f.bx) * (g.bx - g.ax) + (f.ay - f.by) * (g.by - g.ay);
  return dot > 0;
}

/**
 * Where a set of parts (polygon rings, or one line) crosses or touches itself, or null.
 * Consecutive repeated vertices are ignored.
 */
export function selfIntersection(parts: Pos[][], closed: boolean): [number, number] | null {
  const segs: Seg[] = [];
  parts.forEach((raw, part) => {
    const pts = raw.filter((p, i) => i === 0 || p[0] !== raw[i - 1][0] || p[1] !== raw[i - 1][1]);
    const isClosed = closed || (pts.length > 3 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]);
    const n = pts.length - 1;
    for (let i = 0; i < n; i++) {
      const [ax, ay] = pts[i];
      const [bx, by] = pts[i + 1];
      segs.push({ ax, ay, bx, by, minX: Math.min(ax, bx), maxX: Math.max(ax, bx), part, idx: i, n, closed: isClosed });
    }
  });
  segs.sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].minX <= s.maxX; j++) {
      const t = segs[j];
      if (Math.max(s.ay, s.by) < Math.min(t.ay, t.by) || Math.max(t.ay, t.by) < Math.min(s.ay, s.by)) continue;
      if (adjacent(s, t) ? foldsBack(s, t) : cross(s, t)) return [(s.ax + s.bx) / 2, (s.ay + s.by) / 2];
    }
  }
  return null;
}

/** Self-intersection of a WGS 84 geometry: polygons ring by ring set, lines each on its own; points never. */
export function geometrySelfIntersection(g: { type: string; coordinates: unknown }): [number, number] | null {
  switch (g.type) {
    case 'LineString':
      return selfIntersection([g.coordinates as Pos[]], false);
    case 'MultiLineString':
      for (const l of g.coordinates as Pos[][]) {
        const x = selfIntersection([l], false);
        if (x) return x;
      }
      return null;
    case 'Polygon':
      return selfIntersection(g.coordinates as Pos[][], true);
    case 'MultiPolygon':
      for (const p of g.coordinates as Pos[][][]) {
        const x = selfIntersection(p, true);
        if (x) return x;
      }
      return null;
    default:
      return null;
  }
}
