import { describe, expect, it } from 'vitest';
import { filterMask, fold, perVertex, toColumns, NO_CATEGORY } from '../../src/core/data/columns';
import { readFgb, writeFgb, type GeoFeature } from '../../src/core/io/fgb';
import { OWNERS } from '../../src/core/model/taxonomy';

const pt = (x: number, y: number, p: Record<string, unknown>): GeoFeature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: p });

describe('columns', () => {
  const communes = ['100', '200'];
  const feats = [
    pt(106.7, 20.8, { id: 'a', code: 'ANT_A2B', owner: 'Viettel', status: 'existing', phase: 'baseline', commune_code: '100', height_m: 40 }),
    pt(106.8, 20.9, { id: 'b', code: 'ANT_A1A', owner: 'VNPT', status: 'planned', phase: '2030', commune_code: '200', height_m: 2.5 }),
    pt(106.9, 21.0, { id: 'c', code: 'NOPE', owner: 'Nobody', status: 'existing', phase: '2040', commune_code: '999' }),
  ];
  const { columns } = toColumns('sites', 'point', feats, communes);

  it('keeps Float64 positions and dictionary-encodes categories', () => {
    expect(columns.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(columns.positions.slice(0, 2))).toEqual([106.7, 20.8]);
    expect(columns.owner[0]).toBe(OWNERS.indexOf('Viettel'));
    expect(columns.owner[2]).toBe(NO_CATEGORY);
    expect(columns.code[2]).toBe(NO_CATEGORY);
    expect(columns.commune[1]).toBe(1);
    expect(columns.commune[2]).toBe(65535);
    expect(columns.value[0]).toBe(40);
    expect(Number.isNaN(columns.value[2])).toBe(true);
  });

  it('filters by owner, status, phase and commune together', () => {
    const all = { owners: null, statuses: null, phases: null, commune: null };
    expect(Array.from(filterMask(columns, all, communes))).toEqual([1, 1, 1]);
    expect(Array.from(filterMask(columns, { ...all, owners: ['VNPT'] }, communes))).toEqual([0, 1, 1]); // unknown owner stays visible
    expect(Array.from(filterMask(columns, { ...all, phases: ['2030', '2040'] }, communes))).toEqual([0, 1, 1]);
    expect(Array.from(filterMask(columns, { ...all, commune: '100' }, communes))).toEqual([1, 0, 0]);
    expect(Array.from(filterMask(columns, { ...all, statuses: ['existing'], commune: '200' }, communes))).toEqual([0, 0, 0]);
  });

  it('splits multi-part lines into rows and expands row values per vertex', () => {
    const line: GeoFeature = {
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1], [2, 2]], [[5, 5], [6, 6]]] },
      properties: { owner: 'VNPT' },
    };
    const { columns: lc, rowFeature } = toColumns('ducts', 'line', [line], []);
    expect(lc.length).toBe(2);
    expect(Array.from(lc.startIndices!)).toEqual([0, 3, 5]);
    expect(Array.from(rowFeature)).toEqual([0, 0]);
    const pv = perVertex(new Float32Array([7, 9]), 1, lc.startIndices!, (n) => new Float32Array(n));
    expect(Array.from(pv)).toEqual([7, 7, 7, 9, 9]);
  });

  it('folds Vietnamese for search', () => {
    expect(fold('Phường Lê Chân')).toBe('phuong le chan');
    expect(fold('  Đồ Sơn ')).toBe('do son');
    expect(fold('Thủy Nguyên'.normalize('NFD'))).toBe('thuy nguyen');
  });
});

describe('FlatGeobuf with declared columns', () => {
  it('round-trips keys absent from the first feature, nulls, booleans and Vietnamese text', async () => {
    const feats = [pt(106.1, 20.1, { id: 'x' }), pt(106.2, 20.2, { id: 'y', name: 'Đặc khu Bạch Long Vĩ', n: 3.5, ok: false, h: null })];
    const bytes = writeFgb(
      feats,
      [
        { name: 'id', kind: 'string' },
        { name: 'name', kind: 'string' },
        { name: 'n', kind: 'number' },
        { name: 'ok', kind: 'bool' },
        { name: 'h', kind: 'number' },
      ],
      'Point',
    );
    const back = await readFgb(bytes);
    expect(back.map((f) => f.properties)).toEqual([{ id: 'x' }, { id: 'y', name: 'Đặc khu Bạch Long Vĩ', n: 3.5, ok: false }]);
    expect(back[1].geometry.coordinates).toEqual([106.2, 20.2]);
  });
});
