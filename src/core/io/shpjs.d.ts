/** The parts of shpjs (6.x, untyped) used by the Shapefile reader. */
declare module 'shpjs' {
  type Bytes = ArrayBuffer | ArrayBufferView | DataView;
  /** Geometries of a .shp, in file order (null for null shapes); reprojected only when `prj` is given. */
  export function parseShp(shp: Bytes, prj?: string | false): ({ type: string; coordinates: unknown } | null)[];
  /** Records of a .dbf, decoded with the .cpg code page (UTF-8 without one). */
  export function parseDbf(dbf: Bytes, cpg?: string | Bytes): Record<string, unknown>[];
}
