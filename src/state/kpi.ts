/**
 * The Plan 317 scorecard: the latest indicator report from the worker (all three years),
 * what the last plan change did to it, and the scorecard's own view choices (choropleth,
 * coverage-gap layer, selected commune). Runs follow every plan or threshold change; a result
 * older than the newest request is dropped.
 */
import { create } from 'zustand';
import type { KpiParams } from '../core/kpi/params';
import type { KpiPhase, KpiReport } from '../core/kpi/types';
import type { PlanFile } from '../core/analysis/types';
import { dataWorker } from '../worker/client';
import { useAnalysis } from './analysis';
import { useEditor } from './editor';

export type Indicator = 'none' | 'pct_5g' | 'pct_fibre' | 'wifi';
export type GapKind = 'none' | '5g' | 'fibre';

/** One line of "what the last edit changed": people gained (or lost) in a commune. */
export interface KpiChange {
  kind: '5g' | 'fibre';
  people: number;
  commune: string;
}

export interface KpiState {
  ready: boolean;
  report: KpiReport | null;
  ms: number;
  running: boolean;
  error: string | null;
  params: Partial<KpiParams>;
  change: { phase: KpiPhase; items: KpiChange[]; at: number } | null;
  indicator: Indicator;
  gaps: GapKind;
  commune: string | null;
  printing: boolean;
  setReady: () => void;
  run: () => Promise<void>;
  setParams: (p: Partial<KpiParams>) => void;
  resetParams: () => void;
  set: (p: Partial<Pick<KpiState, 'indicator' | 'gaps' | 'commune' | 'printing'>>) => void;
}

function saved(): Partial<KpiParams> {
  try {
    return JSON.parse(localStorage.getItem('hatang.kpiParams') ?? '{}') as Partial<KpiParams>;
  } catch {
    return {};
  }
}

/** The year whose change is reported: the timeline's year, or 2030 when it shows the baseline. */
export function focusPhase(): KpiPhase {
  const y = useEditor.getState().year;
  return y === '2025' ? '2030' : y;
}

/** Communes whose covered population changed between two reports, largest first. */
export function diffReports(prev: KpiReport, next: KpiReport, phase: KpiPhase): KpiChange[] {
  const out: KpiChange[] = [];
  const before = new Map(prev.phases[phase].communes.map((c) => [c.code, c]));
  for (const c of next.phases[phase].communes) {
    const b = before.get(c.code);
    if (!b) continue;
    if (c.population_5g !== b.population_5g) out.push({ kind: '5g', people: c.population_5g - b.population_5g, commune: c.code });
    if (c.population_fibre !== b.population_fibre) out.push({ kind: 'fibre', people: c.population_fibre - b.population_fibre, commune: c.code });
  }
  return out.sort((a, b) => Math.abs(b.people) - Math.abs(a.people));
}

let seq = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastPlan: PlanFile | null = null;

export const useKpi = create<KpiState>((set, get) => ({
  ready: false,
  report: null,
  ms: 0,
  running: false,
  error: null,
  params: saved(),
  change: null,
  indicator: 'none',
  gaps: 'none',
  commune: null,
  printing: false,
  setReady: () => {
    set({ ready: true });
    void get().run();
  },
  run: async () => {
    const plan = useAnalysis.getState().plan;
    if (!get().ready || !plan) return;
    const mine = ++seq;
    const samePlan = lastPlan === plan;
    lastPlan = plan;
    set({ running: true });
    try {
      const r = await dataWorker().kpi(plan, get().params, useAnalysis.getState().params, mine);
      if (r.seq !== seq) return;
      const prev = get().report;
      const phase = focusPhase();
      // Only a plan edit is "a change"; a new threshold moves every figure and says nothing about a proposal.
      const items = prev && !samePlan ? diffReports(prev, r.report, phase) : [];
      set({ report: r.report, ms: r.ms, running: false, error: null, ...(items.length ? { change: { phase, items, at: Date.now() } } : {}) });
    } catch (e) {
      if (mine === seq) set({ running: false, error: e instanceof Error ? e.message : String(e) });
    }
  },
  setParams: (p) => {
    const params = { ...get().params, ...p };
    localStorage.setItem('hatang.kpiParams', JSON.stringify(params));
    set({ params });
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void get().run(), 150);
  },
  resetParams: () => {
    localStorage.removeItem('hatang.kpiParams');
    set({ params: {} });
    void get().run();
  },
  set: (p) => set(p),
}));

useAnalysis.subscribe((s, prev) => {
  if (s.plan !== prev.plan || s.params !== prev.params) void useKpi.getState().run();
});
