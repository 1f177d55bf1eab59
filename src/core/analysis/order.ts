/** The order of findings everywhere: severity (errors first), then rule, then id. */
import type { Finding } from './types';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function byFinding(a: Pick<Finding, 'severity' | 'rule' | 'id'>, b: Pick<Finding, 'severity' | 'rule' | 'id'>): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule) || a.id.localeCompare(b.id);
}

/** Two lists sorted by `byFinding`, merged into one sorted list (linear). */
export function mergeFindings<T extends Pick<Finding, 'severity' | 'rule' | 'id'>>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byFinding(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
