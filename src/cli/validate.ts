/** `hatang validate FILE`: reads a file as the app's import would and prints its report; nothing is written. */
import type { ImportReport } from '../core/io/types';
import { oneLine, parseCommandLine, userPath, type Command, type Io } from './args';
import { IMPORT_FLAGS, IMPORT_FLAGS_HELP, importFailure, importOptions, readInput } from './files';

const SHOWN = 20;

const HELP = `Usage: hatang validate FILE [--layer CODE] [--crs EPSG:NNNN] [--format F] [--json]

Reads FILE (GeoJSON, FlatGeobuf, CSV, Excel, KML/KMZ or a zipped shapefile) as the app's
import does and prints the report: features read and valid, counts by asset code, the
first problems with their row numbers, and warnings (swapped coordinates, VN-2000 metres
read as degrees, points outside the city ...). Nothing is written.

Options:
${IMPORT_FLAGS_HELP}
  --json             print the report as JSON instead of text
  -h, --help         show this help

Exit codes: 0 every feature is valid (warnings allowed), 1 some features have errors,
2 bad usage or a file that cannot be read at all.
`;

/** The report as text, English. */
export function reportText(file: string, r: ImportReport): string {
  const lines: string[] = [];
  const invalid = r.total - r.valid;
  lines.push(`${file}`);
  lines.push(`  format: ${r.format}, CRS: ${r.crs.code} (${r.crs.source})`);
  lines.push(`  features: ${r.total} read, ${r.valid} valid, ${invalid} with errors`);
  const counts = Object.entries(r.counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (counts.length) lines.push(`  by code: ${counts.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (r.fields.length) lines.push(`  columns: ${r.fields.join(', ')}`);
  const mapped = Object.entries(r.mapping).filter(([, src]) => src !== null && src !== undefined);
  if (mapped.length) lines.push(`  mapping: ${mapped.map(([t, src]) => (t === src ? t : `${t} <- ${src}`)).join(', ')}`);
  if (r.warnings.length) {
    lines.push(`warnings (${r.warnings.length}):`);
    for (const w of r.warnings) lines.push(`  - ${oneLine(w.en)}`);
  }
  const nProblems = Object.values(r.problemCounts).reduce((a, b) => a + b, 0) || r.problems.length;
  if (r.problems.length) {
    const kinds = Object.entries(r.problemCounts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const shown = r.problems.slice(0, SHOWN);
    lines.push(`problems (first ${shown.length} of ${nProblems}${kinds ? `; ${kinds}` : ''}):`);
    for (const p of shown) {
      const where = [`row ${p.row}`, p.featureId ? `id ${p.featureId}` : '', p.field ? `field ${p.field}` : ''].filter(Boolean).join(', ');
      // The message may repeat the row ("Row 3 (id S2): ..."); say it once.
      const msg = oneLine(p.message.en).replace(/^Row \d+( \([^)]*\))?: /, '');
      lines.push(`  ${p.severity === 'error' ? 'error  ' : 'warning'} ${where}: ${msg}`);
    }
  }
  const features = (n: number) => `${n} feature${n === 1 ? '' : 's'}`;
  lines.push(
    hasErrors(r)
      ? `result: ${invalid} of ${features(r.total)} ${invalid === 1 ? 'has' : 'have'} errors`
      : `result: OK, ${r.valid} valid ${features(r.valid).replace(/^\d+ /, '')}${r.warnings.length || r.problems.length ? ' (with warnings)' : ''}`,
  );
  return lines.join('\n') + '\n';
}

export function hasErrors(r: ImportReport): boolean {
  return r.valid < r.total || r.problems.some((p) => p.severity === 'error');
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parseCommandLine('validate', argv, { ...IMPORT_FLAGS, json: { type: 'boolean' } }, ['FILE']);
  const file = userPath(positionals[0], io);
  const opts = importOptions(file, v);
  const bytes = readInput(file);
  // Loaded on use: the parsers (xlsx, shpjs ...) are heavy and the other commands do not need them.
  const { importFile } = await import('../core/io/import');
  const { report } = await importFile(bytes, opts).catch((e: unknown) => importFailure(file, e));
  io.out(v.json ? JSON.stringify(report, null, 2) + '\n' : reportText(file, report));
  return hasErrors(report) ? 1 : 0;
}

export const validate: Command = {
  name: 'validate',
  summary: 'check a GIS file as the import would and print its report',
  help: HELP,
  run,
};
