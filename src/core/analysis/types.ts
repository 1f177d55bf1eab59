/** Inputs and outputs of the analyses: plain data, no DOM, usable in the worker and in Node. */
import type { GeoFeature } from '../io/fgb';
import type { Evidence } from './params';

export type Severity = 'error' | 'warning' | 'info';
export type RuleId = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R9';

export interface Finding {
  /** Stable: rule plus the sorted feature ids. */
  id: string;
  rule: RuleId;
  severity: Severity;
  featureIds: string[];
  value: number;
  threshold: number;
  message: { vi: string; en: string };
  source: { ref: string; evidence: Evidence };
  /** Where the map flies to. */
  lon: number;
  lat: number;
}

export interface Cluster {
  id: string;
  sites: string[];
  owners: string[];
  maxDistance_m: number;
  lon: number;
  lat: number;
}

export interface CorridorPart {
  /** Flat lon/lat pairs. */
  coords: number[];
  kind: 'duct' | 'aerial' | 'new';
}

export interface CorridorResult {
  id: string;
  owner: string;
  phase: string;
  length_m: number;
  reuse_duct_m: number;
  along_poles_m: number;
  new_build_m: number;
  communes: string[];
  jointWith: { id: string; owner: string; shared_m: number }[];
  cost: { newDuct: number; reuse: number; aerial: number; total: number; currency: 'VND'; indicative: true };
  parts: CorridorPart[];
}

/** The dataset as the analyses need it. Lines are GeoJSON LineString features. */
export interface AnalysisInput {
  communes: GeoFeature[];
  sites: GeoFeature[];
  ducts: GeoFeature[];
  aerial: GeoFeature[];
  zones: GeoFeature[];
}

export interface PlanFile {
  type: 'FeatureCollection';
  metadata?: Record<string, unknown>;
  features: GeoFeature[];
}

export interface Report {
  params: Record<string, unknown>;
  findings: Finding[];
  colocation: Cluster[];
  corridors: CorridorResult[];
  timings_ms: Record<string, number>;
}
