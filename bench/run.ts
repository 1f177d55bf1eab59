/**
 * `npm run bench`: figures, not pass/fail. Seed time, data size per layer, time until the map
 * is idle with all layers on (default dataset and --scale 20), built JS size (gzip), and the
 * analysis core and the Plan 317 indicators indexed vs naive (bench/analysis.ts, bench/kpi.ts) on
 * both datasets.
 * `npm run bench -- --no-scale20` skips the big dataset; `--no-import` skips the import throughput, `--import-only` runs only it. `--analysis-only` skips the browser
 * and the build, and reuses bench/out data when it is there (seeding only what is missing).
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
// @ts-expect-error plain ESM helper without types
import { startServer } from '../scripts/server-lib.mjs';
import { analysisBench } from './analysis';
import { importBench } from './import';
import { kpiBench } from './kpi';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const line = (k: string, v: string) => console.log(`bench: ${k.padEnd(44)} ${v}`);

function seed(scale: number, dir: string): number {
  const t0 = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'seeds', 'seed.ts'), '--scale', String(scale), '--out', dir], { stdio: 'ignore' });
  return (performance.now() - t0) / 1000;
}

function launch() {
  return chromium.launch({
    executablePath: execSync('command -v chromium').toString().trim(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
}

async function timeToIdle(dataDir: string): Promise<{ idle: number; load: number; edit: number[]; ok: boolean; error?: string }> {
  const srv = await startServer({ port: 0, dataDir, distDir: join(ROOT, 'dist') });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Every layer on, population cells included.
    await page.addInitScript(() => {
      const all = ['sites', 'ducts', 'aerial', 'manholes', 'poles', 'stations', 'service', 'datacentres', 'zones', 'popcells', 'critical'];
      localStorage.setItem('hatang.visible', JSON.stringify(Object.fromEntries(all.map((k) => [k, true]))));
    });
    let crashed = '';
    page.on('crash', () => (crashed = 'page crashed'));
    await page.goto(srv.url);
    await page.waitForSelector('#map[data-idle="true"]', { timeout: 600_000 });
    const s = (await page.evaluate(() => (window as unknown as { __hatang: { stats: () => unknown } }).__hatang.stats())) as { idleMs: number; loadMs: number };
    // Corridor edit -> updated findings in the app (store, worker, panel state), five times.
    type Hook = { __hatang: { analysis: () => { findings: number }; benchEdit: () => Promise<number> } };
    await page.waitForFunction(() => (window as unknown as Hook).__hatang.analysis().findings > 0, undefined, { timeout: 600_000 });
    const edit: number[] = [];
    for (let i = 0; i < 5; i++) edit.push(await page.evaluate(() => (window as unknown as Hook).__hatang.benchEdit()));
    return { idle: s.idleMs / 1000, load: s.loadMs / 1000, edit, ok: !crashed };
  } catch (e) {
    return { idle: NaN, load: NaN, edit: [], ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    await browser.close();
    await srv.close();
  }
}

function editLine(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)}; ${ms.length} edits, main thread + worker round trip)`;
}

async function importOnly() {
  const d1 = join(OUT, 'scale1');
  if (!existsSync(join(d1, 'manifest.json'))) seed(1, d1);
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) execSync('npx vite build', { cwd: ROOT, stdio: 'ignore' });
  await runImportBench(d1);
}

async function runImportBench(dataDir: string) {
  const srv = await startServer({ port: 0, dataDir, distDir: join(ROOT, 'dist') });
  const browser = await launch();
  try {
    await importBench(browser, srv.url, OUT, line);
  } finally {
    await browser.close();
    await srv.close();
  }
}

async function main() {
  if (process.argv.includes('--import-only')) return importOnly();
  const skip20 = process.argv.includes('--no-scale20');
  const analysisOnly = process.argv.includes('--analysis-only');
  console.log('bench: machine', `${(await import('node:os')).cpus().length} cores, node ${process.version}, headless Chromium with SwiftShader (software WebGL)`);
  const d1 = join(OUT, 'scale1');
  if (analysisOnly) {
    if (!existsSync(join(d1, 'manifest.json'))) line('seed time, scale 1', `${seed(1, d1).toFixed(1)} s`);
    await analysisBench(d1, 'scale 1', line);
    await kpiBench(d1, 'scale 1', line);
    if (!skip20) {
      const d20 = join(OUT, 'scale20');
      if (!existsSync(join(d20, 'manifest.json'))) line('seed time, scale 20', `${seed(20, d20).toFixed(1)} s`);
      await analysisBench(d20, 'scale 20', line);
      await kpiBench(d20, 'scale 20', line);
    }
    return;
  }
  line('seed time, scale 1', `${seed(1, d1).toFixed(1)} s`);
  const manifest = JSON.parse(readFileSync(join(d1, 'manifest.json'), 'utf8'));
  for (const l of manifest.layers) line(`data size: ${l.id} (${l.count} features)`, `${(l.bytes / 1e6).toFixed(2)} MB`);
  const total = manifest.layers.reduce((s: number, l: { bytes: number }) => s + l.bytes, 0);
  line('data size: all layers', `${(total / 1e6).toFixed(1)} MB`);
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) execSync('npx vite build', { cwd: ROOT, stdio: 'ignore' });
  let js = 0;
  let jsGz = 0;
  const assets = join(ROOT, 'dist', 'assets');
  for (const f of readdirSync(assets)) {
    if (!/\.(m?js)$/.test(f)) continue;
    const b = readFileSync(join(assets, f));
    js += statSync(join(assets, f)).size;
    jsGz += gzipSync(b).length;
  }
  line('built JS (all chunks incl. workers)', `${(js / 1e6).toFixed(2)} MB raw, ${(jsGz / 1e6).toFixed(2)} MB gzip`);
  const r1 = await timeToIdle(d1);
  line('map idle, all layers on, scale 1', r1.ok ? `${r1.idle.toFixed(1)} s (data loaded in ${r1.load.toFixed(1)} s)` : `failed: ${r1.error}`);
  if (r1.ok) line('app: corridor edit -> findings, scale 1', editLine(r1.edit));
  await analysisBench(d1, 'scale 1', line);
  await kpiBench(d1, 'scale 1', line);
  if (!process.argv.includes('--no-import')) {
    await runImportBench(d1);
  }
  if (!skip20) {
    const d20 = join(OUT, 'scale20');
    line('seed time, scale 20', `${seed(20, d20).toFixed(1)} s`);
    const m20 = JSON.parse(readFileSync(join(d20, 'manifest.json'), 'utf8'));
    const count = (id: string) => m20.layers.find((l: { id: string }) => l.id === id).count;
    const bytes20 = m20.layers.reduce((s: number, l: { bytes: number }) => s + l.bytes, 0);
    line('scale 20 sites / poles / total size', `${count('sites')} / ${count('poles')} / ${(bytes20 / 1e6).toFixed(0)} MB`);
    const r20 = await timeToIdle(d20);
    line('map idle, all layers on, scale 20', r20.ok ? `${r20.idle.toFixed(1)} s (data loaded in ${r20.load.toFixed(1)} s)` : `failed: ${r20.error}`);
    if (r20.ok) line('app: corridor edit -> findings, scale 20', editLine(r20.edit));
    await analysisBench(d20, 'scale 20', line);
    await kpiBench(d20, 'scale 20', line);
  }
}

await main();
