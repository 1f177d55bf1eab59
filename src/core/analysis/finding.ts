import { RULE_SOURCES } from './params';
import type { Finding, RuleId, Severity } from './types';

/** Builds a finding with a stable id (rule + feature ids) and the rule's source. */
export function finding(
  rule: RuleId,
  severity: Severity,
  featureIds: string[],
  value: number,
  threshold: number,
  vi: string,
  en: string,
  lon: number,
  lat: number,
): Finding {
  return {
    id: `${rule}:${featureIds.join('+')}`,
    rule,
    severity,
    featureIds,
    value: Math.round(value * 10) / 10,
    threshold,
    message: { vi, en },
    source: RULE_SOURCES[rule],
    lon,
    lat,
  };
}

export const fmt = (v: number) => String(Math.round(v * 10) / 10);
