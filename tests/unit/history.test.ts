/**
 * The plan editor's command history (src/core/plan/history.ts): every builder's change,
 * applied then inverted, restores the exact state (deep equal, order included); long random
 * edit sequences undo back to the start and redo to the end; committing after an undo drops
 * the redo stack; the cap holds; nothing the history holds can be corrupted from outside.
 */
import { describe, expect, it } from 'vitest';
import type { GeoFeature } from '../../src/core/io/fgb';
import {
  addChange,
  applyChange,
  commit,
  emptyHistory,
  HistoryError,
  invertChange,
  redo,
  removeChange,
  replaceAllChange,
  splitChange,
  undo,
  updateChange,
  type Change,
  type HistoryState,
} from '../../src/core/plan/history';
import { Rng } from '../../src/core/random';

function point(id: string, x = 106.7, y = 20.85, extra: Record<string, unknown> = {}): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: { id, code: 'ANT_A1A', owner: 'Viettel', status: 'planned', phase: '2030', commune_code: '11311', name: `Trạm ${id}`, ...extra } };
}

function line(id: string, coords: number[][]): GeoFeature {
  return { type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: { id, code: 'CORRIDOR', owner: 'shared', status: 'planned', phase: '2030', commune_code: '11311' } };
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

const base = (): GeoFeature[] => [
  point('a', 106.70, 20.85),
  line('b', [
    [106.7, 20.85],
    [106.71, 20.86],
    [106.72, 20.86],
  ]),
  point('c', 106.71, 20.84, { height_m: 12 }),
  point('d', 106.72, 20.83),
  point('e', 106.73, 20.82),
];

/** Apply, check the result, invert, check the exact start comes back; inputs are frozen, so any mutation throws. */
function roundTrip(before: GeoFeature[], change: Change, expected?: GeoFeature[]): GeoFeature[] {
  const snapshot = structuredClone(before);
  deepFreeze(before);
  deepFreeze(change);
  const after = applyChange(before, change);
  if (expected) expect(after).toEqual(expected);
  const back = applyChange(after, invertChange(change));
  expect(back).toEqual(snapshot);
  expect(back.map((f) => f.properties.id)).toEqual(snapshot.map((f) => f.properties.id));
  expect(before).toEqual(snapshot);
  return after;
}

describe('builders: change then inverse restores the exact state', () => {
  it('addChange appends at the end', () => {
    const f = base();
    const after = roundTrip(f, addChange(f, [point('x'), point('y')]));
    expect(after.map((g) => g.properties.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'x', 'y']);
  });

  it('addChange into an empty plan', () => {
    roundTrip([], addChange([], [point('x')]), [point('x')]);
  });

  it('removeChange keeps the order of the rest, ids in any order', () => {
    const f = base();
    const after = roundTrip(f, removeChange(f, ['d', 'a', 'e']));
    expect(after.map((g) => g.properties.id)).toEqual(['b', 'c']);
  });

  it('removeChange of everything', () => {
    const f = base();
    expect(roundTrip(f, removeChange(f, ['a', 'b', 'c', 'd', 'e']))).toEqual([]);
  });

  it('updateChange replaces in place (moves and attribute edits)', () => {
    const f = base();
    const moved = { ...f[3], geometry: { type: 'Point', coordinates: [106.8, 20.9] } };
    const edited = { ...f[0], properties: { ...f[0].properties, name: 'Trạm đổi tên — Hải Phòng', height_m: 3 } };
    const after = roundTrip(f, updateChange(f, [moved, edited]));
    expect(after.map((g) => g.properties.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(after[0].properties.name).toBe('Trạm đổi tên — Hải Phòng');
    expect(after[3].geometry.coordinates).toEqual([106.8, 20.9]);
  });

  it('updateChange leaves out features that did not change', () => {
    const f = base();
    expect(updateChange(f, [structuredClone(f[1])])).toEqual({ removed: [], added: [] });
    const c = updateChange(f, [structuredClone(f[1]), { ...f[2], properties: { ...f[2].properties, height_m: 13 } }]);
    expect(c.removed.map((r) => r.index)).toEqual([2]);
  });

  it('updateChange that removes a property', () => {
    const f = base();
    const { height_m: _drop, ...rest } = f[2].properties;
    void _drop;
    roundTrip(f, updateChange(f, [{ ...f[2], properties: rest }]));
  });

  it('replaceAllChange swaps the whole plan (open / import)', () => {
    const f = base();
    const next = [point('p'), f[2], point('q')];
    const after = roundTrip(f, replaceAllChange(f, next));
    expect(after).toEqual(next);
    roundTrip(f, replaceAllChange(f, []), []);
    roundTrip([], replaceAllChange([], next), next);
  });

  it('splitChange puts the parts where the feature was', () => {
    const f = base();
    const parts = [
      line('b', [
        [106.7, 20.85],
        [106.71, 20.86],
      ]),
      line('b2', [
        [106.71, 20.86],
        [106.72, 20.86],
      ]),
    ];
    const after = roundTrip(f, splitChange(f, 'b', parts));
    expect(after.map((g) => g.properties.id)).toEqual(['a', 'b', 'b2', 'c', 'd', 'e']);
  });

  it('builders reject what would break id-based editing', () => {
    const f = base();
    expect(() => addChange(f, [point('a')])).toThrow(HistoryError);
    expect(() => addChange(f, [point('x'), point('x')])).toThrow(/duplicate id x/);
    expect(() => addChange(f, [point('')])).toThrow(/no id/);
    expect(() => removeChange(f, ['zz'])).toThrow(/no feature with id zz/);
    expect(() => updateChange(f, [point('zz')])).toThrow(/no feature with id zz/);
    expect(() => splitChange(f, 'b', [point('c')])).toThrow(/already exists/);
    expect(() => splitChange(f, 'b', [])).toThrow(/no parts/);
    expect(() => replaceAllChange(f, [point('x'), point('x')])).toThrow(/duplicate/);
  });

  it('applyChange refuses a change that does not fit the state', () => {
    const f = base();
    const c = removeChange(f, ['c']);
    expect(() => applyChange(f.slice(1), c)).toThrow(HistoryError);
    expect(() => applyChange([], c)).toThrow(HistoryError);
    expect(() => applyChange(f, { removed: [], added: [{ index: 9, feature: point('x') }] })).toThrow(HistoryError);
  });
});

describe('history owns its copies', () => {
  it("mutating the caller's features or the state afterwards does not corrupt undo", () => {
    const f = base();
    const fresh = point('x');
    let s: HistoryState = { features: f, history: emptyHistory() };
    s = commit(s, addChange(s.features, [fresh]), 'add', '2026-01-01T00:00:00Z');
    const edited = structuredClone(s.features[0]);
    edited.properties.name = 'mới';
    s = commit(s, updateChange(s.features, [edited]), 'edit', '2026-01-01T00:00:01Z');
    // Vandalise everything reachable from outside the history.
    fresh.properties.id = 'broken';
    edited.properties.name = 'vandalised';
    for (const g of s.features) (g.geometry.coordinates as number[])[0] = 0;
    s = undo(undo(s));
    expect(s.features).toHaveLength(5);
    expect(s.features[0].properties.name).toBe('Trạm a');
    s = redo(redo(s));
    expect(s.features.map((g) => g.properties.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'x']);
    expect(s.features[0].properties.name).toBe('mới');
    expect(s.features[5].geometry.coordinates).toEqual([106.7, 20.85]);
  });
});

/** One random edit of `features`, or null when none applies. */
function randomChange(rng: Rng, features: GeoFeature[], ids: { n: number }): { change: Change; label: string } {
  const pickIds = (k: number) => {
    const pool = features.map((f) => String(f.properties.id));
    const out: string[] = [];
    while (out.length < k && pool.length) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]);
    return out;
  };
  const fresh = () => point(`f${++ids.n}`, rng.range(106.5, 107), rng.range(20.6, 21), { height_m: rng.int(1, 40) });
  const op = features.length === 0 ? 0 : rng.int(0, 5);
  switch (op) {
    case 0:
      return { change: addChange(features, Array.from({ length: rng.int(1, 3) }, fresh)), label: 'add' };
    case 1:
      return { change: removeChange(features, pickIds(rng.int(1, Math.min(3, features.length)))), label: 'remove' };
    case 2: {
      const upd = pickIds(rng.int(1, 3)).map((id) => {
        const f = structuredClone(features.find((g) => g.properties.id === id)!);
        if (rng.chance(0.5)) f.properties.height_m = rng.int(1, 60);
        else f.geometry = { type: 'Point', coordinates: [rng.range(106.5, 107), rng.range(20.6, 21)] };
        return f;
      });
      return { change: updateChange(features, upd), label: 'update' };
    }
    case 3: {
      // bulk edit: one attribute on many features
      const phase = rng.pick(['2030', '2040']);
      const upd = pickIds(rng.int(1, 6)).map((id) => {
        const f = features.find((g) => g.properties.id === id)!;
        return { ...f, properties: { ...f.properties, phase } };
      });
      return { change: updateChange(features, upd), label: 'bulk' };
    }
    case 4: {
      const id = pickIds(1)[0];
      const parts = [point(id, rng.range(106.5, 107), 20.8), point(`f${++ids.n}`, rng.range(106.5, 107), 20.9)];
      return { change: splitChange(features, id, parts), label: 'split' };
    }
    default: {
      // import: keep a shuffled part of the plan and add some new features
      const kept = pickIds(rng.int(0, features.length)).map((id) => features.find((g) => g.properties.id === id)!);
      return { change: replaceAllChange(features, [...kept, ...Array.from({ length: rng.int(0, 3) }, fresh)]), label: 'import' };
    }
  }
}

describe('random edit sequences', () => {
  for (const seed of [1, 2, 3, 20300317]) {
    it(`seed ${seed}: 200 mixed edits, undo all = start, redo all = end, every step matches`, () => {
      const rng = new Rng(seed);
      const ids = { n: 0 };
      let s: HistoryState = { features: base(), history: emptyHistory() };
      const snapshots = [structuredClone(s.features)];
      for (let k = 0; k < 200; k++) {
        const { change, label } = randomChange(rng, s.features, ids);
        const next = commit(s, change, label, `2026-01-01T00:00:${String(k % 60).padStart(2, '0')}Z`);
        if (next === s) continue; // an update that changed nothing records nothing
        s = next;
        snapshots.push(structuredClone(s.features));
      }
      expect(s.history.past.length).toBe(snapshots.length - 1);
      expect(snapshots.length).toBeGreaterThan(150);
      const end = structuredClone(s.features);
      for (let k = snapshots.length - 2; k >= 0; k--) {
        s = undo(s);
        expect(s.features).toEqual(snapshots[k]);
      }
      expect(s.features).toEqual(base());
      expect(undo(s)).toBe(s);
      for (let k = 1; k < snapshots.length; k++) {
        s = redo(s);
        expect(s.features).toEqual(snapshots[k]);
      }
      expect(s.features).toEqual(end);
      expect(redo(s)).toBe(s);
    });
  }

  it('interleaved undo, redo and new edits follow a reference model', () => {
    const rng = new Rng(42);
    const ids = { n: 0 };
    let s: HistoryState = { features: base(), history: emptyHistory() };
    // Reference: the list of states and a cursor into it.
    let timeline = [structuredClone(s.features)];
    let cursor = 0;
    for (let k = 0; k < 400; k++) {
      const r = rng.next();
      if (r < 0.2) {
        s = undo(s);
        cursor = Math.max(0, cursor - 1);
      } else if (r < 0.35) {
        s = redo(s);
        cursor = Math.min(timeline.length - 1, cursor + 1);
      } else {
        const { change, label } = randomChange(rng, s.features, ids);
        const next = commit(s, change, label, '2026-01-01T00:00:00Z');
        if (next === s) continue;
        s = next;
        timeline = [...timeline.slice(0, cursor + 1), structuredClone(s.features)];
        cursor++;
      }
      expect(s.features).toEqual(timeline[cursor]);
      expect(s.history.past.length).toBe(cursor);
      expect(s.history.future.length).toBe(timeline.length - 1 - cursor);
    }
  });
});

describe('commit, undo, redo', () => {
  const at = '2026-03-17T08:00:00Z';

  it('commit after undo clears the redo stack', () => {
    let s: HistoryState = { features: base(), history: emptyHistory() };
    s = commit(s, addChange(s.features, [point('x')]), 'add x', at);
    s = commit(s, removeChange(s.features, ['a']), 'remove a', at);
    s = undo(s);
    expect(s.history.future.map((e) => e.label)).toEqual(['remove a']);
    s = commit(s, addChange(s.features, [point('y')]), 'add y', at);
    expect(s.history.future).toEqual([]);
    expect(s.history.past.map((e) => e.label)).toEqual(['add x', 'add y']);
    expect(redo(s)).toBe(s);
  });

  it('entries carry label and time; an empty change records nothing', () => {
    let s: HistoryState = { features: base(), history: emptyHistory() };
    s = commit(s, addChange(s.features, [point('x')]), 'Thêm trạm', at);
    expect(s.history.past[0]).toMatchObject({ label: 'Thêm trạm', at });
    const same = commit(s, updateChange(s.features, [structuredClone(s.features[0])]), 'noop', at);
    expect(same).toBe(s);
    expect(commit(s, { removed: [], added: [] }, 'noop', at)).toBe(s);
  });

  it('the cap keeps the newest entries', () => {
    let s: HistoryState = { features: [], history: emptyHistory() };
    for (let k = 0; k < 30; k++) s = commit(s, addChange(s.features, [point(`p${k}`)]), `add ${k}`, at, 10);
    expect(s.history.past).toHaveLength(10);
    expect(s.history.past[0].label).toBe('add 20');
    for (let k = 0; k < 10; k++) s = undo(s);
    expect(s.features.map((f) => f.properties.id)).toEqual(Array.from({ length: 20 }, (_, k) => `p${k}`));
    expect(undo(s)).toBe(s);
  });

  it('the default cap is 500', () => {
    let s: HistoryState = { features: [point('a')], history: emptyHistory() };
    for (let k = 0; k < 520; k++) {
      const f = structuredClone(s.features[0]);
      f.properties.height_m = k;
      s = commit(s, updateChange(s.features, [f]), 'edit', at);
    }
    expect(s.history.past).toHaveLength(500);
  });
});

/** A decision record as the plan keeps it (src/core/review/records.ts): a Point with the record as properties. */
function decision(id: string, decision = 'accept', extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [106.69, 20.85] },
    properties: { id, proposal_id: id.replace(/^rev-[a-z]+-r\d+-/, ''), carrier: 'VNPT', decision, reason: decision === 'accept' ? null : 'no_capacity', comment: '', decided_at: '2026-03-17T08:00:00.000Z', fingerprint: 'f0', round: 1, source: 'app', ...extra },
  };
}

describe("changes with target 'reviews' (carrier review decisions)", () => {
  const at = '2026-03-17T08:00:00Z';

  it('commit applies to reviews and leaves the features untouched (same array)', () => {
    const features = base();
    let s: HistoryState = { features, history: emptyHistory() };
    const add = { ...addChange([], [decision('rev-vnpt-r1-share:p1>s1')]), target: 'reviews' as const };
    s = commit(s, add, 'review VNPT accept', at);
    expect(s.features).toBe(features);
    expect(s.reviews?.map((f) => f.properties.id)).toEqual(['rev-vnpt-r1-share:p1>s1']);
    expect(s.history.past[0]).toMatchObject({ label: 'review VNPT accept', change: { target: 'reviews' } });
    // A second record, then a replacement of the first by id, each one step.
    s = commit(s, { ...addChange(s.reviews!, [decision('rev-vnpt-r1-reuse:c1>VNPT', 'reject')]), target: 'reviews' }, 'second', at);
    const replaced = decision('rev-vnpt-r1-share:p1>s1', 'conditional', { reason: 'commercial', comment: 'giá thuê' });
    s = commit(s, { ...updateChange(s.reviews!, [replaced]), target: 'reviews' }, 'replace', at);
    expect(s.features).toBe(features);
    expect(s.reviews).toEqual([replaced, decision('rev-vnpt-r1-reuse:c1>VNPT', 'reject')]);
  });

  it('a feature change leaves the reviews untouched (same array)', () => {
    const reviews = [decision('rev-vnpt-r1-x')];
    let s: HistoryState = { features: base(), reviews, history: emptyHistory() };
    s = commit(s, removeChange(s.features, ['a']), 'remove a', at);
    expect(s.reviews).toBe(reviews);
    s = undo(s);
    expect(s.reviews).toBe(reviews);
    expect(s.features).toEqual(base());
  });

  it('undo and redo restore the reviews exactly; the features are never touched', () => {
    const features = base();
    const start = [decision('rev-viettel-r1-share:a>s9', 'reject', { carrier: 'Viettel' })];
    let s: HistoryState = { features, reviews: structuredClone(start), history: emptyHistory() };
    const first = decision('rev-vnpt-r1-share:a>s9');
    s = commit(s, { ...addChange(s.reviews!, [first]), target: 'reviews' }, 'accept', at);
    const afterFirst = structuredClone(s.reviews);
    const second = decision('rev-vnpt-r1-share:a>s9', 'reject', { comment: 'hết chỗ' });
    s = commit(s, { ...updateChange(s.reviews!, [second]), target: 'reviews' }, 'reject', at);
    const afterSecond = structuredClone(s.reviews);
    s = undo(s);
    expect(s.reviews).toEqual(afterFirst);
    expect(s.reviews![1].properties.decision).toBe('accept');
    expect(s.history.future.map((e) => e.change.target)).toEqual(['reviews']);
    s = undo(s);
    expect(s.reviews).toEqual(start);
    expect(undo(s)).toBe(s);
    s = redo(s);
    expect(s.reviews).toEqual(afterFirst);
    s = redo(s);
    expect(s.reviews).toEqual(afterSecond);
    expect(s.features).toBe(features);
    expect(s.features).toEqual(base());
  });

  it('a first review change on a state without reviews, undone, leaves an empty list', () => {
    let s: HistoryState = { features: base(), history: emptyHistory() };
    s = commit(s, { ...addChange([], [decision('rev-vnpt-r1-x')]), target: 'reviews' }, 'x', at);
    s = undo(s);
    expect(s.reviews).toEqual([]);
    expect(s.features).toEqual(base());
  });

  it('invertChange keeps the target (and adds none to a feature change)', () => {
    const c: Change = { ...addChange([], [decision('rev-vnpt-r1-x')]), target: 'reviews' };
    const inv = invertChange(c);
    expect(inv.target).toBe('reviews');
    expect(inv.removed).toEqual(c.added);
    expect(inv.added).toEqual(c.removed);
    expect(invertChange(inv)).toEqual(c);
    const f = invertChange(addChange(base(), [point('x')]));
    expect(f).not.toHaveProperty('target');
  });

  for (const seed of [5, 6, 7]) {
    it(`seed ${seed}: 300 mixed feature and review edits, undo all = start, redo all = end, every step matches`, () => {
      const rng = new Rng(seed);
      const ids = { n: 0 };
      let s: HistoryState = { features: base(), reviews: [], history: emptyHistory() };
      const snap = (x: HistoryState) => structuredClone({ features: x.features, reviews: x.reviews ?? [] });
      const snapshots = [snap(s)];
      let n = 0;
      for (let k = 0; k < 300; k++) {
        const t = `2026-01-01T00:${String(Math.floor(k / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}Z`;
        let change: Change;
        let label: string;
        if (rng.chance(0.4)) {
          // A decision: a new record, or a replacement of one by id (as putReviews does), or both at once.
          const reviews = s.reviews ?? [];
          const replace = reviews.length > 0 && rng.chance(0.5) ? [structuredClone(rng.pick(reviews))] : [];
          for (const r of replace) r.properties.decision = rng.pick(['accept', 'reject', 'conditional'].filter((d) => d !== r.properties.decision));
          const fresh = rng.chance(replace.length ? 0.3 : 1) ? [decision(`rev-vnpt-r1-p${++n}`, rng.pick(['accept', 'reject', 'conditional']))] : [];
          const u = updateChange(reviews, replace);
          const a = addChange(reviews, fresh);
          change = { removed: u.removed, added: [...u.added, ...a.added], target: 'reviews' };
          label = 'review';
        } else ({ change, label } = randomChange(rng, s.features, ids));
        const before = s;
        const next = commit(s, change, label, t);
        if (next === s) continue;
        s = next;
        if (change.target === 'reviews') expect(s.features).toBe(before.features);
        else expect(s.reviews).toBe(before.reviews);
        snapshots.push(snap(s));
      }
      expect(s.history.past.length).toBe(snapshots.length - 1);
      const kinds = new Set(s.history.past.map((e) => e.change.target ?? 'features'));
      expect([...kinds].sort()).toEqual(['features', 'reviews']);
      expect(s.history.past.filter((e) => e.change.target === 'reviews').length).toBeGreaterThan(60);
      const end = snap(s);
      for (let k = snapshots.length - 2; k >= 0; k--) {
        s = undo(s);
        expect(snap(s)).toEqual(snapshots[k]);
      }
      expect(snap(s)).toEqual({ features: base(), reviews: [] });
      expect(undo(s)).toBe(s);
      for (let k = 1; k < snapshots.length; k++) {
        s = redo(s);
        expect(snap(s)).toEqual(snapshots[k]);
      }
      expect(snap(s)).toEqual(end);
      expect(redo(s)).toBe(s);
      // Every recorded change and its inverse stay exact inverses on the list they target.
      for (const e of s.history.past) expect(invertChange(invertChange(e.change))).toEqual(e.change);
    });
  }
});
