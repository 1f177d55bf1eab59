/**
 * Decision records kept in the plan as Point features (at the proposal's location), so the
 * plan's undo history, autosave and plan files carry them like every other edit.
 */
import type { GeoFeature } from '../io/fgb';
import { DECISIONS, REASON_CODES, type Decision, type DecisionRecord, type ReasonCode } from './types';

export function recordFeature(r: DecisionRecord, lon: number, lat: number): GeoFeature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { ...r } };
}

/** The record a feature holds, or null if it is not a well-formed decision record. */
export function featureRecord(f: GeoFeature): DecisionRecord | null {
  const p = f.properties;
  if (typeof p.id !== 'string' || typeof p.proposal_id !== 'string' || typeof p.carrier !== 'string') return null;
  if (!DECISIONS.includes(p.decision as Decision)) return null;
  const reason = p.reason === null || p.reason === undefined || p.reason === '' ? null : (p.reason as ReasonCode);
  if (reason !== null && !REASON_CODES.includes(reason)) return null;
  return {
    id: p.id,
    proposal_id: p.proposal_id,
    carrier: p.carrier,
    decision: p.decision as Decision,
    reason,
    comment: typeof p.comment === 'string' ? p.comment : '',
    decided_at: String(p.decided_at ?? ''),
    fingerprint: String(p.fingerprint ?? ''),
    round: Number(p.round) || 1,
    source: String(p.source ?? 'app'),
  };
}

export function recordsOf(features: readonly GeoFeature[] | undefined): DecisionRecord[] {
  return (features ?? []).map(featureRecord).filter((r): r is DecisionRecord => r !== null);
}
