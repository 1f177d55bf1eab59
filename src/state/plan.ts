/**
 * The plan being edited (one of several named scenarios), its undo history, and the list of
 * scenarios. Every edit goes through the command history (src/core/plan/history.ts); after each
 * change `modified` is bumped, the plan and its history are autosaved to IndexedDB
 * (src/state/persist.ts) and the analysis store gets the new plan file.
 *
 * Edits are synchronous (the state changes at once); saving is queued behind them. A failed
 * save shows in `saveError` (cleared by the next successful save). Keyboard shortcuts belong
 * to the UI.
 */
import { create } from 'zustand';
import { withParams } from '../core/analysis/params';
import type { PlanFile } from '../core/analysis/types';
import type { GeoFeature } from '../core/io/fgb';
import { docFromPlanFile, newPlanDoc, parsePlanFile, planFileName, planFileText, toPlanFile, type PlanDoc } from '../core/plan/doc';
import {
  addChange,
  commit,
  emptyHistory,
  featureId,
  redo as redoState,
  removeChange,
  replaceAllChange,
  splitChange,
  undo as undoState,
  updateChange,
  type Change,
  type History,
} from '../core/plan/history';
import { useAnalysis } from './analysis';
import { byCreated, deletePlanState, flushWrites, getActivePlanId, listPlans, loadPlanState, savePlanState, setActivePlanId, type PlanMeta } from './persist';

export type { PlanMeta };

export interface PlanState {
  /** True once `init` has restored or created a plan. */
  ready: boolean;
  doc: PlanDoc | null;
  history: History;
  /** Every scenario, oldest first. */
  plans: PlanMeta[];
  /** Why the last save (or the restore at start) failed; null after a successful save. */
  saveError: string | null;
  /** ISO time of the last successful save. */
  lastSavedAt: string | null;

  /** Restore the active plan from IndexedDB, else create one from the demo plan and save it. Safe to call twice. */
  init: (loadDemo: () => Promise<PlanFile>) => Promise<void>;
  /** Append features (ids must be new). */
  add: (features: GeoFeature[], label?: string) => void;
  /** Delete features; ids not in the plan are ignored. */
  remove: (ids: string[], label?: string) => void;
  /** Replace features by id, in place (moves, attribute edits). Unchanged features are skipped. */
  update: (features: GeoFeature[], label?: string) => void;
  /** Set (or, with the value undefined, delete) properties on several features in one undo step. */
  bulkUpdate: (ids: string[], patch: Record<string, unknown>, label?: string) => void;
  /** Replace feature `id` by `parts`, at its position. */
  split: (id: string, parts: GeoFeature[], label?: string) => void;
  /** Replace every feature (an import into the plan), one undo step. */
  replaceAll: (features: GeoFeature[], label: string) => void;
  /** Add or replace review decision records (Point features, by id) as one undoable step. */
  putReviews: (records: GeoFeature[], label: string) => void;
  undo: () => void;
  redo: () => void;
  rename: (name: string) => void;
  /** A new empty scenario, made active. Returns its id. */
  newPlan: (name: string) => string;
  /** A copy of the current scenario under `name` (fresh history), made active. Returns its id. */
  duplicate: (name: string) => string;
  switchTo: (id: string) => Promise<void>;
  /** Delete a scenario; deleting the active one switches to the most recently modified other. The only plan cannot be deleted. */
  deletePlan: (id: string) => Promise<void>;
  /** Open a plan file as a NEW scenario (made active). Throws PlanFileError and changes nothing when the file is damaged. Returns the new id. */
  openFile: (text: string, fileName?: string) => string;
  /** The current plan as a file to download, with the thresholds in use. */
  fileFor: () => { name: string; text: string };
  /** Resolves when every queued save has finished. */
  flush: () => Promise<void>;
}

export const canUndo = (s: Pick<PlanState, 'history'>): boolean => s.history.past.length > 0;
export const canRedo = (s: Pick<PlanState, 'history'>): boolean => s.history.future.length > 0;
/** Label of the step `undo` would revert, or null. */
export const undoLabel = (s: Pick<PlanState, 'history'>): string | null => s.history.past.at(-1)?.label ?? null;
export const redoLabel = (s: Pick<PlanState, 'history'>): string | null => s.history.future.at(-1)?.label ?? null;

let lastMs = 0;
/** The time now, strictly increasing within a session, so `modified` always moves and creation order is total. */
function nowIso(): string {
  const t = Math.max(Date.now(), lastMs + 1);
  lastMs = t;
  return new Date(t).toISOString();
}

function newId(): string {
  const b = new Uint8Array(6);
  globalThis.crypto.getRandomValues(b);
  return `plan-${Date.now().toString(36)}-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function currentParams() {
  return withParams(useAnalysis.getState().params);
}

function publish(doc: PlanDoc): void {
  useAnalysis.getState().setPlan(toPlanFile(doc, currentParams()));
}

function upsertMeta(plans: PlanMeta[], doc: PlanDoc): PlanMeta[] {
  const meta: PlanMeta = { id: doc.id, name: doc.name, created: doc.created, modified: doc.modified };
  return [...plans.filter((p) => p.id !== doc.id), meta].sort(byCreated);
}

function mostRecent(plans: PlanMeta[]): PlanMeta {
  return plans.reduce((a, b) => (b.modified > a.modified ? b : a));
}

let initPromise: Promise<void> | null = null;
let switchSeq = 0;

export const usePlan = create<PlanState>((set, get) => {
  function requireDoc(): PlanDoc {
    const doc = get().doc;
    if (!doc) throw new Error('No plan is open yet (call init first).');
    return doc;
  }

  function save(doc: PlanDoc, history: History): void {
    savePlanState(doc.id, { doc, history }).then(
      () => set({ lastSavedAt: nowIso(), saveError: null }),
      (e) => set({ saveError: `Autosave failed: ${message(e)}` }),
    );
  }

  function remember(id: string): void {
    setActivePlanId(id).catch((e) => set({ saveError: `Autosave failed: ${message(e)}` }));
  }

  /** Make `doc` (with `history`) the current plan: state, autosave, analysis. */
  function show(doc: PlanDoc, history: History): void {
    const before = get().doc;
    set({ doc, history, plans: upsertMeta(get().plans, doc) });
    save(doc, history);
    // A review decision changes no feature: the analysis has nothing to redo.
    if (!before || before.id !== doc.id || before.features !== doc.features) publish(doc);
  }

  /** Open `doc` as a scenario of its own and make it active. */
  function adopt(doc: PlanDoc, history: History): void {
    switchSeq++; // a switch still loading must not replace this one
    show(doc, history);
    remember(doc.id);
  }

  function apply(change: Change, label: string): void {
    const doc = requireDoc();
    const at = nowIso();
    const next = commit({ features: doc.features, reviews: doc.reviews, history: get().history }, change, label, at);
    if (next.features === doc.features && next.reviews === doc.reviews) return; // empty change: nothing to record
    show({ ...doc, features: next.features, reviews: next.reviews, modified: at }, next.history);
  }

  function step(fn: typeof undoState): void {
    const doc = requireDoc();
    const next = fn({ features: doc.features, reviews: doc.reviews, history: get().history });
    if (next.features === doc.features && next.reviews === doc.reviews) return;
    show({ ...doc, features: next.features, reviews: next.reviews, modified: nowIso() }, next.history);
  }

  return {
    ready: false,
    doc: null,
    history: emptyHistory(),
    plans: [],
    saveError: null,
    lastSavedAt: null,

    init: (loadDemo) => {
      if (initPromise) return initPromise;
      initPromise = (async () => {
        let restored: { doc: PlanDoc; history: History } | null = null;
        let plans: PlanMeta[] = [];
        let restoreError: string | null = null;
        try {
          plans = await listPlans();
          const active = await getActivePlanId();
          if (active) restored = await loadPlanState(active);
          if (!restored && plans.length) restored = await loadPlanState(mostRecent(plans).id);
        } catch (e) {
          restoreError = `Could not restore the saved plans: ${message(e)}`;
        }
        if (restored) {
          set({ ready: true, doc: restored.doc, history: restored.history, plans: upsertMeta(plans, restored.doc), saveError: restoreError });
          remember(restored.doc.id);
          publish(restored.doc);
          return;
        }
        const doc = docFromPlanFile(await loadDemo(), nowIso(), newId());
        set({ plans, saveError: restoreError });
        adopt(doc, emptyHistory());
        set({ ready: true });
      })();
      initPromise.catch(() => {
        initPromise = null; // let the caller retry
      });
      return initPromise;
    },

    add: (features, label = 'add') => apply(addChange(requireDoc().features, features), label),

    remove: (ids, label = 'remove') => {
      const doc = requireDoc();
      const have = new Set(doc.features.map(featureId));
      const known = ids.filter((id) => have.has(id));
      if (known.length) apply(removeChange(doc.features, known), label);
    },

    update: (features, label = 'update') => apply(updateChange(requireDoc().features, features), label),

    bulkUpdate: (ids, patch, label = 'bulk-update') => {
      if (Object.hasOwn(patch, 'id')) throw new Error('bulkUpdate cannot change feature ids.');
      const doc = requireDoc();
      const byId = new Map(doc.features.map((f) => [featureId(f), f]));
      const updated = ids.map((id) => {
        const f = byId.get(id);
        if (!f) throw new Error(`bulkUpdate: no feature with id ${id}.`);
        const properties = { ...f.properties };
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined) delete properties[k];
          else properties[k] = v;
        }
        return { ...f, properties };
      });
      apply(updateChange(doc.features, updated), label);
    },

    split: (id, parts, label = 'split') => apply(splitChange(requireDoc().features, id, parts), label),

    replaceAll: (features, label) => apply(replaceAllChange(requireDoc().features, features), label),

    putReviews: (records, label) => {
      const current = requireDoc().reviews ?? [];
      const have = new Set(current.map(featureId));
      const u = updateChange(current, records.filter((f) => have.has(featureId(f))));
      const a = addChange(current, records.filter((f) => !have.has(featureId(f))));
      apply({ removed: u.removed, added: [...u.added, ...a.added], target: 'reviews' }, label);
    },

    undo: () => step(undoState),
    redo: () => step(redoState),

    rename: (name) => {
      const clean = name.trim();
      if (!clean) throw new Error('A plan needs a name.');
      const doc = requireDoc();
      if (clean === doc.name) return;
      show({ ...doc, name: clean, modified: nowIso() }, get().history);
    },

    newPlan: (name) => {
      const doc = newPlanDoc(name.trim() || 'Untitled plan', get().doc?.author ?? '', nowIso(), newId());
      adopt(doc, emptyHistory());
      return doc.id;
    },

    duplicate: (name) => {
      const src = requireDoc();
      const at = nowIso();
      const doc: PlanDoc = { ...structuredClone(src), id: newId(), name: name.trim() || `${src.name} (copy)`, created: at, modified: at };
      adopt(doc, emptyHistory());
      return doc.id;
    },

    switchTo: async (id) => {
      if (get().doc?.id === id) return;
      const mine = ++switchSeq;
      const st = await loadPlanState(id);
      if (!st) throw new Error(`There is no saved plan with id ${id}.`);
      if (mine !== switchSeq) return; // a newer switch (or a new scenario) came first
      set({ doc: st.doc, history: st.history, plans: upsertMeta(get().plans, st.doc) });
      remember(id);
      publish(st.doc);
    },

    deletePlan: async (id) => {
      const others = get().plans.filter((p) => p.id !== id);
      if (get().doc?.id === id) {
        if (!others.length) throw new Error('The only plan cannot be deleted.');
        await get().switchTo(mostRecent(others).id);
      }
      await deletePlanState(id);
      set({ plans: get().plans.filter((p) => p.id !== id) });
    },

    openFile: (text, fileName) => {
      const fallback = fileName?.replace(/\.(geo)?json$/i, '').trim() || undefined;
      const { doc } = parsePlanFile(text, nowIso(), newId(), fallback); // throws PlanFileError: nothing changed
      adopt(doc, emptyHistory());
      return doc.id;
    },

    fileFor: () => {
      const doc = requireDoc();
      return { name: planFileName(doc.name), text: planFileText(toPlanFile(doc, currentParams())) };
    },

    flush: () => flushWrites(),
  };
});
