/**
 * A short comparison of two plans (scenarios): feature counts by code, corridor kilometres
 * (total, reusing ducts, along aerial routes, new build) and findings by severity, for each
 * plan and as differences b - a. Pure. The corridor and finding figures come from each plan's
 * own analysis report; without a report they are null.
 */
import type { Report, Severity } from '../analysis/types';
import type { PlanDoc } from './doc';

export interface CorridorKm {
  count: number;
  total_km: number;
  reuse_km: number;
  along_poles_km: number;
  new_build_km: number;
  /** Indicative cost, VND (sum of the corridors' `cost.total`). */
  cost_vnd: number;
}

export type FindingCounts = Record<Severity, number> & { total: number };

export interface PlanSummary {
  id: string;
  name: string;
  features: number;
  byCode: Record<string, number>;
  byPhase: Record<string, number>;
  corridors: CorridorKm | null;
  findings: FindingCounts | null;
}

export interface PlanDiff {
  features: number;
  /** Every code present in either plan; b - a. */
  byCode: Record<string, number>;
  byPhase: Record<string, number>;
  corridors: CorridorKm | null;
  findings: FindingCounts | null;
}

export interface PlanComparison {
  a: PlanSummary;
  b: PlanSummary;
  diff: PlanDiff;
}

export type ReportLike = Pick<Report, 'corridors'> & { findings: { severity: Severity }[] };

export interface PlanWithReport {
  doc: Pick<PlanDoc, 'id' | 'name' | 'features'>;
  report: ReportLike | null;
}

const km = (m: number) => Math.round(m) / 1000;

function countBy(doc: PlanWithReport['doc'], key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of doc.features) {
    const k = String(f.properties[key] ?? '');
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export function summarizePlan({ doc, report }: PlanWithReport): PlanSummary {
  let corridors: CorridorKm | null = null;
  let findings: FindingCounts | null = null;
  if (report) {
    let total = 0;
    let reuse = 0;
    let poles = 0;
    let fresh = 0;
    let cost = 0;
    for (const c of report.corridors) {
      total += c.length_m;
      reuse += c.reuse_duct_m;
      poles += c.along_poles_m;
      fresh += c.new_build_m;
      cost += c.cost?.total ?? 0;
    }
    corridors = { count: report.corridors.length, total_km: km(total), reuse_km: km(reuse), along_poles_km: km(poles), new_build_km: km(fresh), cost_vnd: Math.round(cost) };
    findings = { error: 0, warning: 0, info: 0, total: report.findings.length };
    for (const f of report.findings) findings[f.severity] = (findings[f.severity] ?? 0) + 1;
  }
  return { id: doc.id, name: doc.name, features: doc.features.length, byCode: countBy(doc, 'code'), byPhase: countBy(doc, 'phase'), corridors, findings };
}

function diffCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) out[k] = (b[k] ?? 0) - (a[k] ?? 0);
  return out;
}

/** Rounded to the metre so the differences carry no floating-point dust. */
const dkm = (a: number, b: number) => Math.round((b - a) * 1000) / 1000;

export function comparePlans(a: PlanWithReport, b: PlanWithReport): PlanComparison {
  const sa = summarizePlan(a);
  const sb = summarizePlan(b);
  const ca = sa.corridors;
  const cb = sb.corridors;
  const fa = sa.findings;
  const fb = sb.findings;
  return {
    a: sa,
    b: sb,
    diff: {
      features: sb.features - sa.features,
      byCode: diffCounts(sa.byCode, sb.byCode),
      byPhase: diffCounts(sa.byPhase, sb.byPhase),
      corridors:
        ca && cb
          ? {
              count: cb.count - ca.count,
              total_km: dkm(ca.total_km, cb.total_km),
              reuse_km: dkm(ca.reuse_km, cb.reuse_km),
              along_poles_km: dkm(ca.along_poles_km, cb.along_poles_km),
              new_build_km: dkm(ca.new_build_km, cb.new_build_km),
              cost_vnd: cb.cost_vnd - ca.cost_vnd,
            }
          : null,
      findings: fa && fb ? { error: fb.error - fa.error, warning: fb.warning - fa.warning, info: fb.info - fa.info, total: fb.total - fa.total } : null,
    },
  };
}
