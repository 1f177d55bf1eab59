import 'fake-indexeddb/auto';
/**
 * The plan store (src/state/plan.ts) over IndexedDB (fake-indexeddb): edits autosave; a fresh
 * store instance (a "reload": new modules, same database) restores the plan AND its undo
 * history; a damaged file changes nothing; scenarios stay separate; save failures show.
 *
 * The analysis store's worker is replaced by a stub (no `Worker` in Node); every test gets an
 * empty database of its own.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlanFile } from '../../src/core/analysis/types';
import type { GeoFeature } from '../../src/core/io/fgb';

const flags = vi.hoisted(() => ({ failWrites: false, analyzed: 0 }));

vi.mock('../../src/worker/client', () => ({
  dataWorker: () => ({
    analyze: async (_plan: unknown, _params: unknown, seq: number) => {
      flags.analyzed++;
      return { seq, report: { params: {}, findings: [], colocation: [], corridors: [], timings_ms: {} }, geometry: null, computed: 0, ms: 0 };
    },
  }),
}));

vi.mock('idb-keyval', async (importOriginal) => {
  const m = await importOriginal<typeof import('idb-keyval')>();
  return {
    ...m,
    setMany: (...args: Parameters<typeof m.setMany>) => (flags.failWrites ? Promise.reject(new Error('QuotaExceededError: the disk is full')) : m.setMany(...args)),
  };
});

function site(id: string, extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [106.6881, 20.8449] },
    properties: { id, code: 'ANT_A1A', owner: 'Viettel', status: 'planned', phase: '2030', commune_code: '11311', name: `Trạm ${id}`, height_m: 2.5, host_building_height_m: 20, tech: '4G,5G', tenants: 'Viettel', ...extra },
  };
}

function corridor(id: string): GeoFeature {
  return {
    type: 'Feature',
    geometry: {
      type: 'LineString',
      coordinates: [
        [106.68, 20.84],
        [106.69, 20.85],
        [106.7, 20.85],
      ],
    },
    properties: { id, code: 'CORRIDOR', owner: 'shared', status: 'planned', phase: '2030', commune_code: '11311', name: 'Tuyến dùng chung Lê Chân' },
  };
}

const DEMO: PlanFile = {
  type: 'FeatureCollection',
  metadata: { name: 'Phương án minh hoạ 2030', author: 'hatang seed', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z', synthetic: true },
  features: [corridor('plan-cor-001'), site('plan-site-001'), site('plan-site-002')],
};

const loadDemo = vi.fn(async () => structuredClone(DEMO));

/** A fresh set of modules over the current database, as after a page reload. */
async function boot() {
  vi.resetModules();
  const plan = await import('../../src/state/plan');
  const persist = await import('../../src/state/persist');
  const { useAnalysis } = await import('../../src/state/analysis');
  const { PlanFileError } = await import('../../src/core/plan/doc');
  return { ...plan, persist, useAnalysis, PlanFileError, s: () => plan.usePlan.getState() };
}

const tick = (ms = 3) => new Promise((r) => setTimeout(r, ms));
const ids = (fs: GeoFeature[] | undefined) => (fs ?? []).map((f) => f.properties.id);

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  flags.failWrites = false;
  loadDemo.mockClear();
});

describe('init', () => {
  it('creates the first plan from the demo plan, saves it and hands it to the analysis', async () => {
    const app = await boot();
    expect(app.s().ready).toBe(false);
    await app.s().init(loadDemo);
    const { doc, plans, history } = app.s();
    expect(app.s().ready).toBe(true);
    expect(doc?.name).toBe('Phương án minh hoạ 2030');
    expect(doc?.features).toEqual(DEMO.features);
    expect(history).toEqual({ past: [], future: [] });
    expect(plans).toEqual([{ id: doc!.id, name: doc!.name, created: doc!.created, modified: doc!.modified }]);
    expect(app.useAnalysis.getState().plan?.features).toEqual(DEMO.features);
    expect(app.useAnalysis.getState().plan?.metadata).toMatchObject({ name: doc!.name, hatang: 1 });
    await app.s().flush();
    expect(await app.persist.loadPlanState(doc!.id)).toEqual({ doc, history });
    expect(await app.persist.getActivePlanId()).toBe(doc!.id);
    expect(app.s().lastSavedAt).not.toBeNull();
  });

  it('called twice at once (React StrictMode) makes one plan', async () => {
    const app = await boot();
    await Promise.all([app.s().init(loadDemo), app.s().init(loadDemo)]);
    await app.s().flush();
    expect(loadDemo).toHaveBeenCalledTimes(1);
    expect(await app.persist.listPlans()).toHaveLength(1);
  });

  it('a failing demo load rejects and can be retried', async () => {
    const app = await boot();
    await expect(app.s().init(() => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(app.s().ready).toBe(false);
    await app.s().init(loadDemo);
    expect(app.s().ready).toBe(true);
  });
});

describe('edits autosave; a reload restores the plan and its history', () => {
  it('every kind of edit is saved with its history, and undo works after the reload', async () => {
    let app = await boot();
    await app.s().init(loadDemo);
    const created = app.s().doc!.modified;
    await tick();
    const st = () => app.s();
    st().add([site('plan-site-003'), corridor('plan-cor-002')], 'Thêm 2 đối tượng');
    st().update([{ ...site('plan-site-001'), geometry: { type: 'Point', coordinates: [106.7, 20.86] } }], 'move');
    st().bulkUpdate(['plan-site-001', 'plan-site-002'], { phase: '2040', name: undefined });
    st().split('plan-cor-001', [{ ...corridor('plan-cor-001'), geometry: { type: 'LineString', coordinates: [[106.68, 20.84], [106.69, 20.85]] } }, { ...corridor('plan-cor-003'), geometry: { type: 'LineString', coordinates: [[106.69, 20.85], [106.7, 20.85]] } }]);
    st().remove(['plan-site-002', 'not-there']);
    st().replaceAll([...st().doc!.features, site('plan-site-004')], 'import');
    const doc = st().doc!;
    const history = st().history;
    expect(doc.modified > created).toBe(true);
    expect(history.past.map((e) => e.label)).toEqual(['Thêm 2 đối tượng', 'move', 'bulk-update', 'split', 'remove', 'import']);
    expect(ids(doc.features)).toEqual(['plan-cor-001', 'plan-cor-003', 'plan-site-001', 'plan-site-003', 'plan-cor-002', 'plan-site-004']);
    expect(doc.features[2].properties).not.toHaveProperty('name');
    expect(doc.features[2].properties.phase).toBe('2040');
    expect(app.useAnalysis.getState().plan?.features).toEqual(doc.features);
    expect(st().plans[0].modified).toBe(doc.modified);
    await st().flush();

    // Reload.
    app = await boot();
    await app.s().init(loadDemo);
    expect(loadDemo).toHaveBeenCalledTimes(1); // only the first start
    expect(app.s().doc).toEqual(doc);
    expect(app.s().history).toEqual(history);
    expect(app.useAnalysis.getState().plan?.features).toEqual(doc.features);
    expect(app.canUndo(app.s())).toBe(true);
    expect(app.undoLabel(app.s())).toBe('import');
    for (let k = 0; k < 6; k++) app.s().undo();
    expect(app.s().doc!.features).toEqual(DEMO.features);
    expect(app.canUndo(app.s())).toBe(false);
    expect(app.canRedo(app.s())).toBe(true);
    app.s().undo(); // nothing left: no change
    for (let k = 0; k < 6; k++) app.s().redo();
    expect(app.s().doc!.features).toEqual(doc.features);
    expect(app.canRedo(app.s())).toBe(false);

    // The undo position survives a reload too.
    app.s().undo();
    app.s().undo();
    const mid = app.s().doc!;
    await app.s().flush();
    app = await boot();
    await app.s().init(loadDemo);
    expect(app.s().doc!.features).toEqual(mid.features);
    expect(app.s().history.future).toHaveLength(2);
    app.s().redo();
    app.s().redo();
    expect(app.s().doc!.features).toEqual(doc.features);
  });

  it('a burst of edits is written in order: the store ends with the last state', async () => {
    let app = await boot();
    await app.s().init(loadDemo);
    for (let k = 0; k < 60; k++) app.s().update([site('plan-site-001', { height_m: k / 10 })]);
    const last = app.s().doc!;
    await app.s().flush();
    expect(await app.persist.loadPlanState(last.id)).toEqual({ doc: last, history: app.s().history });
    app = await boot();
    await app.s().init(loadDemo);
    expect(app.s().doc!.features[1].properties.height_m).toBe(5.9);
    expect(app.s().history.past).toHaveLength(60);
  });

  it('an edit that changes nothing is not recorded', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    const doc = app.s().doc;
    app.s().update([site('plan-site-001')]);
    app.s().remove(['nope']);
    app.s().bulkUpdate(['plan-site-001'], { phase: '2030' });
    expect(app.s().doc).toBe(doc);
    expect(app.s().history.past).toHaveLength(0);
  });

  it('a rejected edit (duplicate id) changes nothing', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    const before = app.s();
    expect(() => app.s().add([site('plan-site-001')])).toThrow(/already exists/);
    expect(() => app.s().bulkUpdate(['plan-site-001'], { id: 'x' })).toThrow(/cannot change feature ids/);
    expect(app.s().doc).toBe(before.doc);
    expect(app.s().history).toBe(before.history);
  });

  it('a failed save shows in saveError (not swallowed) and clears after the next good save', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    await app.s().flush();
    flags.failWrites = true;
    app.s().add([site('plan-site-009')]);
    await app.s().flush();
    expect(app.s().saveError).toMatch(/^Autosave failed: .*disk is full/);
    expect(ids(app.s().doc!.features)).toContain('plan-site-009'); // the edit itself stands
    await expect(app.persist.savePlanState('x', { doc: app.s().doc!, history: app.s().history })).rejects.toThrow(/disk is full/);
    flags.failWrites = false;
    app.s().rename('Phương án đã lưu');
    await app.s().flush();
    expect(app.s().saveError).toBeNull();
    expect((await app.persist.loadPlanState(app.s().doc!.id))?.doc).toEqual(app.s().doc);
  });
});

describe('files', () => {
  it('opening a damaged file throws PlanFileError and changes nothing', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    app.s().add([site('plan-site-003')]);
    await app.s().flush();
    const before = app.s();
    const damaged = JSON.stringify({ type: 'FeatureCollection', features: [site('a'), site('b', { status: 'existing' })] });
    for (const text of [damaged, '{"type": "FeatureCollection", "features": [', '']) {
      expect(() => app.s().openFile(text, 'hong.geojson')).toThrow(app.PlanFileError);
    }
    try {
      app.s().openFile(damaged);
    } catch (e) {
      expect((e as Error).message).toMatch(/feature 2 of 2 \(id b\): status must be/);
    }
    await app.s().flush();
    expect(app.s().doc).toBe(before.doc);
    expect(app.s().history).toBe(before.history);
    expect(app.s().plans).toBe(before.plans);
    expect(await app.persist.listPlans()).toHaveLength(1);
    expect(await app.persist.getActivePlanId()).toBe(before.doc!.id);
  });

  it('fileFor writes the plan with the thresholds in use; openFile makes it a new scenario', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    app.useAnalysis.setState({ params: { tolerance_m: 30 } });
    const first = app.s().doc!;
    const { name, text } = app.s().fileFor();
    expect(name).toBe('phuong-an-minh-hoa-2030.geojson');
    const parsed = JSON.parse(text);
    expect(parsed.metadata).toMatchObject({ name: first.name, author: first.author, created: first.created, modified: first.modified, hatang: 1 });
    expect(parsed.metadata.thresholds).toMatchObject({ tolerance_m: 30, jointMin_m: 50 });
    expect(parsed.features).toEqual(first.features);

    const id = app.s().openFile(text, name);
    const opened = app.s().doc!;
    expect(opened.id).toBe(id);
    expect(id).not.toBe(first.id);
    expect(opened.features).toEqual(first.features);
    expect(opened.thresholds).toMatchObject({ tolerance_m: 30 });
    expect(app.s().history.past).toHaveLength(0);
    expect(app.s().plans.map((p) => p.id).sort()).toEqual([first.id, id].sort());
    app.s().remove(['plan-site-001']);
    await app.s().flush();
    expect((await app.persist.loadPlanState(first.id))?.doc).toEqual(first); // untouched
    expect(await app.persist.getActivePlanId()).toBe(id);
    // A file without a name takes the file name.
    app.s().openFile(JSON.stringify({ type: 'FeatureCollection', features: [] }), 'Tuyến mới.geojson');
    expect(app.s().doc!.name).toBe('Tuyến mới');
  });
});

describe('scenarios', () => {
  it('duplicate, newPlan and switchTo keep plans and their histories separate, across a reload', async () => {
    let app = await boot();
    await app.s().init(loadDemo);
    const a = app.s().doc!.id;
    app.s().add([site('plan-site-010')], 'A edit');

    const aFeatures = app.s().doc!.features;
    const b = app.s().duplicate('Phương án B — thử nghiệm');
    expect(app.s().doc!.id).toBe(b);
    expect(app.s().doc!.features).toEqual(aFeatures);
    expect(app.s().doc!.features[0]).not.toBe(aFeatures[0]); // a deep copy
    expect(app.s().history.past).toHaveLength(0);
    app.s().remove(['plan-cor-001'], 'B edit');
    const bFeatures = app.s().doc!.features;

    const c = app.s().newPlan('Phương án C');
    expect(app.s().doc).toMatchObject({ id: c, name: 'Phương án C', features: [] });
    app.s().add([corridor('plan-cor-100')], 'C edit');

    expect(app.s().plans.map((p) => [p.id, p.name])).toEqual([
      [a, 'Phương án minh hoạ 2030'],
      [b, 'Phương án B — thử nghiệm'],
      [c, 'Phương án C'],
    ]);

    await app.s().switchTo(a);
    expect(ids(app.s().doc!.features)).toEqual(['plan-cor-001', 'plan-site-001', 'plan-site-002', 'plan-site-010']);
    expect(app.undoLabel(app.s())).toBe('A edit');
    expect(app.useAnalysis.getState().plan?.features).toEqual(app.s().doc!.features);

    await app.s().switchTo(b);
    expect(app.s().doc!.features).toEqual(bFeatures);
    expect(app.s().history.past.map((e) => e.label)).toEqual(['B edit']);
    app.s().undo();
    expect(ids(app.s().doc!.features)).toContain('plan-cor-001');
    await app.s().flush();

    // Reload: the active plan (b) comes back, with its history; the others are listed.
    app = await boot();
    await app.s().init(loadDemo);
    expect(app.s().doc!.id).toBe(b);
    expect(app.s().history.future.map((e) => e.label)).toEqual(['B edit']);
    expect(app.s().plans.map((p) => p.id)).toEqual([a, b, c]);
    await app.s().switchTo(c);
    expect(ids(app.s().doc!.features)).toEqual(['plan-cor-100']);
    await expect(app.s().switchTo('nope')).rejects.toThrow(/no saved plan/);
    expect(app.s().doc!.id).toBe(c);
  });

  it('rename and deletePlan', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    const a = app.s().doc!.id;
    await expect(app.s().deletePlan(a)).rejects.toThrow(/only plan/);
    app.s().rename('  Phương án gốc ');
    expect(app.s().doc!.name).toBe('Phương án gốc');
    expect(app.s().plans[0].name).toBe('Phương án gốc');
    expect(() => app.s().rename('   ')).toThrow(/needs a name/);
    const b = app.s().duplicate('Bản sao');
    const c = app.s().newPlan('Mới');
    await app.s().deletePlan(b); // not the active one
    expect(app.s().doc!.id).toBe(c);
    expect(app.s().plans.map((p) => p.id)).toEqual([a, c]);
    await app.s().deletePlan(c); // the active one: switch to the other
    expect(app.s().doc!.id).toBe(a);
    expect(app.s().doc!.name).toBe('Phương án gốc');
    await app.s().flush();
    expect((await app.persist.listPlans()).map((p) => p.id)).toEqual([a]);
    expect(await app.persist.loadPlanState(b)).toBeNull();
    expect(await app.persist.getActivePlanId()).toBe(a);
  });
});

describe('persist queue', () => {
  it('keeps order across plans and operations; merges only consecutive saves', async () => {
    const app = await boot();
    const { persist } = app;
    const doc = (id: string, name: string, modified: string) => ({ id, name, author: '', created: '2026-01-01T00:00:00Z', modified, thresholds: null, features: [site('s1', { name })] });
    const history = { past: [], future: [] };
    // Not awaited: all queued at once, as a burst of edits would be.
    const p1 = persist.savePlanState('A', { doc: doc('A', 'một', '1'), history });
    const p2 = persist.savePlanState('A', { doc: doc('A', 'hai', '2'), history });
    const readBetween = persist.loadPlanState('A');
    const del = persist.deletePlanState('A');
    const p3 = persist.savePlanState('A', { doc: doc('A', 'ba', '3'), history });
    persist.savePlanState('B', { doc: doc('B', 'bê', '1'), history });
    const active = persist.setActivePlanId('B');
    expect(p1).toBe(p2); // merged: one write of the newer state
    await Promise.all([p1, del, p3, active]);
    expect((await readBetween)?.doc.name).toBe('hai'); // a read sees the writes queued before it
    expect((await persist.loadPlanState('A'))?.doc.name).toBe('ba'); // not undone by the delete queued before it
    expect((await persist.listPlans()).map((m) => [m.id, m.name])).toEqual([
      ['A', 'ba'],
      ['B', 'bê'],
    ]);
    expect(await persist.getActivePlanId()).toBe('B');
  });

  it('a damaged stored plan is reported, not opened', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    await app.s().flush();
    const { set, createStore } = await import('idb-keyval');
    await set('plan:bad', { v: 1, doc: 'garbage' }, createStore('hatang', 'plans'));
    await expect(app.persist.loadPlanState('bad')).rejects.toThrow(/saved plan bad is damaged/);
  });
});

describe('review decisions (putReviews)', () => {
  /** A decision record as src/state/review.ts puts it in the plan (recordFeature). */
  function record(decision: 'accept' | 'reject' | 'conditional', extra: Record<string, unknown> = {}): GeoFeature {
    const proposal = 'share:plan-site-001>site-000123';
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.6881, 20.8449] },
      properties: { id: `rev-vnpt-r1-${proposal}`, proposal_id: proposal, carrier: 'VNPT', decision, reason: decision === 'accept' ? null : 'no_capacity', comment: '', decided_at: '2026-03-17T08:00:00.000Z', fingerprint: 'abc123', round: 1, source: 'app', ...extra },
    };
  }

  it('adds a record, then replaces it by id as a second undoable step; undo brings back the first decision', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    const features = app.s().doc!.features;
    const accept = record('accept');
    app.s().putReviews([accept], 'review VNPT accept');
    expect(app.s().doc!.reviews).toEqual([accept]);
    expect(app.s().doc!.features).toBe(features);
    const reject = record('reject', { comment: 'Cột đã đủ tải', decided_at: '2026-03-17T08:05:00.000Z' });
    const other = record('conditional', { id: 'rev-vnpt-r1-reuse:plan-cor-001>VNPT', proposal_id: 'reuse:plan-cor-001>VNPT', reason: 'commercial' });
    app.s().putReviews([reject, other], 'review VNPT reject');
    expect(app.s().doc!.reviews).toEqual([reject, other]); // replaced in place, the new one appended
    expect(app.s().history.past.map((e) => [e.label, e.change.target])).toEqual([
      ['review VNPT accept', 'reviews'],
      ['review VNPT reject', 'reviews'],
    ]);
    // The same records again change nothing and record nothing.
    const doc = app.s().doc;
    app.s().putReviews([structuredClone(reject)], 'again');
    expect(app.s().doc).toBe(doc);
    expect(app.s().history.past).toHaveLength(2);

    app.s().undo();
    expect(app.s().doc!.reviews).toEqual([accept]);
    expect(app.s().doc!.reviews![0].properties.decision).toBe('accept');
    expect(app.redoLabel(app.s())).toBe('review VNPT reject');
    app.s().undo();
    expect(app.s().doc!.reviews).toEqual([]);
    expect(app.canUndo(app.s())).toBe(false);
    app.s().redo();
    app.s().redo();
    expect(app.s().doc!.reviews).toEqual([reject, other]);
    expect(app.s().doc!.features).toEqual(DEMO.features);
  });

  it('decisions autosave: a reload restores doc.reviews and the history, and undo still works', async () => {
    let app = await boot();
    await app.s().init(loadDemo);
    const accept = record('accept');
    const conditional = record('conditional', { reason: 'commercial', comment: 'Giá thuê theo khung', decided_at: '2026-03-17T09:00:00.000Z' });
    app.s().add([site('plan-site-003')], 'Thêm trạm');
    app.s().putReviews([accept], 'review VNPT accept');
    app.s().putReviews([conditional], 'review VNPT conditional');
    const doc = app.s().doc!;
    const history = app.s().history;
    await app.s().flush();

    app = await boot();
    await app.s().init(loadDemo);
    expect(loadDemo).toHaveBeenCalledTimes(1);
    expect(app.s().doc).toEqual(doc);
    expect(app.s().doc!.reviews).toEqual([conditional]);
    expect(app.s().history).toEqual(history);
    expect(app.s().history.past.map((e) => e.change.target ?? 'features')).toEqual(['features', 'reviews', 'reviews']);
    app.s().undo();
    expect(app.s().doc!.reviews).toEqual([accept]);
    app.s().undo();
    expect(app.s().doc!.reviews).toEqual([]);
    expect(ids(app.s().doc!.features)).toContain('plan-site-003');
    app.s().undo();
    expect(app.s().doc!.features).toEqual(DEMO.features);

    // The undo position of a decision survives a reload too.
    app.s().redo();
    app.s().redo();
    await app.s().flush();
    app = await boot();
    await app.s().init(loadDemo);
    expect(app.s().doc!.reviews).toEqual([accept]);
    expect(app.s().history.future.map((e) => e.label)).toEqual(['review VNPT conditional']);
    app.s().redo();
    expect(app.s().doc!.reviews).toEqual([conditional]);
  });

  it('a decision (and its undo/redo) does not re-publish the plan to the analysis; a feature edit does', async () => {
    const app = await boot();
    await app.s().init(loadDemo);
    await tick();
    const plan = app.useAnalysis.getState().plan;
    expect(plan).not.toBeNull();
    const analyzed = flags.analyzed;
    app.s().putReviews([record('accept')], 'review VNPT accept');
    app.s().putReviews([record('reject', { decided_at: '2026-03-17T08:05:00.000Z' })], 'review VNPT reject');
    app.s().undo();
    app.s().redo();
    await tick();
    expect(app.useAnalysis.getState().plan).toBe(plan);
    expect(flags.analyzed).toBe(analyzed);
    expect(app.s().history.past).toHaveLength(2);

    app.s().add([site('plan-site-003')]);
    await tick();
    expect(app.useAnalysis.getState().plan).not.toBe(plan);
    expect(flags.analyzed).toBe(analyzed + 1);
  });
});
