#!/usr/bin/env node
// Serves the built app (dist/) and the dataset (/data/* from public/data/) on 127.0.0.1.
//
//   node scripts/serve.mjs [--port N] [--data DIR] [--dist DIR]
//
// Environment: PORT, HATANG_DATA_DIR, HATANG_DIST_DIR (flags win). Default port 5173; when it is
// busy the next ones are tried. Prints exactly one line on stdout when ready:
//   hatang: http://127.0.0.1:PORT/
// Warnings go to stderr. Stops on SIGINT / SIGTERM.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_DIST_DIR, DEFAULT_PORT, startServer } from './server-lib.mjs';

function usage(code) {
  (code ? process.stderr : process.stdout).write(
    'usage: node scripts/serve.mjs [--port N] [--data DIR] [--dist DIR]\n' +
      '  env: PORT, HATANG_DATA_DIR, HATANG_DIST_DIR\n',
  );
  process.exit(code);
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [key, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) {
        process.stderr.write(`hatang: ${key} needs a value\n`);
        usage(2);
      }
      return v;
    };
    if (key === '--port' || key === '-p') out.port = value();
    else if (key === '--data') out.data = value();
    else if (key === '--dist') out.dist = value();
    else if (key === '--help' || key === '-h') usage(0);
    else {
      process.stderr.write(`hatang: unknown argument ${a}\n`);
      usage(2);
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const portText = args.port ?? process.env.PORT ?? String(DEFAULT_PORT);
const port = Number(portText);
if (!/^\d+$/.test(String(portText).trim()) || port > 65535) {
  process.stderr.write(`hatang: invalid port "${portText}"\n`);
  process.exit(2);
}
const dataDir = resolve(args.data ?? process.env.HATANG_DATA_DIR ?? DEFAULT_DATA_DIR);
const distDir = resolve(args.dist ?? process.env.HATANG_DIST_DIR ?? DEFAULT_DIST_DIR);

if (!existsSync(resolve(distDir, 'index.html'))) {
  process.stderr.write(`hatang: ${distDir}/index.html is missing; build the app first (npx vite build)\n`);
  process.exit(1);
}
if (!existsSync(resolve(dataDir, 'manifest.json'))) {
  process.stderr.write(`hatang: warning: no manifest.json in ${dataDir}; seed it with \`npm run seed\` or pass --data DIR\n`);
}

let srv;
try {
  srv = await startServer({ port, dataDir, distDir });
} catch (err) {
  process.stderr.write(`hatang: cannot start server: ${err.message}\n`);
  process.exit(1);
}
process.stdout.write(`hatang: ${srv.url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) process.exit(130);
  stopping = true;
  srv.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
