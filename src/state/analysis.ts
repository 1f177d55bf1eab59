/**
 * The plan and its analysis: the plan document, the threshold overrides, and the latest
 * result from the worker. Each run carries a sequence number; a result older than the newest
 * request is dropped, so a slow run never overwrites a newer one.
 */
import { create } from 'zustand';
import type { AnalysisParams } from '../core/analysis/params';
import type { PlanFile } from '../core/analysis/types';
import type { AnalysisResult, AnnotatedFinding } from '../worker/analysis';
import type { Cluster } from '../core/analysis/types';
import { mergeFindings } from '../core/analysis/order';
import { dataWorker } from '../worker/client';
import { inYear, useEditor } from './editor';

export interface FindingFilters {
  owner: string | null;
  commune: string | null;
}

export interface AnalysisState {
  plan: PlanFile | null;
  params: Partial<AnalysisParams>;
  result: AnalysisResult | null;
  running: boolean;
  error: string | null;
  selected: string | null;
  highlight: [number, number][];
  filters: FindingFilters;
  showPlan: boolean;
  showClusters: boolean;
  setPlan: (p: PlanFile) => void;
  setParams: (p: Partial<AnalysisParams>) => void;
  resetParams: () => void;
  run: () => Promise<void>;
  select: (id: string | null, highlight?: [number, number][]) => void;
  setFilters: (f: Partial<FindingFilters>) => void;
  toggle: (k: 'showPlan' | 'showClusters') => void;
}

function savedParams(): Partial<AnalysisParams> {
  try {
    return JSON.parse(localStorage.getItem('hatang.params') ?? '{}') as Partial<AnalysisParams>;
  } catch {
    return {};
  }
}

let seq = 0;
/** Baseline findings and clusters received from the worker, kept while the thresholds stay. */
let baseline: { key: string; findings: AnnotatedFinding[]; colocation: Cluster[] } | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

export const useAnalysis = create<AnalysisState>((set, get) => ({
  plan: null,
  params: savedParams(),
  result: null,
  running: false,
  error: null,
  selected: null,
  highlight: [],
  filters: { owner: null, commune: null },
  showPlan: true,
  showClusters: true,
  setPlan: (plan) => {
    set({ plan });
    void get().run();
  },
  setParams: (p) => {
    const params = { ...get().params, ...p };
    localStorage.setItem('hatang.params', JSON.stringify(params));
    set({ params });
    // Typing a threshold fires many changes: analyse once it settles.
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void get().run(), 150);
  },
  resetParams: () => {
    localStorage.removeItem('hatang.params');
    set({ params: {} });
    void get().run();
  },
  run: async () => {
    const { plan: full, params } = get();
    if (!full) return;
    // Analysis follows the year on the timeline: 2030 sees the 2026-2030 features, 2040 all.
    const year = useEditor.getState().year;
    const plan = { ...full, features: full.features.filter((f) => inYear(f.properties.phase, year)) };
    const mine = ++seq;
    set({ running: true });
    try {
      const r = await dataWorker().analyze(plan, params, mine, baseline?.key ?? null);
      if (r.seq !== seq) return; // stale: a newer run was requested meanwhile
      if (r.split?.baseline) baseline = { key: r.split.key, ...r.split.baseline };
      if (!baseline || !r.split || baseline.key !== r.split.key) throw new Error('analysis: the baseline findings are missing');
      // The baseline's findings stay here; each run brings the plan's, merged in order.
      const report = { ...r.report, findings: mergeFindings(baseline.findings, r.report.findings), colocation: baseline.colocation };
      set({ result: { ...r, report }, running: false, error: null });
    } catch (e) {
      if (mine === seq) set({ running: false, error: e instanceof Error ? e.message : String(e) });
    }
  },
  select: (selected, highlight = []) => set({ selected, highlight }),
  setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
  toggle: (k) => set({ [k]: !get()[k] } as Partial<AnalysisState>),
}));

useEditor.subscribe((s, prev) => {
  if (s.year !== prev.year) void useAnalysis.getState().run();
});
