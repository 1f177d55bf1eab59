/**
 * Undo/redo for the plan editor as data: every edit is a `Change` (the features it takes out
 * and the features it puts in, each with its index), and its inverse is the same change with
 * the two sides swapped. Pure, no DOM: the store (src/state/plan.ts) keeps the result in
 * IndexedDB so the history survives a reload.
 *
 * Index convention: `removed[].index` are positions in the array BEFORE the change,
 * `added[].index` positions in the array AFTER it. `applyChange` removes by descending index,
 * then inserts by ascending index, so an "in place" update (same index on both sides) keeps
 * the order.
 *
 * Ownership: features entering a change are deep-copied (structuredClone), and `applyChange`
 * copies the features it inserts into the returned array, so neither the caller's objects nor
 * the state array ever alias what the history holds: mutating either cannot corrupt undo.
 */
import type { GeoFeature } from '../io/fgb';

export interface Placed {
  index: number;
  feature: GeoFeature;
}

export interface Change {
  /** Taken out; indices in the state before the change. */
  removed: Placed[];
  /** Put in; indices in the state after the change. */
  added: Placed[];
  /** Which list the change applies to: the plan's features (default) or its review decisions (kept as Point features). */
  target?: 'reviews';
}

export interface Entry {
  label: string;
  change: Change;
  /** ISO 8601 time of the edit. */
  at: string;
}

export interface History {
  /** Oldest first; the last entry is the next to undo. */
  past: Entry[];
  /** Undone entries; the last entry is the next to redo. */
  future: Entry[];
}

export interface HistoryState {
  features: GeoFeature[];
  /** Carrier review decisions (src/core/review), one Point feature per decision record. */
  reviews?: GeoFeature[];
  history: History;
}

/** Entries kept in `past`; the oldest are dropped beyond this. */
export const HISTORY_CAP = 500;

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

export function emptyHistory(): History {
  return { past: [], future: [] };
}

export function featureId(f: GeoFeature): string {
  const id = f?.properties?.id;
  return typeof id === 'string' ? id : id === undefined || id === null ? '' : String(id);
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

export function isEmptyChange(c: Change): boolean {
  return c.removed.length === 0 && c.added.length === 0;
}

/**
 * The features after `change`, as a NEW array (the input is not touched). Throws a
 * HistoryError when the change does not fit the array (an index out of range, or the feature
 * at a removed index has another id): the history and the state are out of step.
 */
export function applyChange(features: readonly GeoFeature[], change: Change): GeoFeature[] {
  const n = features.length;
  const drop = new Uint8Array(n);
  for (const r of change.removed) {
    if (!Number.isInteger(r.index) || r.index < 0 || r.index >= n || drop[r.index])
      throw new HistoryError(`change does not fit: removed index ${r.index} of ${n}`);
    if (featureId(features[r.index]) !== featureId(r.feature))
      throw new HistoryError(`change does not fit: index ${r.index} holds ${featureId(features[r.index])}, not ${featureId(r.feature)}`);
    drop[r.index] = 1;
  }
  const kept: GeoFeature[] = [];
  for (let i = 0; i < n; i++) if (!drop[i]) kept.push(features[i]);
  if (change.added.length === 0) return kept;
  const added = [...change.added].sort((a, b) => a.index - b.index);
  const total = kept.length + added.length;
  const out: GeoFeature[] = new Array(total);
  let k = 0;
  let a = 0;
  for (let p = 0; p < total; p++) {
    if (a < added.length && added[a].index === p) out[p] = clone(added[a++].feature);
    else if (k < kept.length) out[p] = kept[k++];
    else throw new HistoryError(`change does not fit: added index ${added[a]?.index} beyond ${total}`);
  }
  if (a !== added.length) throw new HistoryError(`change does not fit: added index ${added[a].index} beyond ${total}`);
  return out;
}

/** The change that undoes `change`. */
export function invertChange(change: Change): Change {
  return change.target ? { removed: change.added, added: change.removed, target: change.target } : { removed: change.added, added: change.removed };
}

/** The lists after `change`, applied to the list it targets; the other list is kept as is. */
function applyTo(state: HistoryState, change: Change): Pick<HistoryState, 'features' | 'reviews'> {
  if (change.target === 'reviews') return { features: state.features, reviews: applyChange(state.reviews ?? [], change) };
  return { features: applyChange(state.features, change), reviews: state.reviews };
}

function indexById(features: readonly GeoFeature[]): Map<string, number> {
  const m = new Map<string, number>();
  features.forEach((f, i) => m.set(featureId(f), i));
  return m;
}

function requireIds(list: readonly GeoFeature[], what: string): void {
  const seen = new Set<string>();
  for (const f of list) {
    const id = featureId(f);
    if (!id) throw new HistoryError(`${what}: a feature has no id`);
    if (seen.has(id)) throw new HistoryError(`${what}: duplicate id ${id}`);
    seen.add(id);
  }
}

/** Append `newFeatures` at the end. Their ids must be new. */
export function addChange(features: readonly GeoFeature[], newFeatures: readonly GeoFeature[]): Change {
  requireIds(newFeatures, 'add');
  const have = indexById(features);
  for (const f of newFeatures) if (have.has(featureId(f))) throw new HistoryError(`add: id ${featureId(f)} already exists`);
  return { removed: [], added: newFeatures.map((f, i) => ({ index: features.length + i, feature: clone(f) })) };
}

/** Take out the features with these ids. Every id must exist. */
export function removeChange(features: readonly GeoFeature[], ids: readonly string[]): Change {
  const have = indexById(features);
  const idx = new Set<number>();
  for (const id of ids) {
    const i = have.get(id);
    if (i === undefined) throw new HistoryError(`remove: no feature with id ${id}`);
    idx.add(i);
  }
  return { removed: [...idx].sort((a, b) => a - b).map((i) => ({ index: i, feature: clone(features[i]) })), added: [] };
}

/** Plain JSON-value equality (features are JSON). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Replace features by id, each at its own position. Every id must exist; a feature equal to
 * the one it replaces is left out of the change (so a no-op edit makes an empty change).
 */
export function updateChange(features: readonly GeoFeature[], updatedFeatures: readonly GeoFeature[]): Change {
  requireIds(updatedFeatures, 'update');
  const have = indexById(features);
  const pairs: { index: number; before: GeoFeature; after: GeoFeature }[] = [];
  for (const f of updatedFeatures) {
    const i = have.get(featureId(f));
    if (i === undefined) throw new HistoryError(`update: no feature with id ${featureId(f)}`);
    if (!sameJson(features[i], f)) pairs.push({ index: i, before: features[i], after: f });
  }
  pairs.sort((a, b) => a.index - b.index);
  return {
    removed: pairs.map((p) => ({ index: p.index, feature: clone(p.before) })),
    added: pairs.map((p) => ({ index: p.index, feature: clone(p.after) })),
  };
}

/** Everything out, `next` in (open / import replacing the plan). Ids of `next` must be unique. */
export function replaceAllChange(features: readonly GeoFeature[], next: readonly GeoFeature[]): Change {
  requireIds(next, 'replace');
  return {
    removed: features.map((f, i) => ({ index: i, feature: clone(f) })),
    added: next.map((f, i) => ({ index: i, feature: clone(f) })),
  };
}

/**
 * Replace feature `id` by `parts`, at its position and in this order. Part ids must be unique
 * and must not clash with the other features (one part may keep the original id).
 */
export function splitChange(features: readonly GeoFeature[], id: string, parts: readonly GeoFeature[]): Change {
  const have = indexById(features);
  const i = have.get(id);
  if (i === undefined) throw new HistoryError(`split: no feature with id ${id}`);
  if (parts.length === 0) throw new HistoryError('split: no parts');
  requireIds(parts, 'split');
  for (const p of parts) {
    const pid = featureId(p);
    if (pid !== id && have.has(pid)) throw new HistoryError(`split: id ${pid} already exists`);
  }
  return {
    removed: [{ index: i, feature: clone(features[i]) }],
    added: parts.map((p, k) => ({ index: i + k, feature: clone(p) })),
  };
}

/**
 * Apply `change` and record it. An empty change returns `state` itself (nothing recorded).
 * Recording clears `future`; `past` keeps the newest `cap` entries.
 */
export function commit(state: HistoryState, change: Change, label: string, at: string, cap = HISTORY_CAP): HistoryState {
  if (isEmptyChange(change)) return state;
  const lists = applyTo(state, change);
  const entry: Entry = { label, change, at };
  const past = [...state.history.past, entry];
  if (past.length > cap) past.splice(0, past.length - cap);
  return { ...lists, history: { past, future: [] } };
}

/** Undo the newest entry; `state` itself when there is nothing to undo. */
export function undo(state: HistoryState): HistoryState {
  const { past, future } = state.history;
  const entry = past[past.length - 1];
  if (!entry) return state;
  return {
    ...applyTo(state, invertChange(entry.change)),
    history: { past: past.slice(0, -1), future: [...future, entry] },
  };
}

/** Redo the last undone entry; `state` itself when there is nothing to redo. */
export function redo(state: HistoryState): HistoryState {
  const { past, future } = state.history;
  const entry = future[future.length - 1];
  if (!entry) return state;
  return {
    ...applyTo(state, entry.change),
    history: { past: [...past, entry], future: future.slice(0, -1) },
  };
}
