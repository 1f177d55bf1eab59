/** Runs the `hatang` CLI as a user does (a child Node process at the repo root), for the CLI tests. */
import { expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../seeds/shared-path';

export const MAIN = join(REPO_ROOT, 'src', 'cli', 'main.ts');
export const DATA = join(REPO_ROOT, 'public', 'data');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Not under `npm run cli`, no debug stacks: the CLI must behave as for a user at the repo root. */
export function cliEnv(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.HATANG_DEBUG;
  delete e.INIT_CWD;
  delete e.npm_lifecycle_event;
  return e;
}

export function runCli(args: string[], command: string[] = ['--import', 'tsx', MAIN]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], { cwd: REPO_ROOT, env: cliEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

export function stderrLines(r: Run): string[] {
  return r.stderr.split('\n').filter((l) => l !== '');
}

/** One `hatang: ` line on stderr, no stack frame, nothing on stdout, exit 2. */
export function expectUsageError(r: Run, mentions: RegExp) {
  const lines = stderrLines(r);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^hatang: /);
  expect(lines[0]).toMatch(mentions);
  expect(r.stderr).not.toMatch(/^\s*at /m);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

/** Builds the default dataset when it is missing. */
export function ensureDataset() {
  if (existsSync(join(DATA, 'manifest.json'))) return;
  const seed = spawnSync(process.execPath, ['--import', 'tsx', 'seeds/seed.ts'], { cwd: REPO_ROOT, env: cliEnv(), encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
}
