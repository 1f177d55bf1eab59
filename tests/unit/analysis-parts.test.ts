/**
 * The analysis split in two (baseline kept by the caller, the plan's findings per edit) gives
 * exactly the report of the one-piece analysis, on the default dataset and its demo plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readAnalysisInput, readPlan } from '../../src/cli/load-data';
import { Analyzer } from '../../src/core/analysis/analyze';
import { byFinding, mergeFindings } from '../../src/core/analysis/order';
import type { PlanFile } from '../../src/core/analysis/types';
import { Rng } from '../../src/core/random';
import { DATA, ensureDataset } from './cli-run';

let an: Analyzer;
let plan: PlanFile;

beforeAll(async () => {
  ensureDataset();
  an = new Analyzer(await readAnalysisInput(DATA));
  plan = readPlan(join(DATA, 'demo-plan.geojson'));
});

describe('analysis in parts', () => {
  it('baseline + plan findings, merged, equal the one-piece report', () => {
    const parts = an.analyzeParts(plan);
    const whole = an.analyze(plan);
    expect(parts.findings.length).toBeGreaterThan(0);
    expect(parts.baseline.findings.length).toBeGreaterThan(100);
    expect(mergeFindings(parts.baseline.findings, parts.findings)).toEqual(whole.findings);
    expect(parts.baseline.clusters).toEqual(whole.colocation);
    expect(parts.corridors).toEqual(whole.corridors);
    // Each part is sorted, so a merge equals sorting the concatenation.
    expect([...parts.baseline.findings, ...parts.findings].sort(byFinding)).toEqual(whole.findings);
  });

  it('keeps the same baseline for the same thresholds and a new one when they change', () => {
    const a = an.analyzeParts(plan);
    const b = an.analyzeParts({ ...plan, features: plan.features.slice(0, 3) });
    expect(b.baseline).toBe(a.baseline);
    expect(b.key).toBe(a.key);
    const c = an.analyzeParts(plan, { shareDistance_m: { phuong: 150, xa: 400, dac_khu: 400 } });
    expect(c.key).not.toBe(a.key);
    expect(c.baseline).not.toBe(a.baseline);
    // A wider ward sharing distance links more existing sites.
    expect(c.baseline.findings.filter((f) => f.rule === 'R1').length).toBeGreaterThanOrEqual(a.baseline.findings.filter((f) => f.rule === 'R1').length);
  });

  it('mergeFindings of two sorted random lists equals a sort of both', () => {
    const rng = new Rng(7);
    const sev = ['error', 'warning', 'info'] as const;
    const rules = ['R1', 'R2', 'R3', 'R9'] as const;
    const make = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ severity: sev[rng.int(0, 2)], rule: rules[rng.int(0, 3)], id: `f-${rng.int(0, 999)}-${i}` })).sort(byFinding);
    for (let k = 0; k < 20; k++) {
      const a = make(rng.int(0, 60));
      const b = make(rng.int(0, 60));
      expect(mergeFindings(a, b)).toEqual([...a, ...b].sort(byFinding));
    }
  });
});
