#!/usr/bin/env node
// Launcher for `npx hatang ...`: runs src/cli/main.ts through tsx in a child Node process,
// with the same stdio, and exits with the child's code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
let tsx;
try {
  // Resolved from this file, so the command works from any directory.
  tsx = import.meta.resolve('tsx');
} catch {
  process.stderr.write("hatang: tsx is not installed; run 'npm install' in the hatang repository\n");
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the child too; wait for it to finish and report its status.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  process.stderr.write(`hatang: cannot start node: ${e.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
