/**
 * `hatang validate`, `hatang convert` and `hatang export`, run as a user runs them: a child
 * `node --import tsx src/cli/main.ts` from the repository root. Bad arguments and unreadable
 * files give one `hatang: ` line on stderr, nothing on stdout and exit code 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DATA, ensureDataset, expectUsageError, runCli as run, stderrLines, type Run } from './cli-run';
import { readFgb, type GeoFeature } from '../../src/core/io/fgb';
import { isConfidentialField } from '../../src/core/io/redact';
import type { Manifest } from '../../src/core/model/manifest';
import { LAYERS } from '../../src/core/model/taxonomy';


/** One `hatang: wrote ...` line on stderr, exit 0. */
function expectWrote(r: Run, file: string) {
  expect(r.code, r.stderr).toBe(0);
  const lines = stderrLines(r);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].startsWith(`hatang: wrote ${file}`), lines[0]).toBe(true);
  expect(existsSync(file)).toBe(true);
}

let tmp: string;
let manifest: Manifest;
let planCount = 0;

beforeAll(() => {
  ensureDataset();
  manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;
  planCount = (JSON.parse(readFileSync(join(DATA, manifest.plan), 'utf8')) as { features: unknown[] }).features.length;
  tmp = mkdtempSync(join(tmpdir(), 'hatang-cli-io-'));
  // A small CSV as a user might have it: Vietnamese column names, one row with a bad coordinate, one with a bad height.
  writeFileSync(
    join(tmp, 'tram.csv'),
    '\ufeffma_tram,loai,owner,status,phase,height_m,tech,tenants,kinh_do,vi_do,name\r\n' +
      'S1,ANT_A2B,Viettel,existing,baseline,30,4G,Viettel,106.68,20.86,Trạm Lê Chân\r\n' +
      'S2,ANT_A2B,Viettel,existing,baseline,30,4G,Viettel,abc,20.87,Trạm Ngô Quyền\r\n' +
      'S3,ANT_A2B,VNPT,existing,baseline,-5,4G,VNPT,106.69,20.88,Trạm Hồng Bàng\r\n',
  );
  writeFileSync(
    join(tmp, 'tram-ok.csv'),
    'ma_tram,loai,owner,status,phase,height_m,tech,tenants,kinh_do,vi_do,name\n' +
      'S1,ANT_A2B,Viettel,existing,baseline,30,4G,Viettel,106.68,20.86,Trạm Lê Chân\n' +
      'S2,ANT_A1A,MobiFone,existing,baseline,2.5,"4G,5G",MobiFone,106.7,20.87,Trạm Đồ Sơn\n',
  );
  writeFileSync(join(tmp, 'broken.geojson'), '{ "type": "FeatureCollection", "features": [');
  mkdirSync(join(tmp, 'outdir'));
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const assetCount = () => manifest.layers.filter((l) => LAYERS.some((d) => d.id === l.id && !d.base)).reduce((a, l) => a + l.count, 0);
const criticalCount = () => manifest.layers.find((l) => l.id === 'critical')!.count;

describe('hatang export', () => {
  it('public GeoJSON of the whole dataset and plan: no security-critical work, no confidential field, sidecar beside it', async () => {
    const file = join(tmp, 'public.geojson');
    const r = await run(['export', '--profile', 'public', '--format', 'geojson', '--out', file]);
    expectWrote(r, file);
    expect(r.stdout).toBe('');
    const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: GeoFeature[]; metadata: Record<string, unknown>; crs?: unknown };
    expect(fc.crs).toBeUndefined();
    expect(fc.features).toHaveLength(assetCount() - criticalCount() + planCount);
    expect(fc.features.some((f) => f.properties.code === 'CRIT_SECURITY')).toBe(false);
    const keys = new Set(fc.features.flatMap((f) => Object.keys(f.properties)));
    expect([...keys].filter(isConfidentialField)).toEqual([]);
    expect(keys.has('id') && keys.has('height_m')).toBe(true);
    expect(fc.metadata).toMatchObject({ name: 'Phương án minh hoạ 2030 (tầm nhìn 2040)', phase: '2030, 2040', profile: 'public' });
    expect(JSON.stringify(fc.metadata)).not.toMatch(/unitPrice/);
    const sidecar = readFileSync(join(tmp, 'public.fields.md'), 'utf8');
    expect(sidecar).toContain('| `height_m` | Chiều cao (m) | Height (m) |');
    expect(sidecar).toContain('OpenStreetMap');
    expect(stderrLines(r)[0]).toContain('public.fields.md');
  }, 120_000);

  it('carrier:viettel FlatGeobuf of some layers: its features only', async () => {
    const file = join(tmp, 'viettel.fgb');
    const r = await run(['export', '--profile', 'carrier:viettel', '--out', file, '--layers', 'sites,ducts,plan']);
    expectWrote(r, file);
    const feats = await readFgb(new Uint8Array(readFileSync(file)));
    expect(feats.length).toBeGreaterThan(0);
    const planIds = new Set((JSON.parse(readFileSync(join(DATA, manifest.plan), 'utf8')) as { features: GeoFeature[] }).features.map((f) => f.properties.id));
    // The originals, to see the tenants that the package removed from other owners' sites.
    const orig = new Map<unknown, GeoFeature>();
    for (const l of ['sites', 'ducts']) for (const f of await readFgb(new Uint8Array(readFileSync(join(DATA, `${l}.fgb`))))) orig.set(f.properties.id, f);
    let asTenant = 0;
    for (const f of feats) {
      const p = f.properties;
      if (!planIds.has(p.id)) {
        const o = orig.get(p.id)!.properties;
        const tenant = String(o.tenants ?? '').split(',').includes('Viettel');
        expect(o.owner === 'Viettel' || tenant, String(p.id)).toBe(true);
        if (o.owner !== 'Viettel') asTenant++;
      }
      if (p.owner !== 'Viettel') for (const k of Object.keys(p)) expect(isConfidentialField(k), `${String(p.id)}.${k}`).toBe(false);
      expect(['ANT_A1A', 'ANT_A1B', 'ANT_A2A', 'ANT_A2B', 'UG_DUCT', 'CORRIDOR', 'ROAD', 'POLE_TELECOM', 'DC', 'SVC_UNSTAFFED']).toContain(p.code);
    }
    expect(asTenant).toBeGreaterThan(0);
    expect(feats.some((f) => f.properties.owner === 'Viettel' && 'tenants' in f.properties)).toBe(true);
    expect(existsSync(join(tmp, 'viettel.fields.md'))).toBe(false);
  }, 120_000);

  it('full CSV into a folder: the default file name, .csvt and .prj beside it', async () => {
    const dir = join(tmp, 'outdir');
    const r = await run(['export', '--profile', 'full', '--format', 'csv', '--out', dir, '--layers', 'critical,datacentres']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(dir).sort();
    const csv = files.find((f) => f.endsWith('.csv'))!;
    // Layers in drawing order, whatever the order given.
    expect(csv).toBe('phuong-an-minh-hoa-2030-tam-nhin-2040-full-datacentres-critical.csv');
    expect(files).toEqual([csv.replace(/\.csv$/, '.csv'), csv.replace(/\.csv$/, '.csvt'), csv.replace(/\.csv$/, '.prj')].sort());
    const text = readFileSync(join(dir, csv), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(criticalCount() + 8);
    expect(rows.filter((x) => x.code === 'CRIT_SECURITY')).toHaveLength(criticalCount());
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'lon', 'lat']));
  }, 120_000);

  it('KML, format taken from --out', async () => {
    const file = join(tmp, 'public-sites.kml');
    const r = await run(['export', '--profile', 'public', '--out', file, '--layers', 'sites,critical']);
    expectWrote(r, file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect((text.match(/<Placemark>/g) ?? []).length).toBe(manifest.layers.find((l) => l.id === 'sites')!.count);
    expect(text).not.toContain('CRIT_SECURITY');
    expect(text).not.toMatch(/name="tenants"/);
  }, 120_000);

  const bad: [string, () => string[], RegExp][] = [
    ['no --profile', () => ['export', '--format', 'geojson', '--out', join(tmp, 'x.geojson')], /--profile is required/],
    ['unknown profile', () => ['export', '--profile', 'secret', '--out', join(tmp, 'x.geojson')], /--profile: unknown profile 'secret'/],
    ['unknown carrier', () => ['export', '--profile', 'carrier:Nobody', '--out', join(tmp, 'x.geojson')], /unknown carrier 'Nobody'.*Viettel/],
    ['no --out', () => ['export', '--profile', 'public', '--format', 'geojson'], /--out PATH is required/],
    ['unknown format', () => ['export', '--profile', 'public', '--format', 'shp', '--out', join(tmp, 'x.shp')], /--format: unknown format 'shp'/],
    ['no format and no extension', () => ['export', '--profile', 'public', '--out', join(tmp, 'noext')], /--format is required/],
    ['format and extension disagree', () => ['export', '--profile', 'public', '--format', 'geojson', '--out', join(tmp, 'x.csv')], /x\.csv does not match --format geojson/],
    ['unknown layer', () => ['export', '--profile', 'public', '--out', join(tmp, 'x.geojson'), '--layers', 'sites,roads'], /--layers: unknown layer 'roads'/],
    ['output folder missing', () => ['export', '--profile', 'public', '--out', join(tmp, 'no', 'such', 'x.geojson')], /x\.geojson: cannot write/],
    ['missing data folder', () => ['export', '--profile', 'public', '--out', join(tmp, 'x.geojson'), '--data', '/nonexistent'], /\/nonexistent.*npm run seed/],
    ['missing plan file', () => ['export', '--profile', 'public', '--out', join(tmp, 'x.geojson'), '--plan', join(tmp, 'nope.geojson')], /nope\.geojson: file not found/],
    ['unknown flag', () => ['export', '--bogus'], /unknown option --bogus/],
    ['a positional argument', () => ['export', 'extra'], /unexpected argument 'extra'/],
  ];
  it.concurrent.each(bad)('%s: one line, exit 2', async (_name, args, mentions) => {
    expectUsageError(await run(args()), mentions);
  });
});

describe('hatang validate', () => {
  it('prints the report and exits 0 for a clean file', async () => {
    const r = await run(['validate', join(tmp, 'tram-ok.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('format: csv');
    expect(r.stdout).toMatch(/features: 2 read, 2 valid, 0 with errors/);
    expect(r.stdout).toMatch(/by code: .*ANT_A2B 1/);
    expect(r.stdout).toMatch(/lon <- kinh_do/);
    expect(r.stdout).toMatch(/result: OK/);
  });

  it('lists the problems with their row numbers and exits 1', async () => {
    const r = await run(['validate', join(tmp, 'tram.csv')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/features: 3 read, 1 valid, 2 with errors/);
    expect(r.stdout).toMatch(/row 3, id S2.*kinh_do/);
    expect(r.stdout).toMatch(/row 4, id S3.*height_m/);
    expect(r.stdout).toMatch(/result: 2 of 3 features have errors/);
  });

  it('--json prints the report as JSON; --crs and --layer reach the import', async () => {
    const r = await run(['validate', join(tmp, 'tram-ok.csv'), '--json', '--crs', 'epsg:4326', '--layer', 'ant_a2b']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { total: number; valid: number; crs: { code: string; source: string } };
    expect(report).toMatchObject({ total: 2, valid: 2, crs: { code: 'EPSG:4326', source: 'user' } });
  });

  it('validates its own full exports (a public export lacks the confidential fields the taxonomy requires)', async () => {
    const file = join(tmp, 'full-sites.kml');
    expect((await run(['export', '--profile', 'full', '--out', file, '--layers', 'zones,sites,plan'])).code).toBe(0);
    const r = await run(['validate', file]);
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    expect(r.stdout).toMatch(/result: OK/);
  }, 120_000);

  const bad: [string, () => string[], RegExp][] = [
    ['no FILE', () => ['validate'], /missing FILE/],
    ['two files', () => ['validate', 'a.csv', 'b.csv'], /unexpected argument 'b\.csv'/],
    ['missing file', () => ['validate', join(tmp, 'missing.csv')], /missing\.csv: file not found/],
    ['a folder', () => ['validate', tmp], /is a folder/],
    ['bad --crs', () => ['validate', join(tmp, 'tram.csv'), '--crs', 'WGS84'], /--crs: expected EPSG:NNNN/],
    ['unsupported --crs', () => ['validate', join(tmp, 'tram.csv'), '--crs', 'EPSG:1234'], /tram\.csv: .*EPSG:1234/],
    ['bad --layer', () => ['validate', join(tmp, 'tram.csv'), '--layer', 'NOPE'], /--layer: unknown asset code 'NOPE'/],
    ['ambiguous --layer', () => ['validate', join(tmp, 'tram.csv'), '--layer', 'sites'], /layer sites has several codes/],
    ['bad --format', () => ['validate', join(tmp, 'tram.csv'), '--format', 'dxf'], /--format: unknown input format 'dxf'/],
    ['--crs without a value', () => ['validate', join(tmp, 'tram.csv'), '--crs'], /--crs needs a value/],
    ['broken file', () => ['validate', join(tmp, 'broken.geojson')], /broken\.geojson: /],
  ];
  it.concurrent.each(bad)('%s: one line, exit 2', async (_name, args, mentions) => {
    expectUsageError(await run(args()), mentions);
  });
});

describe('hatang convert', () => {
  it('CSV to GeoJSON: valid rows written, skipped rows counted on one line', async () => {
    const out = join(tmp, 'tram.geojson');
    const r = await run(['convert', join(tmp, 'tram.csv'), out]);
    expectWrote(r, out);
    expect(stderrLines(r)[0]).toMatch(/1 features, geojson; 2 of 3 skipped with errors \(see 'hatang validate tram\.csv'\)/);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { features: GeoFeature[] };
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties).toMatchObject({ id: 'S1', code: 'ANT_A2B', owner: 'Viettel', height_m: 30, name: 'Trạm Lê Chân' });
    expect(fc.features[0].geometry).toEqual({ type: 'Point', coordinates: [106.68, 20.86] });
  });

  it('round trip through every format keeps the features and their Vietnamese names', async () => {
    let prev = join(tmp, 'tram-ok.csv');
    for (const ext of ['kml', 'fgb', 'geojson', 'csv']) {
      const next = join(tmp, `chain.${ext}`);
      const r = await run(['convert', prev, next]);
      expectWrote(r, next);
      prev = next;
    }
    const v = await run(['validate', prev, '--json']);
    expect(v.code, v.stdout).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(prev, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((x) => [x.id, x.code, x.owner, x.height_m, x.tech, x.name, x.lon, x.lat])).toEqual([
      ['S1', 'ANT_A2B', 'Viettel', '30', '4G', 'Trạm Lê Chân', '106.68', '20.86'],
      ['S2', 'ANT_A1A', 'MobiFone', '2.5', '4G,5G', 'Trạm Đồ Sơn', '106.7', '20.87'],
    ]);
    expect(existsSync(join(tmp, 'chain.csvt')) && existsSync(join(tmp, 'chain.prj'))).toBe(true);
  }, 120_000);

  const bad: [string, () => string[], RegExp][] = [
    ['no OUT', () => ['convert', join(tmp, 'tram.csv')], /missing OUT/],
    ['no arguments', () => ['convert'], /missing IN/],
    ['unknown output format', () => ['convert', join(tmp, 'tram.csv'), join(tmp, 'x.shp')], /x\.shp: unknown output format/],
    ['output over the input', () => ['convert', join(tmp, 'tram-ok.csv'), join(tmp, 'tram-ok.csv')], /would overwrite the input/],
    ['missing input', () => ['convert', join(tmp, 'missing.csv'), join(tmp, 'x.geojson')], /missing\.csv: file not found/],
    ['output folder missing', () => ['convert', join(tmp, 'tram.csv'), join(tmp, 'no', 'x.geojson')], /x\.geojson: cannot write/],
    ['broken input', () => ['convert', join(tmp, 'broken.geojson'), join(tmp, 'x.kml')], /broken\.geojson: /],
  ];
  it.concurrent.each(bad)('%s: one line, exit 2', async (_name, args, mentions) => {
    expectUsageError(await run(args()), mentions);
  });

  it('no valid feature at all: one line, exit 2, nothing written', async () => {
    writeFileSync(join(tmp, 'all-bad.csv'), 'ma_tram,loai,kinh_do,vi_do\nA,ANT_A2B,abc,def\n');
    const r = await run(['convert', join(tmp, 'all-bad.csv'), join(tmp, 'all-bad.geojson')]);
    expectUsageError(r, /all-bad\.csv: none of its 1 features is valid/);
    expect(existsSync(join(tmp, 'all-bad.geojson'))).toBe(false);
  });
});

describe('hatang help lists the new commands', () => {
  it('validate, convert and export', async () => {
    const top = await run(['--help']);
    for (const c of ['validate', 'convert', 'export']) expect(top.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    for (const [c, flags] of [
      ['validate', ['--layer', '--crs', '--format', '--json']],
      ['convert', ['--layer', '--crs']],
      ['export', ['--profile', '--format', '--out', '--data', '--plan', '--layers', 'carrier:NAME']],
    ] as [string, string[]][]) {
      const r = await run([c, '--help']);
      expect(r.code).toBe(0);
      for (const f of flags) expect(r.stdout, `${c} ${f}`).toContain(f);
    }
  });
});
