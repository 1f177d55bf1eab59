import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where the real base geography lives: $HATANG_SHARED_DATA, else ../shared/data beside the
 * repository. Returns null when absent, and the seed builds its approximate fallback.
 */
export function findSharedData(): string | null {
  const env = process.env.HATANG_SHARED_DATA;
  if (env !== undefined) return env && existsSync(env) ? env : null;
  const dir = resolve(REPO_ROOT, '..', 'shared', 'data');
  return existsSync(resolve(dir, 'hp-admin-2025')) ? dir : null;
}
