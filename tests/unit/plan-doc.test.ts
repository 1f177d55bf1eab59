/**
 * Plan files (src/core/plan/doc.ts): toPlanFile / parsePlanFile round trip (Vietnamese text
 * included), every kind of damaged file gives a PlanFileError whose one-sentence message names
 * the problem and the feature, the demo plan parses; plus new ids, file names and the plan
 * comparison (src/core/plan/compare.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PARAMS } from '../../src/core/analysis/params';
import type { CorridorResult } from '../../src/core/analysis/types';
import type { GeoFeature } from '../../src/core/io/fgb';
import { comparePlans } from '../../src/core/plan/compare';
import { newPlanDoc, nextFeatureId, parsePlanFile, planFileName, planFileText, PlanFileError, toPlanFile, type PlanDoc } from '../../src/core/plan/doc';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'public', 'data', 'demo-plan.geojson');
const NOW = '2026-03-17T09:30:00.000Z';

function site(id: string, extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [106.6881, 20.8449] },
    properties: { id, code: 'ANT_A1A', owner: 'Viettel', status: 'planned', phase: '2030', commune_code: '11311', name: 'Trạm đề xuất Lê Chân', height_m: 2.5, host_building_height_m: 20, structure: 'rooftop_mast', tech: '4G,5G', tenants: 'Viettel', ...extra },
  };
}

function corridor(id: string, extra: Record<string, unknown> = {}): GeoFeature {
  return {
    type: 'Feature',
    geometry: {
      type: 'LineString',
      coordinates: [
        [106.68, 20.84],
        [106.69, 20.85],
      ],
    },
    properties: { id, code: 'CORRIDOR', owner: 'shared', status: 'planned', phase: '2040', commune_code: '11311', name: 'Tuyến mới Đồ Sơn – Kiến Thụy', ...extra },
  };
}

function fileWith(features: unknown[], metadata: Record<string, unknown> = { name: 'Phương án thử' }): string {
  return JSON.stringify({ type: 'FeatureCollection', metadata, features });
}

function planError(text: string): PlanFileError {
  try {
    parsePlanFile(text, NOW, 'x');
  } catch (e) {
    expect(e).toBeInstanceOf(PlanFileError);
    const err = e as PlanFileError;
    // One sentence: one line, ends with a full stop.
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(/\.$/);
    return err;
  }
  throw new Error('expected a PlanFileError');
}

beforeAll(() => {
  if (!existsSync(DEMO)) {
    const seed = spawnSync(process.execPath, ['--import', 'tsx', 'seeds/seed.ts'], { cwd: ROOT, encoding: 'utf8' });
    if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  }
}, 300_000);

describe('toPlanFile / parsePlanFile', () => {
  const doc: PlanDoc = {
    ...newPlanDoc('Phương án Hải Phòng 2030 — tầm nhìn 2040', 'Nguyễn Thị Hằng (Sở KH&CN)', '2026-03-01T00:00:00.000Z', 'p1'),
    modified: NOW,
    features: [site('plan-site-001'), corridor('plan-cor-001'), site('plan-site-002', { name: 'Ụ nổi Đình Vũ — “chữ đặc biệt” \\ / \u2028' })],
  };

  it('round-trips a document, Vietnamese text included, and writes RFC 7946 (no crs)', () => {
    const file = toPlanFile(doc, DEFAULT_PARAMS);
    expect(file.type).toBe('FeatureCollection');
    expect(file).not.toHaveProperty('crs');
    expect(file.metadata).toEqual({ name: doc.name, author: doc.author, created: doc.created, modified: doc.modified, thresholds: DEFAULT_PARAMS, hatang: 1 });
    const text = planFileText(file);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(file)));
    const { doc: back } = parsePlanFile(text, '2099-01-01T00:00:00.000Z', 'p1');
    expect(back).toEqual({ ...doc, thresholds: JSON.parse(JSON.stringify(DEFAULT_PARAMS)) });
    // Plain JSON.stringify output reads the same.
    expect(parsePlanFile(JSON.stringify(file), NOW, 'p1').doc).toEqual(back);
  });

  it('a new empty plan round-trips; a byte-order mark is accepted', () => {
    const empty = newPlanDoc('Trống', '', NOW, 'e');
    const text = '\ufeff' + planFileText(toPlanFile(empty, null));
    expect(parsePlanFile(text, NOW, 'e').doc).toEqual(empty);
  });

  it('fills in what a bare FeatureCollection lacks', () => {
    const { doc: d } = parsePlanFile(JSON.stringify({ type: 'FeatureCollection', features: [corridor('c1')] }), NOW, 'n', 'tuyen-moi');
    expect(d).toMatchObject({ id: 'n', name: 'tuyen-moi', author: '', created: NOW, modified: NOW, thresholds: null });
    expect(d.features).toEqual([corridor('c1')]);
  });

  it('keeps only Feature, geometry and properties of each feature', () => {
    const f = { ...corridor('c1'), id: 'ignored', bbox: [0, 0, 1, 1] };
    expect(parsePlanFile(fileWith([f]), NOW, 'n').doc.features[0]).toEqual(corridor('c1'));
  });

  it('parses the demo plan', () => {
    const text = readFileSync(DEMO, 'utf8');
    const { doc: d } = parsePlanFile(text, NOW, 'demo');
    const raw = JSON.parse(text);
    expect(d.name).toBe(raw.metadata.name);
    expect(d.author).toBe(raw.metadata.author);
    expect(d.created).toBe(raw.metadata.created);
    expect(d.features).toEqual(raw.features);
    expect(d.features.length).toBeGreaterThan(10);
    // and what toPlanFile writes from it reads back the same
    expect(parsePlanFile(planFileText(toPlanFile(d, {})), NOW, 'demo').doc).toEqual({ ...d, thresholds: {} });
  });
});

describe('damaged files: PlanFileError, one sentence naming what and where', () => {
  it('not JSON: says so with line and column', () => {
    const e = planError('{\n  "type": "FeatureCollection",\n  "features": [ , ]\n}');
    expect(e.message).toMatch(/^The file is not valid JSON: unexpected "," at line 3, column 17/);
    expect(planError('{"type": "FeatureCollection", "features": [').message).toMatch(/not valid JSON: it ends too early \(line 1, column 44\), where a value was expected/);
    expect(planError('{"type": \'FeatureCollection\'}').message).toMatch(/unexpected "'" at line 1, column 10/);
    expect(planError('{"a": 1} x').message).toMatch(/unexpected "x" at line 1, column 10, where the end of the file was expected/);
    expect(planError('   ').message).toBe('The file is empty.');
  });

  it('not a FeatureCollection', () => {
    expect(planError(JSON.stringify(site('s1'))).message).toBe('The file is not a GeoJSON FeatureCollection (its type is "Feature").');
    expect(planError('[1,2]').message).toMatch(/not a GeoJSON FeatureCollection \(its type is an array\)/);
    expect(planError('42').message).toMatch(/not a GeoJSON FeatureCollection/);
    expect(planError('{"type":"FeatureCollection"}').message).toMatch(/no "features" array/);
    expect(planError('{"type":"FeatureCollection","features":[],"metadata":"x"}').message).toMatch(/"metadata" must be an object/);
    expect(planError(fileWith([], { hatang: 7 })).message).toMatch(/format 7 by a newer hatang/);
  });

  const cases: [string, unknown, RegExp][] = [
    ['not a feature', { type: 'Point', coordinates: [1, 2] }, /^The plan file has a problem: feature 2 of 3: is not a GeoJSON Feature\.$/],
    ['bad geometry', { ...site('s-bad'), geometry: { type: 'Point', coordinates: [506, 20] } }, /feature 2 of 3 \(id s-bad\): bad geometry \(Point coordinates are missing, not numbers, outside lon\/lat range or too few\)/],
    ['no geometry', { ...site('s-bad'), geometry: null }, /feature 2 of 3 \(id s-bad\): bad geometry \(no geometry\)/],
    ['one-point line', { ...corridor('c-bad'), geometry: { type: 'LineString', coordinates: [[106.7, 20.8]] } }, /feature 2 of 3 \(id c-bad\): bad geometry \(LineString/],
    ['missing id', site(''), /feature 2 of 3: missing id\.$/],
    ['numeric id', site(7 as unknown as string), /feature 2 of 3: id must be text \(got 7\)/],
    ['duplicate id', site('s1'), /feature 2 of 3 \(id s1\): duplicate id\.$/],
    ['unknown code', site('s-bad', { code: 'ANT_X9' }), /feature 2 of 3 \(id s-bad\): unknown code "ANT_X9"\.$/],
    ['missing code', site('s-bad', { code: undefined }), /feature 2 of 3 \(id s-bad\): missing code\.$/],
    ['existing status', site('s-bad', { status: 'existing' }), /feature 2 of 3 \(id s-bad\): status must be planned\|upgrade\|convert\|remove \(got "existing"\)\.$/],
    ['baseline phase', site('s-bad', { phase: 'baseline' }), /feature 2 of 3 \(id s-bad\): phase must be 2030 or 2040 \(got "baseline"\)\.$/],
    ['attribute out of range', site('s-bad', { height_m: -3 }), /feature 2 of 3 \(id s-bad\): height_m: below minimum 0 \(got -3\)\.$/],
    ['required attribute', site('s-bad', { tenants: undefined }), /feature 2 of 3 \(id s-bad\): tenants: required\.$/],
    ['bad owner', corridor('c-bad', { owner: 'Acme' }), /feature 2 of 3 \(id c-bad\): owner: not one of/],
    ['no properties', { type: 'Feature', geometry: { type: 'Point', coordinates: [106.7, 20.8] }, properties: null }, /feature 2 of 3: has no properties object\.$/],
  ];
  for (const [what, bad, re] of cases)
    it(what, () => {
      const e = planError(fileWith([site('s1'), bad, corridor('c1')]));
      expect(e.message).toMatch(re);
      expect(e.problems[0].feature).toBe(1);
    });

  it('many problems: the first three and a count', () => {
    const features = [site('a', { status: 'existing' }), site('b', { phase: '2025' }), corridor('c'), corridor('c'), site('d', { code: 'NOPE' }), site('e', { height_m: 'tall' })];
    const e = planError(fileWith(features));
    expect(e.problems.map((p) => [p.feature, p.id])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [3, 'c'],
      [4, 'd'],
      [5, 'e'],
    ]);
    expect(e.message).toBe(
      'The plan file has 5 problems: feature 1 of 6 (id a): status must be planned|upgrade|convert|remove (got "existing"); feature 2 of 6 (id b): phase must be 2030 or 2040 (got "2025"); feature 4 of 6 (id c): duplicate id; and 2 more.',
    );
  });
});

describe('ids and file names', () => {
  it('nextFeatureId counts past the highest number of the prefix', () => {
    const fs = [corridor('plan-cor-001'), corridor('plan-cor-007'), site('plan-site-012'), corridor('plan-cor-x'), corridor('other-cor-050')];
    expect(nextFeatureId(fs, 'plan-cor')).toBe('plan-cor-008');
    expect(nextFeatureId(fs, 'plan-site')).toBe('plan-site-013');
    expect(nextFeatureId([], 'plan-pole')).toBe('plan-pole-001');
    expect(nextFeatureId([corridor('plan-cor-999')], 'plan-cor')).toBe('plan-cor-1000');
    expect(nextFeatureId([corridor('a.b-003')], 'a.b')).toBe('a.b-004');
  });

  it('planFileName: ASCII without diacritics', () => {
    expect(planFileName('Phương án minh hoạ 2030 (tầm nhìn 2040)')).toBe('phuong-an-minh-hoa-2030-tam-nhin-2040.geojson');
    expect(planFileName('Đường Đồ Sơn')).toBe('duong-do-son.geojson');
    expect(planFileName('***')).toBe('plan.geojson');
  });
});

describe('comparePlans', () => {
  const cor = (id: string, length_m: number, reuse: number, poles: number, total: number): CorridorResult => ({
    id,
    owner: 'shared',
    phase: '2030',
    length_m,
    reuse_duct_m: reuse,
    along_poles_m: poles,
    new_build_m: length_m - reuse - poles,
    communes: [],
    jointWith: [],
    cost: { newDuct: 0, reuse: 0, aerial: 0, total, currency: 'VND', indicative: true },
    parts: [],
  });

  it('counts, corridor km and findings per plan, and b - a', () => {
    const a = { doc: { id: 'a', name: 'A', features: [corridor('c1'), site('s1'), site('s2')] }, report: { corridors: [cor('c1', 1234.4, 1000, 0, 5e6)], findings: [{ severity: 'error' as const }, { severity: 'warning' as const }] } };
    const b = {
      doc: { id: 'b', name: 'B', features: [corridor('c1'), corridor('c2'), site('s1')] },
      report: { corridors: [cor('c1', 1234.4, 1000, 0, 5e6), cor('c2', 2500.2, 0, 500, 9e6)], findings: [{ severity: 'warning' as const }, { severity: 'info' as const }, { severity: 'info' as const }] },
    };
    const c = comparePlans(a, b);
    expect(c.a).toMatchObject({ features: 3, byCode: { CORRIDOR: 1, ANT_A1A: 2 }, corridors: { count: 1, total_km: 1.234, reuse_km: 1, along_poles_km: 0, new_build_km: 0.234, cost_vnd: 5e6 }, findings: { error: 1, warning: 1, info: 0, total: 2 } });
    expect(c.b.corridors).toEqual({ count: 2, total_km: 3.735, reuse_km: 1, along_poles_km: 0.5, new_build_km: 2.235, cost_vnd: 14e6 });
    expect(c.diff).toEqual({
      features: 0,
      byCode: { ANT_A1A: -1, CORRIDOR: 1 },
      byPhase: { '2030': -1, '2040': 1 },
      corridors: { count: 1, total_km: 2.501, reuse_km: 0, along_poles_km: 0.5, new_build_km: 2.001, cost_vnd: 9e6 },
      findings: { error: -1, warning: 0, info: 2, total: 1 },
    });
  });

  it('without a report the analysis figures are null', () => {
    const c = comparePlans({ doc: { id: 'a', name: 'A', features: [] }, report: null }, { doc: { id: 'b', name: 'B', features: [site('s')] }, report: { corridors: [], findings: [] } });
    expect(c.a.corridors).toBeNull();
    expect(c.diff.corridors).toBeNull();
    expect(c.diff.findings).toBeNull();
    expect(c.diff.byCode).toEqual({ ANT_A1A: 1 });
  });
});
