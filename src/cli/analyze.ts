/** `hatang analyze`: runs the analysis core on a plan against a dataset and writes the JSON report. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzePlan } from '../core/analysis/analyze';
import type { Finding, Report } from '../core/analysis/types';
import { REPO_ROOT } from '../../seeds/shared-path';
import { parseFlags, parseNumber, userPath, type Command, type Io } from './args';
import { CliError, readAnalysisInput, readManifest, readPlan } from './load-data';

export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'public', 'data');
const MAX_TOLERANCE_M = 1000;

const HELP = `Usage: hatang analyze [--data DIR] [--plan FILE.geojson] [--tolerance M] [--out FILE]

Checks a plan against the dataset (rules R1-R6, R9, co-location clusters, corridor reuse)
and writes the report as JSON.

Options:
  --data DIR         dataset folder with manifest.json (default: public/data; build it with npm run seed)
  --plan FILE        plan as a GeoJSON FeatureCollection (default: the dataset's demo plan)
  --tolerance M      corridor reuse tolerance in metres, > 0 and <= ${MAX_TOLERANCE_M} (default: 15)
  --out FILE         write the report to FILE and a one-line summary to stderr (default: JSON on stdout)
  -h, --help         show this help

Report: { params, summary, findings, colocation, corridors, timings_ms }
Exit codes: 0 done, 2 bad usage or unreadable input, 1 analysis failure.
`;

export type Summary = {
  findings: number;
  bySeverity: Record<Finding['severity'], number>;
  byRule: Record<string, Record<Finding['severity'], number> & { total: number }>;
  colocation: number;
  corridors: number;
};

export function summarize(r: Report): Summary {
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const byRule: Summary['byRule'] = {};
  for (const f of [...r.findings].sort((a, b) => a.rule.localeCompare(b.rule))) {
    bySeverity[f.severity]++;
    const c = (byRule[f.rule] ??= { total: 0, error: 0, warning: 0, info: 0 });
    c.total++;
    c[f.severity]++;
  }
  return { findings: r.findings.length, bySeverity, byRule, colocation: r.colocation.length, corridors: r.corridors.length };
}

async function run(argv: string[], io: Io): Promise<number> {
  const v = parseFlags('analyze', argv, {
    data: { type: 'string' },
    plan: { type: 'string' },
    tolerance: { type: 'string' },
    out: { type: 'string' },
  });
  const tolerance_m = typeof v.tolerance === 'string' ? parseNumber('--tolerance', v.tolerance, 0, MAX_TOLERANCE_M) : undefined;
  const dataDir = typeof v.data === 'string' ? userPath(v.data, io) : DEFAULT_DATA_DIR;
  // Cheap checks first: the manifest and the plan, before the layers are read.
  const manifest = readManifest(dataDir);
  let planFile: string;
  if (typeof v.plan === 'string') planFile = userPath(v.plan, io);
  else if (manifest.plan) planFile = join(dataDir, manifest.plan);
  else throw new CliError(`${dataDir}: the dataset names no demo plan; pass --plan FILE`);
  const plan = readPlan(planFile);
  const outFile = typeof v.out === 'string' ? userPath(v.out, io) : null;
  if (outFile && !(existsSync(dirname(outFile)) && statSync(dirname(outFile)).isDirectory()))
    throw new CliError(`${outFile}: cannot write (folder ${dirname(outFile)} does not exist)`);

  const input = await readAnalysisInput(dataDir);
  const report = analyzePlan(input, plan, tolerance_m === undefined ? undefined : { tolerance_m });
  const summary = summarize(report);
  const doc = {
    params: { ...report.params, dataDir, planFile },
    summary,
    findings: report.findings,
    colocation: report.colocation,
    corridors: report.corridors,
    timings_ms: report.timings_ms,
  };
  const json = JSON.stringify(doc, null, 2) + '\n';
  if (!outFile) {
    io.out(json);
    return 0;
  }
  try {
    writeFileSync(outFile, json);
  } catch (e) {
    throw new CliError(`${outFile}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const s = summary.bySeverity;
  io.err(
    `hatang: wrote ${outFile}: ${summary.findings} findings (${s.error} error, ${s.warning} warning, ${s.info} info), ` +
      `${summary.colocation} co-location clusters, ${summary.corridors} corridors, tolerance ${report.params.tolerance_m} m`,
  );
  return 0;
}

export const analyze: Command = {
  name: 'analyze',
  summary: 'check a plan against the dataset and write the JSON report',
  help: HELP,
  run,
};
