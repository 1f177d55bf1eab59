/**
 * The `hatang` command line, run as a user runs it: a child `node --import tsx src/cli/main.ts`
 * from the repository root, on the default dataset and its demo plan. Failures must be one
 * `hatang: ` line on stderr with a non-zero exit code, never a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../seeds/shared-path';
import { DATA, ensureDataset, expectUsageError, runCli as run, type Run } from './cli-run';


interface CorridorOut {
  id: string;
  length_m: number;
  reuse_duct_m: number;
  along_poles_m: number;
  new_build_m: number;
  communes: string[];
  jointWith: unknown[];
}
interface FindingOut {
  rule: string;
  severity: string;
  featureIds: string[];
  message: { vi: string; en: string };
}
interface ReportOut {
  params: Record<string, unknown> & { tolerance_m: number; dataDir: string; planFile: string };
  summary: { findings: number; bySeverity: Record<string, number>; byRule: Record<string, { total: number }> };
  findings: FindingOut[];
  colocation: { sites: string[]; owners: string[]; maxDistance_m: number }[];
  corridors: CorridorOut[];
}

let tmp: string;
let base: Run;
let report: ReportOut;
let t30: Run;
let report30: ReportOut;

beforeAll(async () => {
  ensureDataset();
  tmp = mkdtempSync(join(tmpdir(), 'hatang-cli-'));
  [base, t30] = await Promise.all([run(['analyze']), run(['analyze', '--tolerance', '30', '--out', join(tmp, 'report-30.json')])]);
  expect(base.code, base.stderr).toBe(0);
  report = JSON.parse(base.stdout) as ReportOut;
  expect(t30.code, t30.stderr).toBe(0);
  report30 = JSON.parse(readFileSync(join(tmp, 'report-30.json'), 'utf8')) as ReportOut;
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('hatang analyze', () => {
  it('writes the report for the default data and demo plan to stdout', () => {
    expect(base.stderr).toBe('');
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['params', 'summary', 'findings', 'colocation', 'corridors']));
    expect(report.params.tolerance_m).toBe(15);
    expect(report.params.dataDir).toBe(DATA);
    expect(report.params.planFile).toBe(join(DATA, 'demo-plan.geojson'));
  });

  it('finds an R1 error telling a planned site to share an existing one', () => {
    const plan = JSON.parse(readFileSync(report.params.planFile, 'utf8')) as { features: { properties: { id: string } }[] };
    const planIds = new Set(plan.features.map((f) => f.properties.id));
    const r1 = report.findings.filter((f) => f.rule === 'R1' && f.severity === 'error' && f.featureIds.some((id) => planIds.has(id)));
    expect(r1.length).toBeGreaterThan(0);
    for (const f of r1) expect(f.message.en).toContain('share site');
  });

  it('reports corridors with lengths, communes and joint builds, and co-location clusters', () => {
    expect(report.corridors.length).toBeGreaterThan(0);
    for (const c of report.corridors) {
      expect(typeof c.id).toBe('string');
      for (const k of ['length_m', 'reuse_duct_m', 'along_poles_m', 'new_build_m'] as const) {
        expect(Number.isFinite(c[k]), `${c.id}.${k}`).toBe(true);
        expect(c[k]).toBeGreaterThanOrEqual(0);
      }
      expect(c.reuse_duct_m).toBeLessThanOrEqual(c.length_m + 0.1);
      expect(Array.isArray(c.communes)).toBe(true);
      expect(Array.isArray(c.jointWith)).toBe(true);
    }
    expect(report.colocation.length).toBeGreaterThan(0);
    for (const c of report.colocation) {
      expect(c.sites.length).toBeGreaterThanOrEqual(2);
      expect(c.owners.length).toBeGreaterThan(0);
      expect(Number.isFinite(c.maxDistance_m)).toBe(true);
    }
  });

  it('summarises the findings by rule and severity', () => {
    const s = report.summary;
    expect(s.findings).toBe(report.findings.length);
    expect(Object.values(s.bySeverity).reduce((a, b) => a + b, 0)).toBe(report.findings.length);
    expect(Object.values(s.byRule).reduce((a, b) => a + b.total, 0)).toBe(report.findings.length);
    expect(s.bySeverity.error).toBe(report.findings.filter((f) => f.severity === 'error').length);
    expect(s.byRule.R1.total).toBe(report.findings.filter((f) => f.rule === 'R1').length);
  });

  it('--tolerance 30 widens reuse on every corridor', () => {
    expect(report30.params.tolerance_m).toBe(30);
    expect(report30.corridors.map((c) => c.id)).toEqual(report.corridors.map((c) => c.id));
    const at15 = new Map(report.corridors.map((c) => [c.id, c.reuse_duct_m]));
    for (const c of report30.corridors) expect(c.reuse_duct_m, c.id).toBeGreaterThanOrEqual(at15.get(c.id)!);
    expect(report30.corridors.some((c) => c.reuse_duct_m > at15.get(c.id)!)).toBe(true);
  });

  it('--out writes the file and one summary line to stderr, nothing to stdout', () => {
    expect(t30.stdout).toBe('');
    const lines = t30.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hatang: wrote .*report-30\.json/);
  });
});

interface KpiOut {
  phase: string;
  population_total: number;
  population_5g: number;
  pct_5g: number;
  population_fibre: number;
  pct_fibre: number;
  wifi_centres_pct: number;
  communes: { code: string; name: string; population: number; pct_5g: number; pct_fibre: number; population_5g: number; population_fibre: number }[];
  contributions: { id: string; people: number }[];
  trend: Record<string, { pct_5g: number; pct_fibre: number; wifi_centres_pct: number }>;
  params: Record<string, unknown> & { dataDir: string; planFile: string };
}

describe('hatang kpi', () => {
  let k30: Run;
  let k25: Run;
  let kpi30: KpiOut;
  let kpi25: KpiOut;

  beforeAll(async () => {
    [k30, k25] = await Promise.all([run(['kpi']), run(['kpi', '--phase', '2025', '--out', join(tmp, 'kpi-2025.json')])]);
    expect(k30.code, k30.stderr).toBe(0);
    expect(k25.code, k25.stderr).toBe(0);
    kpi30 = JSON.parse(k30.stdout) as KpiOut;
    kpi25 = JSON.parse(readFileSync(join(tmp, 'kpi-2025.json'), 'utf8')) as KpiOut;
  }, 300_000);

  it('writes the 2030 indicators of the demo plan as JSON, headline keys first', () => {
    expect(k30.stderr).toBe('');
    const head = ['phase', 'population_total', 'population_5g', 'pct_5g', 'population_fibre', 'pct_fibre', 'wifi_centres_pct', 'datacentres', 'sharing', 'communes', 'params'];
    expect(Object.keys(kpi30).slice(0, head.length)).toEqual(head);
    expect(Object.keys(kpi30)).toEqual(expect.arrayContaining(['gaps', 'targets', 'trend', 'siting', 'contributions', 'plan']));
    expect(kpi30.phase).toBe('2030');
    expect(kpi30.params.dataDir).toBe(DATA);
    expect(kpi30.params.planFile).toBe(join(DATA, 'demo-plan.geojson'));
    expect(kpi30.population_total).toBeGreaterThan(0);
    for (const k of ['pct_5g', 'pct_fibre', 'wifi_centres_pct'] as const) {
      expect(kpi30[k]).toBeGreaterThanOrEqual(0);
      expect(kpi30[k]).toBeLessThanOrEqual(100);
    }
    expect(Object.keys(kpi30.trend)).toEqual(['2025', '2030', '2040']);
    expect(kpi30.trend['2030'].pct_5g).toBe(kpi30.pct_5g);
    expect(kpi30.contributions.length).toBeGreaterThan(0);
    expect(kpi30.contributions.length).toBeLessThanOrEqual(20);
  });

  it('population_total is the sum of the communes', () => {
    expect(kpi30.communes.length).toBeGreaterThan(0);
    expect(kpi30.communes.reduce((s, c) => s + c.population, 0)).toBe(kpi30.population_total);
    for (const c of kpi30.communes) {
      expect(Object.keys(c).slice(0, 5)).toEqual(['code', 'name', 'population', 'pct_5g', 'pct_fibre']);
      expect(c.population_5g).toBeLessThanOrEqual(c.population);
      expect(c.population_fibre).toBeLessThanOrEqual(c.population);
    }
  });

  it('--phase 2025 is the baseline: no contributions, 5G no higher than in 2030; --out prints one summary line', () => {
    expect(kpi25.phase).toBe('2025');
    expect(kpi25.contributions).toEqual([]);
    expect(kpi25.pct_5g).toBeLessThanOrEqual(kpi30.pct_5g);
    expect(kpi25.population_total).toBe(kpi30.population_total);
    expect(k25.stdout).toBe('');
    const lines = k25.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hatang: wrote .*kpi-2025\.json: phase 2025/);
  });
});

describe('hatang help', () => {
  it('prints the commands and the analyze and kpi options', async () => {
    const [top, sub, k] = await Promise.all([run(['--help']), run(['analyze', '--help']), run(['kpi', '--help'])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('analyze');
    expect(top.stdout).toContain('kpi');
    expect(sub.code).toBe(0);
    for (const flag of ['--data', '--plan', '--tolerance', '--out']) expect(sub.stdout).toContain(flag);
    expect(k.code).toBe(0);
    for (const flag of ['--data', '--plan', '--phase', '--out']) expect(k.stdout).toContain(flag);
  });
});

describe('hatang errors: one line, no stack, exit 2', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['unknown command', () => ['frobnicate'], /unknown command 'frobnicate'/],
    ['no command', () => [], /no command/],
    ['unknown flag', () => ['analyze', '--bogus'], /unknown option --bogus/],
    ['missing flag value', () => ['analyze', '--plan'], /--plan needs a value/],
    ['--tolerance abc', () => ['analyze', '--tolerance', 'abc'], /--tolerance.*number.*abc/],
    ['--tolerance -5', () => ['analyze', '--tolerance', '-5'], /--tolerance.*-5/],
    ['--tolerance 1001', () => ['analyze', '--tolerance', '1001'], /--tolerance.*1000/],
    ['missing plan file', () => ['analyze', '--plan', join(tmp, 'missing.geojson')], /missing\.geojson: file not found/],
    ['plan that is not JSON', () => ['analyze', '--plan', join(tmp, 'broken.geojson')], /broken\.geojson: not valid JSON/],
    ['JSON that is not a FeatureCollection', () => ['analyze', '--plan', join(tmp, 'feature.geojson')], /feature\.geojson: not a GeoJSON FeatureCollection/],
    ['missing data folder', () => ['analyze', '--data', '/nonexistent'], /\/nonexistent.*npm run seed/],
    ['output folder missing', () => ['analyze', '--out', join(tmp, 'no', 'such', 'report.json')], /report\.json: cannot write/],
    ['kpi --phase 2031', () => ['kpi', '--phase', '2031'], /--phase.*2025, 2030, 2040.*2031/],
    ['kpi missing data folder', () => ['kpi', '--data', '/nonexistent'], /\/nonexistent.*npm run seed/],
  ];

  beforeAll(() => {
    writeFileSync(join(tmp, 'broken.geojson'), '{ "type": "FeatureCollection", "features": [');
    writeFileSync(join(tmp, 'feature.geojson'), JSON.stringify({ type: 'Feature', properties: { id: 'x' }, geometry: { type: 'Point', coordinates: [106.7, 20.8] } }));
  });

  it.each(cases)('%s', async (_name, args, mentions) => {
    expectUsageError(await run(args()), mentions);
  });

  it('bin/hatang.mjs forwards the exit code and the message', async () => {
    const r = await run(['frobnicate'], [join(REPO_ROOT, 'bin', 'hatang.mjs')]);
    expectUsageError(r, /unknown command 'frobnicate'/);
  });
});
