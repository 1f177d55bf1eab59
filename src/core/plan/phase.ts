/** The timeline: which plan features are active in a year. */
export type Year = '2025' | '2030' | '2040';

/** Plan features active in a year: 2030 features from 2030 on, 2040 ones in 2040; none in 2025 (the baseline). */
export function inYear(phase: unknown, year: Year): boolean {
  if (year === '2025') return false;
  if (year === '2030') return phase === '2030';
  return phase === '2030' || phase === '2040';
}
