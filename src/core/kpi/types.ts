/** Inputs and outputs of the Plan 317 indicators: plain data, usable in the worker and in Node. */
import type { GeoFeature } from '../io/fgb';
import type { AnalysisInput } from '../analysis/types';

export type KpiPhase = '2025' | '2030' | '2040';
export const KPI_PHASES: readonly KpiPhase[] = ['2025', '2030', '2040'];

/** The dataset as the indicators need it: the analysis layers plus population, services, DCs, land. */
export interface KpiInput extends AnalysisInput {
  popcells: GeoFeature[];
  service: GeoFeature[];
  datacentres: GeoFeature[];
  /** The land mask, for the distance to the sea (data-centre siting). May be empty. */
  land: GeoFeature[];
}

export interface CommuneKpi {
  code: string;
  name: string;
  type: string;
  population: number;
  population_5g: number;
  pct_5g: number;
  population_fibre: number;
  pct_fibre: number;
  /** A free public Wi-Fi point within the distance of the committee seat. */
  wifi: boolean;
  sites: number;
  sites_5g: number;
}

export interface DcSiting {
  id: string;
  name: string;
  owner: string;
  pue: number;
  green: boolean;
  /** Metres; null when farther than the search reached (twice the backbone limit; 10 km or 4 strips for the sea). */
  backbone_m: number | null;
  coast_m: number | null;
  in_aviation: boolean;
  land_available: boolean;
  /** Points per criterion (see SITING_WEIGHTS) and their sum out of 100. */
  parts: { backbone: number; coast: number; aviation: number; land: number };
  score: number;
  /** Id of the plan feature proposing this candidate, if any. */
  proposed_by: string | null;
}

export interface DcKpi {
  existing: number;
  /** Existing centres upgraded by a plan action in or before the phase. */
  upgraded: number;
  /** Existing centres the dataset marks for upgrade (Plan 317 list). */
  upgrade_planned: number;
  proposed_new: number;
  green_new: number;
  target_upgraded: number;
  target_new_min: number;
  target_new_max: number;
  centres: { id: string; name: string; status: string; pue: number; green: boolean; upgraded: boolean; planned: boolean }[];
}

export interface SharingKpi {
  sites_total: number;
  sites_shared: number;
  pct_shared: number;
  a2_in_a1_zones: number;
  aerial_ward_km: number;
  undergrounded_ward_km: number;
  new_duct_km: number;
  reused_duct_km: number;
  along_poles_km: number;
}

/** What one plan feature changes on its own: the people who would lose coverage without it. */
export interface Contribution {
  id: string;
  code: string;
  kind: '5g' | 'fibre' | 'wifi';
  /** Signed: a removal loses people. */
  people: number;
  communes: { code: string; people: number }[];
}

export interface PhaseKpi {
  phase: KpiPhase;
  population_total: number;
  population_5g: number;
  pct_5g: number;
  population_fibre: number;
  pct_fibre: number;
  wifi_centres: number;
  wifi_centres_total: number;
  wifi_centres_pct: number;
  datacentres: DcKpi;
  sharing: SharingKpi;
  communes: CommuneKpi[];
  /** Target minus value, in percentage points (0 when met). */
  gaps: { pct_5g: number; pct_fibre: number; wifi_centres_pct: number; dc_new: number; dc_upgraded: number };
  contributions: Contribution[];
}

export interface KpiReport {
  phases: Record<KpiPhase, PhaseKpi>;
  siting: DcSiting[];
  params: Record<string, unknown>;
  timings_ms: Record<string, number>;
  /** Plan features whose effect was (re)computed in this run. */
  computed: number;
}
