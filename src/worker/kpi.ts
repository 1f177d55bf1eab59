/**
 * The Plan 317 indicators in the data worker: one KpiEngine over the layers the worker holds,
 * sharing the analysis context (communes, sites, ducts, zones indexes), re-run on every plan
 * change; its per-feature cache keeps an edit to a few milliseconds.
 */
import * as Comlink from 'comlink';
import { KpiEngine } from '../core/kpi/engine';
import type { KpiParams } from '../core/kpi/params';
import type { KpiInput, KpiPhase, KpiReport } from '../core/kpi/types';
import type { AnalysisParams } from '../core/analysis/params';
import type { PlanFile } from '../core/analysis/types';
import type { Analyzer } from '../core/analysis/analyze';

let engine: KpiEngine | null = null;

export function prepareKpi(input: KpiInput, analyzer: Analyzer) {
  engine = new KpiEngine(input, analyzer.ctx, (f, ap) => analyzer.corridor(f, ap));
}

export function kpiReady(): boolean {
  return engine !== null;
}

export interface KpiResult {
  seq: number;
  report: KpiReport;
  ms: number;
}

export function runKpi(plan: PlanFile, params: Partial<KpiParams>, analysisParams: Partial<AnalysisParams>, seq: number): KpiResult {
  if (!engine) throw new Error('kpi: the dataset is not loaded yet');
  const t0 = performance.now();
  const report = engine.compute(plan, params, analysisParams);
  return { seq, report, ms: Math.round((performance.now() - t0) * 10) / 10 };
}

/** Uncovered populated cells of the last run, for the coverage-gap layer (transferred). */
export function kpiGaps(phase: KpiPhase, kind: '5g' | 'fibre') {
  if (!engine) return { positions: new Float64Array(), population: new Float32Array() };
  const g = engine.gapCells(phase, kind);
  return Comlink.transfer(g, [g.positions.buffer as ArrayBuffer, g.population.buffer as ArrayBuffer]);
}
