/** `hatang analyze`: runs the analysis core on a plan against a dataset and writes the JSON report. */
import { analyzePlan } from '../core/analysis/analyze';
import type { Finding, Report } from '../core/analysis/types';
import { parseFlags, parseNumber, type Command, type Io } from './args';
import { writeText } from './files';
import { readAnalysisInput } from './load-data';
import { planInputs } from './plan-inputs';

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
  const { dataDir, planFile, plan, outFile } = planInputs(v, io);

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
  writeText(outFile, json);
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
