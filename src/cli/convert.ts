/** `hatang convert IN OUT`: imports a file as the app would and writes it in the format of OUT's extension (full profile). */
import { basename, resolve } from 'node:path';
import { EXPORT_FORMATS, FORMAT_EXT, exportFeatures, formatFromFileName } from '../core/io/export';
import { oneLine, parseCommandLine, userPath, type Command, type Io } from './args';
import { IMPORT_FLAGS, IMPORT_FLAGS_HELP, checkWritable, importFailure, importOptions, readInput, today, writeExport } from './files';
import { CliError } from './load-data';

const HELP = `Usage: hatang convert IN OUT [--layer CODE] [--crs EPSG:NNNN] [--format F]

Reads IN as the app's import does (any CRS it knows, reprojected to WGS 84; fields mapped to
the asset taxonomy) and writes the valid features to OUT, in the format of OUT's extension:
${EXPORT_FORMATS.map((f) => FORMAT_EXT[f]).join(', ')} (.json is GeoJSON). Nothing is redacted (full profile).
Features with errors are skipped and counted; 'hatang validate IN' lists them.
A CSV gets its .csvt (column types) and .prj (WGS 84) beside it.

Options:
${IMPORT_FLAGS_HELP}
  -h, --help         show this help

Exit codes: 0 written, 2 bad usage, unreadable input or no valid feature, 1 other failure.
`;

async function run(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandLine('convert', argv, IMPORT_FLAGS, ['IN', 'OUT']);
  const inFile = userPath(positionals[0], io);
  const outFile = userPath(positionals[1], io);
  const format = formatFromFileName(outFile);
  if (!format) throw new CliError(`${outFile}: unknown output format (use one of ${EXPORT_FORMATS.map((f) => FORMAT_EXT[f]).join(', ')})`);
  if (resolve(inFile) === resolve(outFile)) throw new CliError(`${outFile}: the output would overwrite the input`);
  const opts = importOptions(inFile, v);
  const bytes = readInput(inFile);
  checkWritable(outFile);
  // Loaded on use: the parsers (xlsx, shpjs ...) are heavy and the other commands do not need them.
  const { importFile } = await import('../core/io/import');
  const { features, report } = await importFile(bytes, opts).catch((e: unknown) => importFailure(inFile, e));
  if (!features.length)
    throw new CliError(report.total ? `${inFile}: none of its ${report.total} features is valid (see 'hatang validate ${basename(inFile)}')` : `${inFile}: no features`);
  const name = basename(inFile).replace(/\.[^.]*$/, '');
  const out = exportFeatures(features, { profile: { kind: 'full' }, format, meta: { name, date: today() } });
  const written = writeExport(outFile, out);
  const skipped = report.total - features.length;
  const also = written.length > 1 ? ` (and ${written.slice(1).map((p) => basename(p)).join(', ')})` : '';
  io.err(
    `hatang: wrote ${outFile}${also}: ${out.count} features, ${format}` +
      (skipped ? `; ${skipped} of ${report.total} skipped with errors (see 'hatang validate ${basename(inFile)}')` : '') +
      (report.warnings.length ? `; ${report.warnings.length} warning(s): ${oneLine(report.warnings[0].en)}` : ''),
  );
  return 0;
}

export const convert: Command = {
  name: 'convert',
  summary: 'convert a GIS file (reprojected to WGS 84) to GeoJSON, FlatGeobuf, CSV or KML',
  help: HELP,
  run,
};
