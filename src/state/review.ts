/**
 * Carrier review in the app: who is looking (the Sở or one carrier), the sharing proposals of
 * the whole plan (computed in the worker), and their states from the decision records kept in
 * the plan (so decisions autosave and undo like every edit). Proposals are computed only once
 * someone has opened the review tab or the plan holds decisions.
 */
import { create } from 'zustand';
import type { Proposal, ProposalStatus, Decision, ReasonCode } from '../core/review/types';
import { statusAll, recordId } from '../core/review/decisions';
import { recordFeature, recordsOf } from '../core/review/records';
import { importReviews, writeReviewFile, ReviewFileError, type ImportReport } from '../core/review/file';
import { logCsv } from '../core/review/decisions';
import { dataWorker } from '../worker/client';
import { useAnalysis } from './analysis';
import { usePlan } from './plan';

/** 'so' is the Sở (the planner); anything else is the carrier reviewing. */
export type Reviewer = string;

export interface ReviewState {
  active: boolean;
  as: Reviewer;
  proposals: Proposal[];
  statuses: Map<string, ProposalStatus>;
  loading: boolean;
  error: string | null;
  /** Why the last review files were refused (nothing was imported). */
  importError: string | null;
  imported: ImportReport[] | null;
  showOnMap: boolean;
  /** The review tab is on screen: proposals are drawn on the map only then. */
  open: boolean;
  selected: string | null;
  activate: () => void;
  setAs: (as: Reviewer) => void;
  refresh: () => Promise<void>;
  decide: (proposalId: string, decision: Decision, reason: ReasonCode | null, comment: string) => void;
  importFiles: (files: { name: string; text: string }[]) => void;
  exportFile: () => { name: string; text: string } | null;
  logFile: (lang: 'vi' | 'en') => { name: string; text: string };
  set: (p: Partial<Pick<ReviewState, 'showOnMap' | 'selected' | 'error' | 'importError' | 'open'>>) => void;
}

function savedAs(): Reviewer {
  return localStorage.getItem('hatang.reviewAs') ?? 'so';
}

/** The round a carrier is deciding in: one after the last round it sent to the Sở. */
export function currentRound(carrier: string): number {
  const recs = recordsOf(usePlan.getState().doc?.reviews).filter((r) => r.carrier === carrier && r.source !== 'app');
  return recs.length ? Math.max(...recs.map((r) => r.round)) + 1 : 1;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

let seq = 0;
/** The cluster proposals received last, and the key the worker gave them. */
let baseline: { key: string; list: Proposal[] } | null = null;

export const useReview = create<ReviewState>((set, get) => {
  const restate = () => set({ statuses: statusAll(get().proposals, recordsOf(usePlan.getState().doc?.reviews)) });
  return {
    active: false,
    as: savedAs(),
    proposals: [],
    statuses: new Map(),
    loading: false,
    error: null,
    importError: null,
    imported: null,
    showOnMap: true,
    open: false,
    selected: null,
    activate: () => {
      if (get().active) return;
      set({ active: true });
      void get().refresh();
    },
    setAs: (as) => {
      localStorage.setItem('hatang.reviewAs', as);
      set({ as, selected: null, importError: null });
    },
    refresh: async () => {
      const plan = useAnalysis.getState().plan;
      if (!plan || !get().active) return;
      const mine = ++seq;
      set({ loading: true });
      try {
        const res = await dataWorker().proposals(plan, useAnalysis.getState().params, baseline?.key ?? null);
        if (mine !== seq) return;
        if (res.baseline) baseline = { key: res.baselineKey, list: res.baseline };
        const proposals = [...res.plan, ...(baseline?.list ?? [])];
        set({ proposals, loading: false, error: null });
        restate();
      } catch (e) {
        if (mine === seq) set({ loading: false, error: e instanceof Error ? e.message : String(e) });
      }
    },
    decide: (proposalId, decision, reason, comment) => {
      const carrier = get().as;
      const p = get().proposals.find((x) => x.id === proposalId);
      if (!p || carrier === 'so') return;
      const round = currentRound(carrier);
      const rec = {
        id: recordId(carrier, round, proposalId),
        proposal_id: proposalId,
        carrier,
        decision,
        reason: decision === 'accept' ? reason : (reason ?? 'other'),
        comment,
        decided_at: new Date().toISOString(),
        fingerprint: p.fingerprint,
        round,
        source: 'app',
      };
      usePlan.getState().putReviews([recordFeature(rec, p.lon, p.lat)], `review ${carrier} ${decision} ${proposalId}`);
    },
    importFiles: (files) => {
      const doc = usePlan.getState().doc;
      if (!doc) return;
      try {
        const before = recordsOf(doc.reviews);
        const { records, report } = importReviews(before, files, get().proposals);
        const old = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
        const at = new Map(get().proposals.map((p) => [p.id, p]));
        // Only what the files add or change becomes the (one, undoable) import step.
        const feats = records.filter((r) => old.get(r.id) !== JSON.stringify(r)).map((r) => recordFeature(r, at.get(r.proposal_id)?.lon ?? 0, at.get(r.proposal_id)?.lat ?? 0));
        if (feats.length) usePlan.getState().putReviews(feats, `import reviews: ${files.map((f) => f.name).join(', ')}`);
        set({ imported: report, importError: null });
      } catch (e) {
        set({ importError: e instanceof ReviewFileError || e instanceof Error ? e.message : String(e) });
      }
    },
    exportFile: () => {
      const carrier = get().as;
      const doc = usePlan.getState().doc;
      if (carrier === 'so' || !doc) return null;
      const round = currentRound(carrier);
      const records = recordsOf(doc.reviews).filter((r) => r.carrier === carrier && r.round === round);
      const date = new Date().toISOString();
      const text = writeReviewFile({ carrier, date, plan: doc.name, round, records, proposals: get().proposals });
      return { name: `gop-y-${slug(carrier)}-vong-${round}-${date.slice(0, 10)}.geojson`, text };
    },
    logFile: (lang) => {
      const doc = usePlan.getState().doc;
      const text = logCsv(recordsOf(doc?.reviews), get().proposals, lang);
      return { name: `nhat-ky-gop-y-${new Date().toISOString().slice(0, 10)}.csv`, text };
    },
    set: (p) => set(p),
  };
});

useAnalysis.subscribe((s, prev) => {
  if (s.plan !== prev.plan || s.params !== prev.params) void useReview.getState().refresh();
});
usePlan.subscribe((s, prev) => {
  if (s.doc?.reviews !== prev.doc?.reviews) {
    const r = useReview.getState();
    if (!r.active && s.doc?.reviews?.length) r.activate();
    else useReview.setState({ statuses: statusAll(r.proposals, recordsOf(s.doc?.reviews)) });
  }
});
