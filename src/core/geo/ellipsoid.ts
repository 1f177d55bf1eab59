/**
 * Metric work on the WGS 84 ellipsoid's local scale.
 *
 * Why not one equirectangular frame or turf's sphere: across the city (20.1 N to 21.2 N)
 * either is off by 0.2-0.7%, enough to flip 100 m / 400 m threshold decisions
 * (docs pitfalls #10). The local scale at each query's own latitude is exact to
 * well under 0.1% for distances of a few km.
 */
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

/** Metres per degree of latitude (meridian radius) and longitude (prime vertical) at `lat`. */
export function metresPerDegree(lat: number): { mLat: number; mLon: number } {
  const s = Math.sin(lat * RAD);
  const w = 1 - E2 * s * s;
  const meridian = (A * (1 - E2)) / (w * Math.sqrt(w));
  const primeVertical = A / Math.sqrt(w);
  return { mLat: meridian * RAD, mLon: primeVertical * Math.cos(lat * RAD) * RAD };
}

/** Ground distance in metres between two lon/lat points a few km apart. */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const { mLat, mLon } = metresPerDegree((lat1 + lat2) / 2);
  const dx = (lon2 - lon1) * mLon;
  const dy = (lat2 - lat1) * mLat;
  return Math.hypot(dx, dy);
}

/** Length in metres of a lon/lat polyline given as a flat [lon, lat, lon, lat ...] array. */
export function polylineLengthM(flat: ArrayLike<number>, start = 0, end = flat.length): number {
  let sum = 0;
  for (let i = start + 2; i < end; i += 2) {
    sum += distanceM(flat[i - 2], flat[i - 1], flat[i], flat[i + 1]);
  }
  return sum;
}

/** Offset a point by dx, dy metres (east, north). */
export function offsetM(lon: number, lat: number, dx: number, dy: number): [number, number] {
  const { mLat, mLon } = metresPerDegree(lat);
  return [lon + dx / mLon, lat + dy / mLat];
}
