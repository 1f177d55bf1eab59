/**
 * The contract of file import and export, shared by the worker, the app and the CLI.
 * Imports are pure functions of the file's bytes and options; nothing is committed to a
 * plan until the caller has shown the report and the user has chosen to import.
 */
import type { GeoFeature } from './fgb';

export type ImportFormat = 'geojson' | 'fgb' | 'csv' | 'xlsx' | 'kml' | 'kmz' | 'shp-zip';
export type ExportFormat = 'geojson' | 'fgb' | 'csv' | 'kml';

/** Text in both interface languages. */
export interface Msg {
  vi: string;
  en: string;
}

/** target taxonomy field (id, code, owner, status, phase, height_m, ... or lon/lat/x/y) -> source column, or null. */
export type FieldMapping = Record<string, string | null>;

export interface ImportOptions {
  fileName: string;
  /** Forced format; otherwise detected from the name and the bytes. */
  format?: ImportFormat;
  /** Source CRS chosen by the user, e.g. 'EPSG:9210'; otherwise from the .prj, or guessed. */
  crs?: string;
  /** Column mapping chosen by the user; otherwise automatic guesses. */
  mapping?: FieldMapping;
  /** Code given to features that carry none (e.g. a CSV of sites: 'ANT_A2B'). */
  defaultCode?: string;
  /** Status and phase given to features that carry none (plan imports: 'planned', '2030'). */
  defaultStatus?: string;
  defaultPhase?: string;
  onProgress?: (done: number, total: number) => void;
  /** Polled between chunks; a cancelled import throws ImportCancelled. */
  signal?: { aborted: boolean };
}

export interface RowProblem {
  /** 1-based row (CSV/Excel: the data row number as the user sees it; others: feature number). */
  row: number;
  featureId?: string;
  field?: string;
  severity: 'error' | 'warning';
  message: Msg;
}

export interface ImportReport {
  format: ImportFormat;
  crs: { code: string; source: 'prj' | 'user' | 'default' | 'guessed' };
  total: number;
  valid: number;
  /** First problems in row order (capped), plus counts by kind. */
  problems: RowProblem[];
  problemCounts: Record<string, number>;
  /** File-level warnings: swapped X/Y or lat/lon, VN-2000 metres read as degrees, points far outside the city ... */
  warnings: Msg[];
  /** Source columns / property names found. */
  fields: string[];
  /** The mapping actually used (guessed or given). */
  mapping: FieldMapping;
  /** Valid features by code. */
  counts: Record<string, number>;
}

export interface ImportResult {
  /** Valid features only, in WGS 84 lon/lat, properties mapped to the taxonomy. */
  features: GeoFeature[];
  report: ImportReport;
}

export class ImportError extends Error {
  constructor(
    readonly msg: Msg,
    readonly code: string,
  ) {
    super(msg.en);
  }
}

export class ImportCancelled extends Error {}

export type ExportProfile = { kind: 'public' } | { kind: 'carrier'; carrier: string } | { kind: 'full' };

export interface ExportMeta {
  name: string;
  phase?: string;
  date: string;
  thresholds?: Record<string, unknown> | null;
  attributions?: { id: string; text: string; licence: string }[];
}

export interface ExportOutput {
  fileName: string;
  bytes: Uint8Array;
  mime: string;
  /** Bilingual field documentation (public profile), written beside the file. */
  sidecar?: { fileName: string; text: string };
}
