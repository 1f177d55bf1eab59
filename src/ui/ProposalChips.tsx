import { useReview } from '../state/review';
import { StateChip } from './ReviewPanel';
import type { Finding } from '../core/analysis/types';

/** Proposal ids behind an R1 finding: a planned site to share (`share:`) or a cluster to consolidate. */
export function proposalIdsOfFinding(f: Pick<Finding, 'id' | 'rule' | 'severity' | 'featureIds'>): string[] {
  if (f.rule !== 'R1') return [];
  if (f.severity === 'error' && f.featureIds.length === 2) return [`share:${f.featureIds[0]}>${f.featureIds[1]}`];
  if (f.id.startsWith('R1:cluster:')) return [f.id.slice(3)];
  return [];
}

/** Proposal ids of a corridor: ducts of other owners it reuses, corridors it is built with. */
export function proposalIdsOfCorridor(id: string, all: { id: string }[]): string[] {
  return all.filter((p) => p.id.startsWith(`reuse:${id}>`) || (p.id.startsWith('joint:') && p.id.slice(6).split('+').includes(id))).map((p) => p.id);
}

/** The review states of the given proposals (nothing when the review has not started). */
export function ProposalChips({ ids }: { ids: string[] }) {
  const statuses = useReview((s) => s.statuses);
  const known = ids.filter((id) => statuses.has(id));
  if (known.length === 0) return null;
  return (
    <span className="proposal-chips" data-testid="proposal-chips">
      {known.map((id) => (
        <span key={id} title={id}>
          <StateChip state={statuses.get(id)!.state} />
        </span>
      ))}
    </span>
  );
}
