/** Sharing proposals on the map, coloured by their review state. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Proposal, ProposalState, ProposalStatus } from '../core/review/types';

export const STATE_COLORS: Record<ProposalState, string> = {
  pending: '#8b95a1',
  accepted: '#16a34a',
  rejected: '#dc2626',
  conditional: '#d97706',
  conflicting: '#7c3aed',
  stale: '#1f2937',
};

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function proposalLayer(proposals: Proposal[], statuses: Map<string, ProposalStatus>, selected: string | null) {
  return new ScatterplotLayer<Proposal>({
    id: 'review-proposals',
    data: proposals,
    getPosition: (p) => [p.lon, p.lat],
    getFillColor: (p) => [...rgb(STATE_COLORS[statuses.get(p.id)?.state ?? 'pending']), 230],
    getLineColor: (p) => (p.id === selected ? [255, 170, 0, 255] : [255, 255, 255, 255]),
    getRadius: (p) => (p.id === selected ? 11 : p.kind === 'cluster' ? 5 : 8),
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getLineWidth: (p) => (p.id === selected ? 3 : 1.5),
    stroked: true,
    pickable: true,
    updateTriggers: { getFillColor: [statuses], getLineColor: [selected], getRadius: [selected], getLineWidth: [selected] },
  });
}
