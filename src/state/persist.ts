/**
 * Plans in IndexedDB (idb-keyval, database `hatang`, object store `plans`):
 *
 *   plan:<id>  { v: 1, doc, history }   the document and its undo history
 *   meta:<id>  { id, name, created, modified }   for the plan list, without loading plans
 *   active     the id of the plan open last
 *
 * A plan and its meta row are written in one transaction. All reads and writes go through one
 * queue, so a burst of edits is written in order and a read sees every write queued before it.
 * Consecutive saves that have not started yet are merged: only the newest state is written
 * (each caller's promise settles when a state at least as new as its own is stored).
 * Failures are not swallowed: the promise rejects and the caller (src/state/plan.ts) shows it.
 */
import { createStore, del, delMany, get, getMany, keys, set, setMany, type UseStore } from 'idb-keyval';
import type { PlanDoc } from '../core/plan/doc';
import type { History } from '../core/plan/history';

export interface StoredPlanState {
  doc: PlanDoc;
  history: History;
}

export interface PlanMeta {
  id: string;
  name: string;
  created: string;
  modified: string;
}

const DB = 'hatang';
const STORE = 'plans';
const ACTIVE = 'active';
const planKey = (id: string) => `plan:${id}`;
const metaKey = (id: string) => `meta:${id}`;

let store: UseStore | null = null;
/** Opened on first use, so importing this module never touches IndexedDB. */
function db(): UseStore {
  if (!store) store = createStore(DB, STORE);
  return store;
}

let tail: Promise<unknown> = Promise.resolve();
interface PendingSave {
  state: StoredPlanState;
  promise: Promise<void>;
}
const pendingSaves = new Map<string, PendingSave>();

function enqueue<T>(op: () => Promise<T>, merges = false): Promise<T> {
  // Any other operation is a barrier: a later save must not be merged into one queued before it.
  if (!merges) pendingSaves.clear();
  const p = tail.then(op);
  tail = p.catch(() => undefined);
  return p;
}

function metaOf(doc: PlanDoc): PlanMeta {
  return { id: doc.id, name: doc.name, created: doc.created, modified: doc.modified };
}

/** Store a plan and its history (queued; merged with a save of the same plan not yet started). */
export function savePlanState(id: string, state: StoredPlanState): Promise<void> {
  const pending = pendingSaves.get(id);
  if (pending) {
    pending.state = state;
    return pending.promise;
  }
  const entry: PendingSave = { state, promise: Promise.resolve() };
  pendingSaves.set(id, entry);
  entry.promise = enqueue(async () => {
    if (pendingSaves.get(id) === entry) pendingSaves.delete(id);
    const { doc, history } = entry.state;
    await setMany(
      [
        [planKey(id), { v: 1, doc, history }],
        [metaKey(id), metaOf(doc)],
      ],
      db(),
    );
  }, true);
  return entry.promise;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The stored plan, or null when there is none with this id. Rejects when the stored value is damaged. */
export function loadPlanState(id: string): Promise<StoredPlanState | null> {
  return enqueue(async () => {
    const v = await get<unknown>(planKey(id), db());
    if (v === undefined) return null;
    if (!isObject(v) || !isObject(v.doc) || typeof v.doc.id !== 'string' || !Array.isArray(v.doc.features))
      throw new Error(`The saved plan ${id} is damaged and cannot be opened.`);
    const h = v.history;
    const history: History = isObject(h) && Array.isArray(h.past) && Array.isArray(h.future) ? (h as unknown as History) : { past: [], future: [] };
    return { doc: v.doc as unknown as PlanDoc, history };
  });
}

/** Plan list order: by creation time, then id. */
export function byCreated(a: PlanMeta, b: PlanMeta): number {
  return a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every stored plan, oldest first (by creation). */
export function listPlans(): Promise<PlanMeta[]> {
  return enqueue(async () => {
    const ks = (await keys(db())).filter((k): k is string => typeof k === 'string' && k.startsWith('meta:'));
    const metas = (await getMany<PlanMeta>(ks, db())).filter((m): m is PlanMeta => isObject(m) && typeof m.id === 'string');
    return metas.sort(byCreated);
  });
}

export function deletePlanState(id: string): Promise<void> {
  return enqueue(() => delMany([planKey(id), metaKey(id)], db()));
}

export function getActivePlanId(): Promise<string | null> {
  return enqueue(async () => {
    const v = await get<unknown>(ACTIVE, db());
    return typeof v === 'string' ? v : null;
  });
}

export function setActivePlanId(id: string | null): Promise<void> {
  return enqueue(() => (id === null ? del(ACTIVE, db()) : set(ACTIVE, id, db())));
}

/** Resolves once every operation queued so far has finished (failed ones included). */
export function flushWrites(): Promise<void> {
  return tail.then(() => undefined);
}
