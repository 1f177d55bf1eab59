/**
 * `hatang review package` and `hatang review merge` (issue 7), run as a user runs them (a child
 * process at the repository root) on the default dataset and its demo plan. Review files are
 * written with the core's writeReviewFile, as the app writes them for a carrier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { recordId } from '../../src/core/review/decisions';
import { writeReviewFile } from '../../src/core/review/file';
import type { Decision, DecisionRecord, Party, Proposal, ReasonCode, Role } from '../../src/core/review/types';
import { ensureDataset, expectUsageError, runCli as run, stderrLines, type Run } from './cli-run';

interface PackageFeature {
  geometry: { type: string; coordinates: number[] };
  properties: Record<string, unknown> & { proposal_id?: string; kind?: string; parties?: string; fingerprint?: string; summary_vi?: string; summary_en?: string };
}
interface PackageOut {
  metadata: { hatang_review_package: number; carrier: string; plan: string | null; proposals: number };
  features: PackageFeature[];
}
interface MergeOut {
  type: string;
  metadata: {
    hatang_review_merge: number;
    plan: string | null;
    files: { file: string; carrier: string; round: number; attached: number; stale: number; unknown: string[]; duplicates: number }[];
    counts: Record<string, number>;
    conflicts: { id: string; accepted: string[]; rejected: string[] }[];
    log: DecisionRecord[];
  };
  features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, string> }[];
}

const DATE = '2025-06-30';

let tmp: string;
let pkgRun: Run;
let pkg: PackageOut;
/** A site_share of the demo plan with two parties, VNPT one of them, as the package shows it. */
let share: Proposal;
let host: string;
let tenant: string;

const parseParties = (s: string): Party[] =>
  s.split(',').map((x) => {
    const [owner, role] = x.split(':');
    return { owner, role: role as Role };
  });

/** The proposal as far as a review file needs it (id, kind, parties, fingerprint, location). */
function fromPackage(f: PackageFeature): Proposal {
  const p = f.properties;
  return {
    id: p.proposal_id!,
    kind: p.kind as Proposal['kind'],
    parties: parseParties(p.parties!),
    featureIds: [],
    fingerprint: p.fingerprint!,
    phase: String(p.phase ?? ''),
    facts: {},
    lon: f.geometry.coordinates[0],
    lat: f.geometry.coordinates[1],
    summary: { vi: p.summary_vi ?? '', en: p.summary_en ?? '' },
  };
}

function record(carrier: string, p: Proposal, decision: Decision, reason: ReasonCode | null, comment = ''): DecisionRecord {
  return { id: recordId(carrier, 1, p.id), proposal_id: p.id, carrier, decision, reason, comment, decided_at: `${DATE}T09:00:00Z`, fingerprint: p.fingerprint, round: 1, source: 'app' };
}

/** Writes a carrier's signed review file into tmp; returns its path. */
function reviewFile(name: string, carrier: string, records: DecisionRecord[], proposals: Proposal[]): string {
  const path = join(tmp, name);
  writeFileSync(path, writeReviewFile({ carrier, date: DATE, plan: pkg.metadata.plan, round: 1, records, proposals }));
  return path;
}

beforeAll(async () => {
  ensureDataset();
  tmp = mkdtempSync(join(tmpdir(), 'hatang-review-'));
  pkgRun = await run(['review', 'package', '--carrier', 'vnpt', '--out', join(tmp, 'vnpt-package.geojson')]);
  expect(pkgRun.code, pkgRun.stderr).toBe(0);
  pkg = JSON.parse(readFileSync(join(tmp, 'vnpt-package.geojson'), 'utf8')) as PackageOut;
  const shares = pkg.features.filter((f) => f.properties.kind === 'site_share' && parseParties(f.properties.parties!).length === 2);
  expect(shares.length, 'a site_share of the demo plan with two parties, one of them VNPT').toBeGreaterThan(0);
  share = fromPackage(shares.find((f) => f.properties.parties!.startsWith('Viettel:host')) ?? shares[0]);
  host = share.parties.find((x) => x.role === 'host')!.owner;
  tenant = share.parties.find((x) => x.role === 'tenant')!.owner;
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('hatang review', () => {
  it('shows both subcommands in its help and in hatang --help', async () => {
    const [h, top] = await Promise.all([run(['review', '--help']), run(['--help'])]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('hatang review package --carrier NAME');
    expect(h.stdout).toContain('hatang review merge REVIEW...');
    expect(top.stdout).toMatch(/^\s+review\s+/m);
  });

  it('refuses a missing or unknown subcommand', async () => {
    const [none, bad] = await Promise.all([run(['review', '--out', join(tmp, 'x.geojson')]), run(['review', 'publish'])]);
    expectUsageError(none, /subcommand: package or merge/);
    expectUsageError(bad, /unknown subcommand 'publish' \(package, merge/);
  });
});

describe('hatang review package', () => {
  it('writes the proposals VNPT is a party to, with the features involved', () => {
    const lines = stderrLines(pkgRun);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hatang: wrote .*vnpt-package\.geojson: \d+ proposals for VNPT \(\d+ site_share, /);
    expect(pkgRun.stdout).toBe('');
    expect(pkg.metadata.hatang_review_package).toBe(1);
    expect(pkg.metadata.carrier).toBe('VNPT');
    expect(pkg.metadata.plan).toBe('Phương án minh hoạ 2030 (tầm nhìn 2040)');
    const proposals = pkg.features.filter((f) => f.properties.proposal_id !== undefined);
    expect(proposals.length).toBe(pkg.metadata.proposals);
    expect(proposals.length).toBeGreaterThan(0);
    for (const f of proposals) {
      expect(parseParties(f.properties.parties!).map((x) => x.owner), f.properties.proposal_id).toContain('VNPT');
      expect(f.properties.decision).toBe('pending');
    }
    const kinds = new Set(proposals.map((f) => f.properties.kind));
    for (const k of ['site_share', 'cluster', 'duct_reuse', 'joint_build']) expect(kinds, k).toContain(k);
    // The features involved follow the proposals: plan features and existing sites among them.
    const context = pkg.features.filter((f) => f.properties.package_role === 'context').map((f) => String(f.properties.id));
    expect(context).toContain(share.id.slice('share:'.length).split('>')[0]);
    expect(context).toContain(share.id.split('>')[1]);
  });

  it('refuses an unknown carrier, a missing --carrier and a missing --out', async () => {
    const out = join(tmp, 'never.geojson');
    const [bad, noCarrier, noOut] = await Promise.all([
      run(['review', 'package', '--carrier', 'Telco', '--out', out]),
      run(['review', 'package', '--out', out]),
      run(['review', 'package', '--carrier', 'VNPT']),
    ]);
    expectUsageError(bad, /--carrier: unknown carrier 'Telco' \(one of Viettel, VNPT, /);
    expect(stderrLines(bad)[0]).not.toMatch(/\bshared\b|\bcity\b/);
    expectUsageError(noCarrier, /--carrier NAME is required/);
    expectUsageError(noOut, /--out FILE is required/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('hatang review merge', () => {
  let a: string;
  let b: string;
  beforeAll(() => {
    a = reviewFile('host.geojson', host, [record(host, share, 'reject', 'no_capacity', 'tower full')], [share]);
    b = reviewFile('tenant.geojson', tenant, [record(tenant, share, 'accept', null)], [share]);
  });

  it('merges a host reject and a tenant accept into a conflict', async () => {
    const out = join(tmp, 'merged.geojson');
    const r = await run(['review', 'merge', a, b, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hatang: wrote .*merged\.geojson: 2 decisions from 2 files on 1 of \d+ proposals; \d+ pending, 1 conflicting; 1 conflict: /);
    expect(lines[0]).toContain(share.id);

    const m = JSON.parse(readFileSync(out, 'utf8')) as MergeOut;
    expect(m.type).toBe('FeatureCollection');
    expect(m.metadata.hatang_review_merge).toBe(1);
    expect(m.metadata.plan).toBe(pkg.metadata.plan);
    expect(m.metadata.files).toEqual([
      { file: a, carrier: host, round: 1, attached: 1, stale: 0, unknown: [], duplicates: 0 },
      { file: b, carrier: tenant, round: 1, attached: 1, stale: 0, unknown: [], duplicates: 0 },
    ]);
    expect(m.metadata.counts.conflicting).toBe(1);
    expect(m.metadata.counts.accepted + m.metadata.counts.rejected + m.metadata.counts.stale).toBe(0);
    expect(m.metadata.conflicts).toEqual([{ id: share.id, accepted: [tenant], rejected: [host] }]);
    expect(m.metadata.log.map((x) => [x.carrier, x.decision, x.reason])).toEqual([
      [host, 'reject', 'no_capacity'],
      [tenant, 'accept', null],
    ]);
    expect(m.features).toHaveLength(1);
    const f = m.features[0];
    expect(f.geometry).toEqual({ type: 'Point', coordinates: [share.lon, share.lat] });
    expect(f.properties).toMatchObject({
      proposal_id: share.id,
      kind: 'site_share',
      state: 'conflicting',
      parties: `${host}:host,${tenant}:tenant`,
      decisions: `${host}:reject/no_capacity; ${tenant}:accept`,
      waiting: '',
    });
  });

  it('writes the decision log as CSV with a byte-order mark when --out ends in .csv', async () => {
    const vi = join(tmp, 'log.csv');
    const en = join(tmp, 'log-en.CSV');
    const [rv, ren] = await Promise.all([run(['review', 'merge', a, b, '--out', vi]), run(['review', 'merge', b, a, '--lang', 'en', '--out', en])]);
    expect(rv.code, rv.stderr).toBe(0);
    expect(ren.code, ren.stderr).toBe(0);
    const text = readFileSync(vi, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Thời điểm quyết định,Vòng,Doanh nghiệp,Mã đề xuất/);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows.slice(1).map((x) => [x[2], x[3], x[4], x[5], x[6], x[9]])).toEqual([
      [host, share.id, 'site_share', 'reject', 'no_capacity', 'no'],
      [tenant, share.id, 'site_share', 'accept', '', 'no'],
    ]);
    const enLines = readFileSync(en, 'utf8').slice(1).split('\r\n');
    expect(enLines[0]).toBe('decided_at,round,carrier,proposal_id,kind,decision,reason,comment,source,stale');
    expect(enLines).toHaveLength(3);
  });

  it('refuses a file that is not JSON, names it, and writes nothing', async () => {
    const bad = join(tmp, 'not-json.geojson');
    writeFileSync(bad, 'this is not { json');
    const out = join(tmp, 'merged-bad.geojson');
    const r = await run(['review', 'merge', a, bad, '--out', out]);
    expectUsageError(r, /not-json\.geojson: not a hatang review file \(not JSON\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a foreign review file (decisions on proposals of another plan) and writes nothing', async () => {
    const other: Proposal = { ...share, id: 'share:plan-site-999>site-999999', parties: [{ owner: 'VNPT', role: 'tenant' }] };
    const foreign = reviewFile('foreign.geojson', 'VNPT', [record('VNPT', other, 'accept', null)], [other]);
    const out = join(tmp, 'merged-foreign.csv');
    const r = await run(['review', 'merge', a, b, foreign, '--out', out]);
    expectUsageError(r, /foreign\.geojson: none of its 1 decision concerns a proposal of this plan that VNPT is a party to/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an altered file, a missing file, no file, a missing --out and a bad --lang', async () => {
    const altered = join(tmp, 'altered.geojson');
    writeFileSync(altered, readFileSync(a, 'utf8').replace('"reject"', '"accept"'));
    const out = join(tmp, 'never.geojson');
    const [alt, missing, none, noOut, lang] = await Promise.all([
      run(['review', 'merge', altered, '--out', out]),
      run(['review', 'merge', join(tmp, 'nowhere.geojson'), '--out', out]),
      run(['review', 'merge', '--out', out]),
      run(['review', 'merge', a]),
      run(['review', 'merge', a, '--lang', 'fr', '--out', out]),
    ]);
    expectUsageError(alt, /altered\.geojson: was changed after it was signed/);
    expectUsageError(missing, /nowhere\.geojson: file not found/);
    expectUsageError(none, /missing REVIEW file/);
    expectUsageError(noOut, /--out FILE is required/);
    expectUsageError(lang, /--lang: expected one of vi, en, got 'fr'/);
    expect(existsSync(out)).toBe(false);
  });
});
