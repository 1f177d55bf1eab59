/**
 * Import throughput in the app: GeoJSON, FlatGeobuf and CSV files of 100k and 1M points are
 * opened through the import dialog; we time file-chosen -> report shown, and watch the page's
 * main thread meanwhile (the longest gap a 20 ms timer saw: the page stays responsive when it is small).
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { writeFgb, type GeoFeature } from '../src/core/io/fgb';
import { Rng } from '../src/core/random';

type Line = (k: string, v: string) => void;

function points(n: number): GeoFeature[] {
  const rng = new Rng(7);
  const owners = ['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile'];
  const out: GeoFeature[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Math.round(rng.range(106.2, 106.9) * 1e6) / 1e6, Math.round(rng.range(20.7, 21.1) * 1e6) / 1e6] },
      properties: { id: `imp-${i}`, code: 'ANT_A2B', owner: owners[i % 4], status: 'planned', phase: '2030', height_m: 30 + (i % 20), tech: '4G,5G', tenants: owners[i % 4] },
    });
  }
  return out;
}

export function makeImportFiles(dir: string, n: number): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files = { geojson: join(dir, `pts-${n}.geojson`), fgb: join(dir, `pts-${n}.fgb`), csv: join(dir, `pts-${n}.csv`) };
  if (Object.values(files).every((f) => existsSync(f))) return files;
  const feats = points(n);
  writeFileSync(files.geojson, JSON.stringify({ type: 'FeatureCollection', features: feats }));
  const cols = Object.keys(feats[0].properties).map((name) => ({ name, kind: typeof feats[0].properties[name] === 'number' ? ('number' as const) : ('string' as const) }));
  writeFileSync(files.fgb, writeFgb(feats, cols, 'Point'));
  writeFileSync(files.csv, Papa.unparse(feats.map((f) => ({ ...f.properties, lon: (f.geometry.coordinates as number[])[0], lat: (f.geometry.coordinates as number[])[1] }))));
  return files;
}

export async function importBench(browser: Browser, url: string, outDir: string, line: Line) {
  for (const n of [100_000, 1_000_000]) {
    const files = makeImportFiles(join(outDir, 'import'), n);
    for (const [fmt, path] of Object.entries(files)) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      try {
        await page.addInitScript(() => localStorage.setItem('hatang.tab', 'plan'));
        await page.goto(url);
        await page.waitForSelector('#map[data-idle="true"]', { timeout: 600_000 });
        await page.waitForSelector('[data-testid="import-file-input"]', { state: 'attached', timeout: 60_000 });
        await page.evaluate(() => {
          const w = window as unknown as { __gap: number; __last: number };
          w.__gap = 0;
          w.__last = performance.now();
          setInterval(() => {
            const now = performance.now();
            w.__gap = Math.max(w.__gap, now - w.__last - 20);
            w.__last = now;
          }, 20);
        });
        const t0 = Date.now();
        await page.setInputFiles('[data-testid="import-file-input"]', path);
        await page.waitForSelector('[data-testid="import-report"], [data-testid="import-error"]', { timeout: 900_000 });
        const ms = Date.now() - t0;
        const gap = await page.evaluate(() => (window as unknown as { __gap: number }).__gap);
        const ok = (await page.locator('[data-testid="import-report"]').count()) > 0;
        line(`import ${fmt} ${n.toLocaleString('en')} points`, ok ? `${(ms / 1000).toFixed(1)} s, ${Math.round(n / (ms / 1000)).toLocaleString('en')} features/s; longest main-thread stall ${Math.round(gap)} ms` : 'failed: the dialog showed an error');
      } catch (e) {
        line(`import ${fmt} ${n.toLocaleString('en')} points`, `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      } finally {
        await page.close();
      }
    }
  }
}
