/** Shape checks for untrusted GeoJSON geometry (files, plans): why a feature cannot be used. */

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
const MIN: Record<string, number> = { LineString: 2, MultiPoint: 1 };

function position(p: unknown): boolean {
  return Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v)) && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;
}

function nested(c: unknown, depth: number, type: string): boolean {
  if (depth === 0) return position(c);
  if (!Array.isArray(c) || c.length === 0) return false;
  if (depth === 1 && c.length < (MIN[type] ?? (type.includes('Polygon') ? 4 : 2))) return false;
  return c.every((x) => nested(x, depth - 1, type));
}

/** null when the geometry is usable, else a short English reason. */
export function geometryProblem(g: unknown): string | null {
  if (!g || typeof g !== 'object') return 'no geometry';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string' || !(type in DEPTH)) return `unsupported geometry type ${JSON.stringify(type)}`;
  if (!nested(coordinates, DEPTH[type], type)) return `${type} coordinates are missing, not numbers, outside lon/lat range or too few`;
  return null;
}
