/** Shared pieces of the file commands (validate, convert, export): reading an input file, import options, writing an export. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExportResult } from '../core/io/export';
import { sidecarFileName } from '../core/io/export';
import { ImportError, type ImportFormat, type ImportOptions } from '../core/io/types';
import { ASSET_CODES, LAYERS } from '../core/model/taxonomy';
import { CliError } from './load-data';
import type { FlagSpec, FlagValues } from './args';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['geojson', 'fgb', 'csv', 'xlsx', 'kml', 'kmz', 'shp-zip'];

/** The import flags shared by validate and convert. */
export const IMPORT_FLAGS: FlagSpec = {
  layer: { type: 'string' },
  crs: { type: 'string' },
  format: { type: 'string' },
};

export const IMPORT_FLAGS_HELP = `  --layer CODE       asset code for features that carry none, e.g. ANT_A2B or UG_DUCT
                     (a layer with one code, e.g. ducts, means that code)
  --crs EPSG:NNNN    coordinate system of the file, e.g. EPSG:9210 (VN-2000 / TM-3 105°45');
                     default: from the .prj, else WGS 84 or a guess from the coordinates
  --format F         read the file as F (${IMPORT_FORMATS.join(', ')}); default: from the name and contents`;

/** The bytes of an input file the user named. */
export function readInput(path: string): Uint8Array {
  if (!existsSync(path)) throw new CliError(`${path}: file not found`);
  if (statSync(path).isDirectory()) throw new CliError(`${path}: is a folder, not a file`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CliError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** `--layer`: an asset code (any case), or a dataset layer that has exactly one code. */
export function parseLayerCode(raw: string): string {
  const s = raw.trim();
  const code = ASSET_CODES.find((c) => c.toLowerCase() === s.toLowerCase());
  if (code) return code;
  const layer = LAYERS.find((l) => l.id === s.toLowerCase());
  if (layer && layer.codes.length === 1) return layer.codes[0];
  const hint = layer ? `layer ${layer.id} has several codes: ${layer.codes.join(', ')}` : `asset codes: ${ASSET_CODES.join(', ')}`;
  throw new CliError(`--layer: unknown asset code '${raw}' (${hint})`);
}

/** `--crs`: `EPSG:NNNN` (or just the number). */
export function parseCrs(raw: string): string {
  const m = /^\s*(?:epsg:)?(\d{4,6})\s*$/i.exec(raw);
  if (!m) throw new CliError(`--crs: expected EPSG:NNNN, e.g. EPSG:9210 or EPSG:4326, got '${raw}'`);
  return `EPSG:${m[1]}`;
}

export function parseImportFormat(raw: string): ImportFormat {
  const f = IMPORT_FORMATS.find((x) => x === raw.trim().toLowerCase());
  if (!f) throw new CliError(`--format: unknown input format '${raw}' (${IMPORT_FORMATS.join(', ')})`);
  return f;
}

/** Import options from the shared flags. */
export function importOptions(path: string, v: FlagValues): ImportOptions {
  const opts: ImportOptions = { fileName: basename(path) };
  if (typeof v.layer === 'string') opts.defaultCode = parseLayerCode(v.layer);
  if (typeof v.crs === 'string') opts.crs = parseCrs(v.crs);
  if (typeof v.format === 'string') opts.format = parseImportFormat(v.format);
  return opts;
}

/** An ImportError (the file cannot be read at all) as a one-line usage error naming the file. */
export function importFailure(path: string, e: unknown): never {
  if (e instanceof ImportError) throw new CliError(`${path}: ${e.msg.en}`);
  throw e;
}

/** Fails early when the folder of `file` does not exist. */
export function checkWritable(file: string): void {
  const dir = dirname(file);
  if (!(existsSync(dir) && statSync(dir).isDirectory())) throw new CliError(`${file}: cannot write (folder ${dir} does not exist)`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`${file}: is a folder`);
}

/** Writes a file; a failure is a one-line usage error naming it. */
export function writeText(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new CliError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Writes an export to `file` with its sidecar and companions beside it (named after `file`).
 * Returns every path written, the export first.
 */
export function writeExport(file: string, out: ExportResult): string[] {
  const dir = dirname(file);
  const base = basename(file);
  const stem = base.replace(/\.[^.]*$/, '');
  const written = [file];
  writeText(file, out.bytes);
  if (out.sidecar) {
    const p = join(dir, sidecarFileName(base));
    writeText(p, out.sidecar.text);
    written.push(p);
  }
  for (const c of out.companions) {
    const p = join(dir, stem + c.fileName.slice(c.fileName.lastIndexOf('.')));
    writeText(p, c.text);
    written.push(p);
  }
  return written;
}

/** Today as YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
