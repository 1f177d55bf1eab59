/**
 * The decision log: each party's decisions on the proposals, the state of every proposal
 * derived from them, conflicts between parties, and the log as CSV.
 */
import Papa from 'papaparse';
import { PROPOSAL_STATES, type DecisionRecord, type Proposal, type ProposalState, type ProposalStatus } from './types';

/** `rev-<carrier lowercased>-r<round>-<proposalId>`. */
export function recordId(carrier: string, round: number, proposalId: string): string {
  return `rev-${carrier.trim().toLowerCase()}-r${round}-${proposalId}`;
}

const lc = (s: string) => s.trim().toLowerCase();

function time(s: string): number {
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : -Infinity;
}

/** True when record `b` (at index ib) supersedes `a` (at index ia): higher round, then later decided_at, then later in the log. */
function newer(a: DecisionRecord, ia: number, b: DecisionRecord, ib: number): boolean {
  if (b.round !== a.round) return b.round > a.round;
  const ta = time(a.decided_at);
  const tb = time(b.decided_at);
  if (ta !== tb) return tb > ta;
  if (a.decided_at !== b.decided_at) return b.decided_at > a.decided_at;
  return ib > ia;
}

/** The latest decision of each party of `p`, in the order of its parties. */
export function latestDecisions(p: Proposal, records: DecisionRecord[]): DecisionRecord[] {
  const best = new Map<string, { r: DecisionRecord; i: number }>();
  const partyKeys = new Set(p.parties.map((x) => lc(x.owner)));
  records.forEach((r, i) => {
    if (r.proposal_id !== p.id) return;
    const k = lc(r.carrier);
    if (!partyKeys.has(k)) return;
    const cur = best.get(k);
    if (!cur || newer(cur.r, cur.i, r, i)) best.set(k, { r, i });
  });
  const out: DecisionRecord[] = [];
  for (const party of p.parties) {
    const b = best.get(lc(party.owner));
    if (b) out.push(b.r);
  }
  return out;
}

/**
 * The state of a proposal, from the latest decision of each of its parties (records of other
 * carriers or other proposals are ignored). In order: no decision -> pending; a decision made
 * on an earlier fingerprint -> stale; a reject beside an accept or conditional -> conflicting;
 * a reject -> rejected; a party still to decide -> pending; a conditional -> conditional;
 * otherwise accepted.
 */
export function proposalStatus(p: Proposal, records: DecisionRecord[]): ProposalStatus {
  const latest = latestDecisions(p, records);
  const decided = new Set(latest.map((r) => lc(r.carrier)));
  const waiting = p.parties.map((x) => x.owner).filter((o) => !decided.has(lc(o)));
  const status = (state: ProposalState): ProposalStatus => ({ id: p.id, state, latest, waiting });
  if (latest.length === 0) return status('pending');
  if (latest.some((r) => r.fingerprint !== p.fingerprint)) return status('stale');
  const rejects = latest.some((r) => r.decision === 'reject');
  const agrees = latest.some((r) => r.decision === 'accept' || r.decision === 'conditional');
  if (rejects && agrees) return status('conflicting');
  if (rejects) return status('rejected');
  if (waiting.length) return status('pending');
  if (latest.some((r) => r.decision === 'conditional')) return status('conditional');
  return status('accepted');
}

export function statusAll(proposals: Proposal[], records: DecisionRecord[]): Map<string, ProposalStatus> {
  const byProposal = new Map<string, DecisionRecord[]>();
  for (const r of records) {
    let l = byProposal.get(r.proposal_id);
    if (!l) byProposal.set(r.proposal_id, (l = []));
    l.push(r);
  }
  const out = new Map<string, ProposalStatus>();
  for (const p of proposals) out.set(p.id, proposalStatus(p, byProposal.get(p.id) ?? []));
  return out;
}

/** How many proposals are in each state (every state present, 0 if none). */
export function countStates(proposals: Proposal[], records: DecisionRecord[]): Record<ProposalState, number> {
  const out = Object.fromEntries(PROPOSAL_STATES.map((s) => [s, 0])) as Record<ProposalState, number>;
  for (const s of statusAll(proposals, records).values()) out[s.state]++;
  return out;
}

export interface Conflict {
  id: string;
  status: ProposalStatus;
  /** Parties whose latest decision is accept or conditional. */
  accepted: string[];
  /** Parties whose latest decision is reject. */
  rejected: string[];
}

/** Proposals whose parties disagree (state conflicting), in proposal order. */
export function conflicts(proposals: Proposal[], records: DecisionRecord[]): Conflict[] {
  const out: Conflict[] = [];
  for (const s of statusAll(proposals, records).values())
    if (s.state === 'conflicting')
      out.push({
        id: s.id,
        status: s,
        accepted: s.latest.filter((r) => r.decision !== 'reject').map((r) => r.carrier),
        rejected: s.latest.filter((r) => r.decision === 'reject').map((r) => r.carrier),
      });
  return out;
}

const LOG_COLUMNS = ['decided_at', 'round', 'carrier', 'proposal_id', 'kind', 'decision', 'reason', 'comment', 'source', 'stale'] as const;

export const LOG_HEADERS: Record<'vi' | 'en', readonly string[]> = {
  en: LOG_COLUMNS,
  vi: ['Thời điểm quyết định', 'Vòng', 'Doanh nghiệp', 'Mã đề xuất', 'Loại đề xuất', 'Quyết định', 'Lý do', 'Ghi chú', 'Nguồn', 'Lỗi thời'],
};

/**
 * The decision log as CSV (papaparse), UTF-8 with a byte-order mark for Excel, CRLF line ends,
 * one line per record sorted by decided_at then id. `stale` is yes when the record's
 * fingerprint differs from the current proposal's, '' when the proposal no longer exists.
 * Text a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
export function logCsv(records: DecisionRecord[], proposals: Proposal[], lang: 'vi' | 'en'): string {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const rows = records
    .slice()
    .sort((a, b) => (a.decided_at < b.decided_at ? -1 : a.decided_at > b.decided_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => {
      const p = byId.get(r.proposal_id);
      return [r.decided_at, r.round, r.carrier, r.proposal_id, p?.kind ?? '', r.decision, r.reason ?? '', r.comment ?? '', r.source, p ? (p.fingerprint === r.fingerprint ? 'no' : 'yes') : ''];
    });
  return '\ufeff' + Papa.unparse({ fields: [...LOG_HEADERS[lang]], data: rows }, { newline: '\r\n', escapeFormulae: true });
}

/** A new array with `rec` replacing the record of the same id, or appended. */
export function upsertDecision(records: DecisionRecord[], rec: DecisionRecord): DecisionRecord[] {
  const i = records.findIndex((r) => r.id === rec.id);
  if (i < 0) return [...records, rec];
  const out = records.slice();
  out[i] = rec;
  return out;
}
