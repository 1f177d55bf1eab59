/**
 * Files between the Sở and the carriers:
 *
 * - the review package (Sở -> carrier): the proposals the carrier is a party to, as points with
 *   their facts, plus the features involved (other owners' confidential attributes removed);
 * - the review file (carrier -> Sở): one point per decision, "signed" with the carrier's name
 *   and a date, with a checksum that detects edits made after signing (not a cryptographic
 *   signature);
 * - importing review files into the decision log: all or nothing, foreign files refused.
 */
import type { GeoFeature } from '../io/fgb';
import { SECURITY_CODES, isConfidentialField, stripConfidential } from '../io/redact';
import { OWNERS } from '../model/taxonomy';
import { recordId, upsertDecision } from './decisions';
import { canonicalJson, checksum } from './fingerprint';
import { NON_PARTY_OWNERS, partiesText, proposalsFor, roleOf } from './proposals';
import { DECISIONS, REASON_CODES, type Decision, type DecisionRecord, type Proposal, type ReasonCode, type ReviewFileMeta } from './types';

/** A review file that cannot be read; the message is one sentence naming the file. */
export class ReviewFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewFileError';
  }
}

/** Owners that can sign a review file: every owner that can be a party (not `shared`, not `city`). */
export const REVIEW_OWNERS: readonly string[] = OWNERS.filter((o) => !NON_PARTY_OWNERS.includes(o));

const lc = (s: string) => s.trim().toLowerCase();

/** The canonical spelling of a carrier name (any case), or null when unknown. */
export function reviewOwner(name: string): string | null {
  return REVIEW_OWNERS.find((o) => lc(o) === lc(name)) ?? null;
}

/** The checksum of a review file: carrier, signing date, round and the canonical JSON of its features. */
export function reviewChecksum(carrier: string, date: string, round: number, features: unknown[]): string {
  return checksum(`${carrier}\n${date}\n${round}\n${canonicalJson(features)}`);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function validDate(s: unknown): s is string {
  return typeof s === 'string' && DATE_RE.test(s) && Number.isFinite(Date.parse(s));
}

/** Latest record of each proposal (highest round, then latest decided_at, then last). */
function latestPerProposal(records: DecisionRecord[]): DecisionRecord[] {
  const m = new Map<string, DecisionRecord>();
  for (const r of records) {
    const c = m.get(r.proposal_id);
    if (!c || r.round > c.round || (r.round === c.round && r.decided_at >= c.decided_at)) m.set(r.proposal_id, r);
  }
  return [...m.values()].sort((a, b) => (a.proposal_id < b.proposal_id ? -1 : a.proposal_id > b.proposal_id ? 1 : 0));
}

export interface WriteReviewArgs {
  carrier: string;
  /** Signing date, ISO 8601 (YYYY-MM-DD or a full timestamp). */
  date: string;
  plan: string | null;
  round: number;
  records: DecisionRecord[];
  proposals: Proposal[];
}

/**
 * The carrier's review file (GeoJSON text): its latest decision on each proposal, as a Point at
 * the proposal's location (null geometry if the proposal is not in `proposals`). Records of
 * other carriers are never written. Throws an Error for an unknown carrier, a bad date or
 * round, or a reject/conditional without a reason (such a file could not be read back).
 */
export function writeReviewFile(args: WriteReviewArgs): string {
  const carrier = reviewOwner(args.carrier);
  if (!carrier) throw new Error(`unknown carrier '${args.carrier}' (one of ${REVIEW_OWNERS.join(', ')})`);
  if (!validDate(args.date)) throw new Error(`bad signing date '${args.date}' (ISO 8601, e.g. 2025-06-30)`);
  if (!Number.isInteger(args.round) || args.round < 1) throw new Error(`bad review round ${args.round} (1, 2, 3 ...)`);
  const byId = new Map(args.proposals.map((p) => [p.id, p]));
  const mine = latestPerProposal(args.records.filter((r) => lc(r.carrier) === lc(carrier)));
  const features = mine.map((r) => {
    if ((r.decision === 'reject' || r.decision === 'conditional') && !r.reason)
      throw new Error(`the ${r.decision} decision on ${r.proposal_id} has no reason`);
    const p = byId.get(r.proposal_id);
    return {
      type: 'Feature' as const,
      geometry: p ? { type: 'Point', coordinates: [p.lon, p.lat] } : null,
      properties: {
        proposal_id: r.proposal_id,
        kind: p?.kind ?? '',
        role: p ? (roleOf(carrier, p) ?? '') : '',
        decision: r.decision,
        reason: r.reason ?? null,
        comment: r.comment ?? '',
        decided_at: r.decided_at,
        fingerprint: r.fingerprint,
        round: args.round,
        carrier,
        summary: p?.summary.vi ?? '',
      },
    };
  });
  const metadata: ReviewFileMeta = {
    hatang_review: 1,
    carrier,
    signed: { by: carrier, date: args.date },
    plan: args.plan,
    round: args.round,
    checksum: reviewChecksum(carrier, args.date, args.round, features),
  };
  return JSON.stringify({ type: 'FeatureCollection', metadata, features }, null, 1) + '\n';
}

/** Reads and checks a review file. Throws ReviewFileError (one sentence naming the file) when it is not a valid, unaltered review file. */
export function parseReviewFile(text: string, fileName: string): { meta: ReviewFileMeta; records: DecisionRecord[] } {
  const fail = (why: string): never => {
    throw new ReviewFileError(`${fileName}: ${why}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return fail('not a hatang review file (not JSON)');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('not a hatang review file (not a GeoJSON FeatureCollection)');
  const o = doc as Record<string, unknown>;
  if (o.type !== 'FeatureCollection' || !Array.isArray(o.features)) return fail('not a hatang review file (not a GeoJSON FeatureCollection)');
  const m = o.metadata as Record<string, unknown> | undefined;
  if (!m || typeof m !== 'object' || m.hatang_review === undefined) {
    if (m && typeof m === 'object' && m.hatang_review_package !== undefined) return fail('is a review package sent to a carrier, not a review file returned by one');
    return fail('not a hatang review file (metadata.hatang_review missing)');
  }
  if (m.hatang_review !== 1) return fail(`unknown review file version ${JSON.stringify(m.hatang_review)} (this version of hatang reads version 1)`);
  if (typeof m.carrier !== 'string' || m.carrier.trim() === '') return fail('the carrier (metadata.carrier) is missing');
  const carrier = reviewOwner(m.carrier);
  if (!carrier) return fail(`unknown carrier '${m.carrier}' (one of ${REVIEW_OWNERS.join(', ')})`);
  const signed = m.signed as Record<string, unknown> | undefined;
  if (!signed || typeof signed !== 'object') return fail('it is not signed (metadata.signed missing)');
  if (typeof signed.by !== 'string' || lc(signed.by) !== lc(carrier)) return fail(`it is signed by '${String(signed.by ?? '')}', not by the carrier ${carrier}`);
  if (!validDate(signed.date)) return fail(`bad signing date ${JSON.stringify(signed.date ?? null)} (ISO 8601, e.g. 2025-06-30)`);
  const round = m.round;
  if (typeof round !== 'number' || !Number.isInteger(round) || round < 1) return fail(`bad review round ${JSON.stringify(round ?? null)} (1, 2, 3 ...)`);
  if (typeof m.checksum !== 'string' || m.checksum === '') return fail('it has no checksum (metadata.checksum missing)');
  if (m.checksum !== reviewChecksum(m.carrier, signed.date, round, o.features)) return fail('was changed after it was signed (checksum mismatch)');
  const plan = m.plan === undefined || m.plan === null ? null : String(m.plan);

  const records: DecisionRecord[] = [];
  const seen = new Set<string>();
  o.features.forEach((f, i) => {
    const n = i + 1;
    const props = f && typeof f === 'object' ? ((f as Record<string, unknown>).properties as Record<string, unknown> | null) : null;
    if (!props || typeof props !== 'object') return fail(`feature ${n} has no properties`);
    const pid = props.proposal_id;
    if (typeof pid !== 'string' || pid.trim() === '') return fail(`feature ${n} has no proposal_id`);
    if (seen.has(pid)) return fail(`feature ${n} repeats proposal ${pid} (one decision per proposal)`);
    seen.add(pid);
    if (props.carrier !== undefined && props.carrier !== null && lc(String(props.carrier)) !== lc(carrier))
      return fail(`feature ${n} is a decision of '${String(props.carrier)}' in a file of ${carrier}`);
    const decision = props.decision;
    if (!(DECISIONS as readonly unknown[]).includes(decision))
      return fail(`feature ${n} has decision ${JSON.stringify(decision ?? null)} (one of ${DECISIONS.join(', ')})`);
    const reason = props.reason === undefined || props.reason === null || props.reason === '' ? null : props.reason;
    if (reason !== null && !(REASON_CODES as readonly unknown[]).includes(reason))
      return fail(`feature ${n} has reason ${JSON.stringify(reason)} (one of ${REASON_CODES.join(', ')})`);
    if ((decision === 'reject' || decision === 'conditional') && reason === null)
      return fail(`feature ${n} is a ${decision} decision without a reason (one of ${REASON_CODES.join(', ')})`);
    const decidedAt = props.decided_at === undefined || props.decided_at === null || props.decided_at === '' ? signed.date : props.decided_at;
    if (!validDate(decidedAt)) return fail(`feature ${n} has a bad decided_at ${JSON.stringify(decidedAt)} (ISO 8601)`);
    records.push({
      id: recordId(carrier, round, pid),
      proposal_id: pid,
      carrier,
      decision: decision as Decision,
      reason: reason as ReasonCode | null,
      comment: typeof props.comment === 'string' ? props.comment : props.comment === undefined || props.comment === null ? '' : String(props.comment),
      decided_at: decidedAt,
      fingerprint: typeof props.fingerprint === 'string' ? props.fingerprint : '',
      round,
      source: fileName,
    });
  });
  const meta: ReviewFileMeta = { hatang_review: 1, carrier, signed: { by: carrier, date: signed.date }, plan, round, checksum: m.checksum };
  return { meta, records };
}

export interface ImportReport {
  file: string;
  carrier: string;
  round: number;
  /** Records added to the log or replacing a different record of the same id. */
  attached: number;
  /** Of those, records made on another fingerprint than the proposal's current one. */
  stale: number;
  /** Proposal ids of decisions not imported: no such proposal, or the carrier is not one of its parties. */
  unknown: string[];
  /** Records already in the log unchanged. */
  duplicates: number;
}

function sameRecord(a: DecisionRecord, b: DecisionRecord): boolean {
  return (
    a.id === b.id &&
    a.proposal_id === b.proposal_id &&
    lc(a.carrier) === lc(b.carrier) &&
    a.decision === b.decision &&
    (a.reason ?? null) === (b.reason ?? null) &&
    (a.comment ?? '') === (b.comment ?? '') &&
    a.decided_at === b.decided_at &&
    a.fingerprint === b.fingerprint &&
    a.round === b.round
  );
}

/**
 * Imports review files into the log, all or nothing: every file is read and checked first; if
 * one is bad (unreadable, altered, or foreign: none of its decisions concerns a proposal of this
 * plan that its carrier is a party to) its ReviewFileError is thrown and nothing changes.
 * Decisions on proposals the carrier is not a party to are listed in `unknown` and left out; a
 * record already in the log unchanged is a duplicate; a record of the same id with other content
 * replaces it (a corrected resubmission). `existing` is never modified.
 */
export function importReviews(
  existing: DecisionRecord[],
  files: { name: string; text: string }[],
  proposals: Proposal[],
): { records: DecisionRecord[]; report: ImportReport[] } {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const parsed = files.map((f) => {
    const { meta, records } = parseReviewFile(f.text, f.name);
    const ok: DecisionRecord[] = [];
    const unknown: string[] = [];
    for (const r of records) {
      const p = byId.get(r.proposal_id);
      if (p && roleOf(r.carrier, p) !== null) ok.push(r);
      else unknown.push(r.proposal_id);
    }
    if (records.length > 0 && ok.length === 0)
      throw new ReviewFileError(
        `${f.name}: none of its ${records.length} decision${records.length === 1 ? '' : 's'} concern${records.length === 1 ? 's' : ''} a proposal of this plan that ${meta.carrier} is a party to (a review file of another plan?)`,
      );
    return { name: f.name, meta, ok, unknown };
  });
  let out = existing;
  const report: ImportReport[] = [];
  for (const f of parsed) {
    let attached = 0;
    let stale = 0;
    let duplicates = 0;
    for (const r of f.ok) {
      const prev = out.find((x) => x.id === r.id);
      // A decision made in this browser ('app') and now arriving in the signed file is attached:
      // the log then shows it came by file.
      if (prev && sameRecord(prev, r) && prev.source !== 'app') {
        duplicates++;
        continue;
      }
      out = upsertDecision(out, r);
      attached++;
      if (byId.get(r.proposal_id)!.fingerprint !== r.fingerprint) stale++;
    }
    report.push({ file: f.name, carrier: f.meta.carrier, round: f.meta.round, attached, stale, unknown: f.unknown, duplicates });
  }
  return { records: out === existing ? existing.slice() : out, report };
}

export interface WritePackageArgs {
  carrier: string;
  date: string;
  plan: string | null;
  proposals: Proposal[];
  /** Features to draw from (plan and dataset); only those involved in the carrier's proposals are written. */
  features: GeoFeature[];
}

/**
 * The carrier's review package (GeoJSON text): one Point per proposal the carrier is a party
 * to, with its facts (`fact_*`) and `decision: 'pending'`, then the features involved
 * (`package_role: 'context'`). Other owners' features lose their confidential attributes
 * (stripConfidential; applyProfile's carrier profile would drop other owners' existing sites,
 * which a tenant needs to see), and a proposal's confidential facts (tenancy, free capacity,
 * which belong to the host) are only shown to its host. Security-critical works are never
 * included.
 */
export function writePackage(args: WritePackageArgs): string {
  const carrier = reviewOwner(args.carrier);
  if (!carrier) throw new Error(`unknown carrier '${args.carrier}' (one of ${REVIEW_OWNERS.join(', ')})`);
  const mine = proposalsFor(carrier, args.proposals).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const proposalFeatures = mine.map((p) => {
    const role = roleOf(carrier, p)!;
    const facts: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p.facts)) if (role === 'host' || !isConfidentialField(k)) facts[`fact_${k}`] = v;
    return {
      type: 'Feature' as const,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: {
        proposal_id: p.id,
        kind: p.kind,
        role,
        parties: partiesText(p),
        phase: p.phase,
        fingerprint: p.fingerprint,
        summary_vi: p.summary.vi,
        summary_en: p.summary.en,
        ...facts,
        decision: 'pending',
      },
    };
  });
  const involved = new Set(mine.flatMap((p) => p.featureIds));
  const seen = new Set<string>();
  const context: GeoFeature[] = [];
  for (const f of args.features) {
    const id = String(f?.properties?.id ?? '');
    if (!involved.has(id) || seen.has(id) || SECURITY_CODES.includes(String(f.properties.code ?? ''))) continue;
    seen.add(id);
    const props = f.properties.owner === carrier ? f.properties : stripConfidential(f.properties);
    context.push({ type: 'Feature', geometry: f.geometry, properties: { ...props, package_role: 'context' } });
  }
  context.sort((a, b) => (String(a.properties.id) < String(b.properties.id) ? -1 : 1));
  const metadata = { hatang_review_package: 1, carrier, created: args.date, plan: args.plan, proposals: mine.length };
  return JSON.stringify({ type: 'FeatureCollection', metadata, features: [...proposalFeatures, ...context] }, null, 1) + '\n';
}
