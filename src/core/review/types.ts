/**
 * Carrier review of sharing proposals (issue 7): what a proposal is, what a carrier decides,
 * and the review file that carries decisions from a carrier back to the Sở. Plain data.
 */

/**
 * - `site_share`: a planned site within the R1 sharing distance of an existing site: share it.
 * - `cluster`: existing sites of several owners close together (R1): consolidate on one host.
 * - `duct_reuse`: a planned corridor runs in another owner's ducts or along its aerial route.
 * - `joint_build`: two owners' planned corridors overlap: build once, together.
 */
export type ProposalKind = 'site_share' | 'cluster' | 'duct_reuse' | 'joint_build';
export const PROPOSAL_KINDS: readonly ProposalKind[] = ['site_share', 'cluster', 'duct_reuse', 'joint_build'];

/** What is asked of a party: to host (lease space or ducts), to be a tenant, or to co-build. */
export type Role = 'host' | 'tenant' | 'co_builder';

export interface Party {
  owner: string;
  role: Role;
}

export interface Proposal {
  /**
   * Stable: built only from the kind and the ids of the features involved (never from
   * positions or an analysis counter), so re-analysing an unchanged plan, on any machine,
   * gives the same id. E.g. `share:plan-site-003>site-001234`, `cluster:<hash>`,
   * `reuse:plan-cor-002>VNPT`, `joint:plan-cor-001+plan-cor-007`.
   */
  id: string;
  kind: ProposalKind;
  /** Parties that must decide (carriers and tower companies; never `shared` or `city`, the Sở itself). */
  parties: Party[];
  /** Plan and dataset features involved, plan features first. */
  featureIds: string[];
  /**
   * Hash of the content (geometry and attributes) of the features involved. A decision records
   * the fingerprint it was made on; if the features change afterwards, the decision is stale.
   */
  fingerprint: string;
  /** Phase of the plan feature(s) involved ('baseline' for clusters of existing sites). */
  phase: string;
  /** The facts a carrier needs to decide: distances, lengths, free ducts, heights, tenants. */
  facts: Record<string, string | number | boolean | null>;
  lon: number;
  lat: number;
  summary: { vi: string; en: string };
}

export type Decision = 'accept' | 'reject' | 'conditional';
export const DECISIONS: readonly Decision[] = ['accept', 'reject', 'conditional'];

export type ReasonCode = 'no_capacity' | 'structural' | 'commercial' | 'planned_elsewhere' | 'other';
export const REASON_CODES: readonly ReasonCode[] = ['no_capacity', 'structural', 'commercial', 'planned_elsewhere', 'other'];

/** One decision of one party on one proposal, as recorded in the log. */
export interface DecisionRecord {
  /** Unique record id, e.g. `rev-viettel-r1-share:plan-site-003>site-001234`. */
  id: string;
  proposal_id: string;
  carrier: string;
  decision: Decision;
  /** Required for reject and conditional, optional for accept. */
  reason: ReasonCode | null;
  comment: string;
  /** ISO 8601. */
  decided_at: string;
  /** Proposal fingerprint when the decision was made. */
  fingerprint: string;
  /** Review round: 1 for a carrier's first file, then 2, 3 ... */
  round: number;
  /** Where the record came from: 'app' or the imported file's name. */
  source: string;
}

export type ProposalState = 'pending' | 'accepted' | 'rejected' | 'conditional' | 'conflicting' | 'stale';
export const PROPOSAL_STATES: readonly ProposalState[] = ['pending', 'accepted', 'rejected', 'conditional', 'conflicting', 'stale'];

export interface ProposalStatus {
  id: string;
  state: ProposalState;
  /** The latest decision of each party that has decided. */
  latest: DecisionRecord[];
  /** Parties that have not decided yet. */
  waiting: string[];
}

/** metadata of a review file (GeoJSON FeatureCollection, one Point feature per decision). */
export interface ReviewFileMeta {
  hatang_review: 1;
  carrier: string;
  /** "Signed" with the carrier name and date; the checksum guards against accidental edits (not a cryptographic signature). */
  signed: { by: string; date: string };
  plan: string | null;
  round: number;
  /** Hex hash of the carrier, date and decisions; a mismatch means the file was altered. */
  checksum: string;
}
