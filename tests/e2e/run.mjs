#!/usr/bin/env node
// End-to-end runner for hatang: plain Node ESM + playwright-core driving Debian's Chromium.
//
//   node tests/e2e/run.mjs [--grep TEXT] [--dist DIR] [--data DIR]
//
// Serves dist/ + public/data/ through scripts/server-lib.mjs on 127.0.0.1 (free port), opens
// the app in headless Chromium (SwiftShader WebGL) and runs the cases below in order, printing
// `ok - name` / `not ok - name: reason`, then exactly `N passed, M failed`; exit code 1 on any
// failure. Lines starting with `#` are diagnostics. Screenshots go to tests/output/.
//
// Every case fails on: a request leaving localhost (it is aborted and recorded), a console
// message of type "error" (page or worker), an uncaught page error, an HTTP status >= 400 from
// the local server, or a page crash.
//
// Environment: HATANG_DIST_DIR, HATANG_DATA_DIR (same as the flags), HATANG_CHROMIUM (browser
// binary; default `command -v chromium`), HATANG_E2E_TEST_TIMEOUT_S (default 180),
// HATANG_E2E_DEADLINE_S (whole run, default 720).
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { DEFAULT_DATA_DIR, DEFAULT_DIST_DIR, REPO_ROOT, startServer } from '../../scripts/server-lib.mjs';

// ---------------------------------------------------------------------------------------------
// Configuration

const LAYER_IDS = ['sites', 'poles', 'ducts', 'aerial', 'manholes', 'stations', 'service', 'datacentres', 'zones', 'popcells', 'critical'];
const LE_CHAN = { name: 'Lê Chân', lon: 106.683, lat: 20.857, zoom: 15 };
// Far from Lê Chân (Cát Bà, ~40 km away): used to check that search really moves the map.
const AWAY = { lon: 107.05, lat: 20.75, zoom: 13 };
const IDLE_SELECTOR = '#map[data-idle="true"]';
const VIEWPORT = { width: 1440, height: 900 };
const OUT_DIR = resolve(REPO_ROOT, 'tests', 'output');

const argv = process.argv.slice(2);
function flag(name) {
  const i = argv.indexOf(name);
  if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(name + '='));
  return eq ? eq.slice(name.length + 1) : undefined;
}
const GREP = flag('--grep');
const DIST_DIR = resolve(flag('--dist') ?? process.env.HATANG_DIST_DIR ?? DEFAULT_DIST_DIR);
const DATA_DIR = resolve(flag('--data') ?? process.env.HATANG_DATA_DIR ?? DEFAULT_DATA_DIR);
const TEST_TIMEOUT_MS = Number(process.env.HATANG_E2E_TEST_TIMEOUT_S ?? 180) * 1000;
const DEADLINE_MS = Number(process.env.HATANG_E2E_DEADLINE_S ?? 720) * 1000;
const STARTED = Date.now();

// ---------------------------------------------------------------------------------------------
// Small utilities

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nfc = (s) => String(s ?? '').normalize('NFC');
const note = (msg) => console.log(`# ${msg}`);

class TimeoutError extends Error {}
function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function findChromium() {
  const env = process.env.HATANG_CHROMIUM;
  if (env) return env;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const p = execSync(`command -v ${name}`, { shell: '/bin/sh', encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (p) return p;
    } catch {
      /* try the next name */
    }
  }
  throw new Error('Chromium not found (`command -v chromium` is empty); install it with `apt-get install -y chromium`');
}

/** Is this URL allowed to load? Only loopback http(s)/ws(s), plus data:, blob:, about:. */
function isLocalUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return false;
  return u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
}

// ---------------------------------------------------------------------------------------------
// Minimal PNG decoder (8-bit greyscale/RGB/RGBA, non-interlaced: what Chromium screenshots are),
// used to check that the map canvas actually shows something.

function decodePng(buf) {
  const sig = '89504e470d0a1a0a';
  assert(buf.subarray(0, 8).toString('hex') === sig, 'not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  let interlace = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8];
      colorType = data[9];
      interlace = data[12];
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  assert(depth === 8 && channels && interlace === 0, `unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[dst + x - channels] : 0;
      const b = y > 0 ? px[dst - stride + x] : 0;
      const c = x >= channels && y > 0 ? px[dst - stride + x - channels] : 0;
      let v = raw[src + x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[dst + x] = v & 0xff;
    }
  }
  return { width, height, channels, px };
}

/** Colour statistics of a PNG: distinct RGB colours and the share of the most common one. */
function imageStats(pngBuf) {
  const { width, height, channels, px } = decodePng(pngBuf);
  const counts = new Map();
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    const rgb = channels >= 3 ? (px[o] << 16) | (px[o + 1] << 8) | px[o + 2] : px[o] * 0x010101;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  return { width, height, distinct: counts.size, dominantShare: n ? top / n : 1, pixels: px };
}

// ---------------------------------------------------------------------------------------------
// Reference data read straight from the dataset (for checks the app cannot fake)

let refCache;
async function referenceData() {
  if (refCache) return refCache;
  refCache = { manifest: null, leChanSiteIds: null, problems: [] };
  try {
    refCache.manifest = JSON.parse(readFileSync(resolve(DATA_DIR, 'manifest.json'), 'utf8'));
  } catch (err) {
    refCache.problems.push(`manifest.json unreadable: ${err.message}`);
  }
  try {
    const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
    const read = async (file) => {
      const out = [];
      for await (const f of deserialize(new Uint8Array(readFileSync(resolve(DATA_DIR, file))))) out.push(f);
      return out;
    };
    const communes = await read('communes.fgb');
    const ward = communes.find((f) => nfc(f.properties?.short_name) === LE_CHAN.name || nfc(f.properties?.name).endsWith(LE_CHAN.name));
    if (!ward) throw new Error(`no commune named ${LE_CHAN.name} in communes.fgb`);
    const code = String(ward.properties.code);
    const sites = await read('sites.fgb');
    refCache.leChanSiteIds = sites.filter((f) => String(f.properties?.commune_code) === code).map((f) => String(f.properties.id));
    if (refCache.leChanSiteIds.length === 0) throw new Error(`no sites with commune_code ${code}`);
  } catch (err) {
    refCache.problems.push(`cannot list the sites of ${LE_CHAN.name} from the dataset: ${err.message}`);
  }
  return refCache;
}

// ---------------------------------------------------------------------------------------------
// Browser session: one page shared by the cases, reopened when a case leaves it broken

const events = []; // { kind, text } — any entry recorded during a case fails that case
let browser;
let context;
let server;
const app = { page: null, pending: null, loading: null, broken: false, loadError: null, loadMs: 0 };

function record(kind, text) {
  events.push({ kind, text: String(text).slice(0, 500) });
}

async function setupContext() {
  const executablePath = findChromium();
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
    ],
  });
  note(`browser: ${executablePath} ${browser.version()}`);
  context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  // Requests from dedicated workers bypass page.route; the context route blocks them too.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    record('external-request', `${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  // Safety net: record anything that still goes out (e.g. service-worker fetches).
  context.on('request', (req) => {
    if (!isLocalUrl(req.url())) record('external-request', `${req.method()} ${req.url()}`);
  });
  await context.routeWebSocket(
    (url) => !isLocalUrl(url.href),
    (ws) => {
      record('external-request', `WebSocket ${ws.url()}`);
      ws.close();
    },
  );
}

async function openPage() {
  const page = await context.newPage();
  const seen = new Set();
  const onConsole = (where) => (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const body = `${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`;
    if (seen.has(body)) return; // a worker's message arrives through both page and worker
    seen.add(body);
    setTimeout(() => seen.delete(body), 1000);
    record('console-error', `${where}console.error: ${body}`);
  };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    record('external-request', `${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('console', onConsole(''));
  page.on('worker', (w) => w.on('console', onConsole('worker ')));
  page.on('pageerror', (err) => record('pageerror', `${err.name}: ${err.message}`));
  page.on('crash', () => record('crash', 'page crashed'));
  page.on('response', (res) => {
    if (res.status() >= 400 && isLocalUrl(res.url())) record('http', `HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('dialog', (d) => {
    record('dialog', `unexpected ${d.type()} dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return page;
}

/** The shared app page, loaded and idle. Loads it on first use (or after a broken case). */
async function getApp() {
  if (app.page && !app.broken) return app.page;
  if (app.loadError) throw new Error(`app did not load earlier: ${app.loadError}`);
  app.loading ??= loadApp().finally(() => {
    app.loading = null;
  });
  return app.loading;
}

async function loadApp() {
  if (app.page) await app.page.close().catch(() => {});
  app.page = null;
  app.broken = false;
  const page = await openPage();
  app.pending = page;
  const t0 = Date.now();
  try {
    await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector(IDLE_SELECTOR, { timeout: 120000, state: 'attached' });
    await page.waitForFunction(() => typeof window.__hatang === 'object' && window.__hatang !== null, null, { timeout: 10000 });
  } catch (err) {
    app.loadError ??= err.message.split('\n')[0];
    app.pending = null;
    const loading = await page
      .locator('[data-testid="loading"]')
      .first()
      .innerText({ timeout: 1000 })
      .catch(() => null);
    await page.screenshot({ path: resolve(OUT_DIR, 'load-failure.png') }).catch(() => {});
    await page.close().catch(() => {});
    throw new Error(`app did not become idle: ${app.loadError}${loading ? ` (loading indicator says: ${loading.replace(/\s+/g, ' ').slice(0, 200)})` : ''}`);
  }
  app.loadMs = Date.now() - t0;
  app.pending = null;
  if (app.loadError) {
    // The case that asked for the page timed out meanwhile; later cases fail fast.
    await page.close().catch(() => {});
    throw new Error(`app did not load earlier: ${app.loadError}`);
  }
  app.page = page;
  return page;
}

/** Calls window.__hatang[name](...args) in the page, awaiting promises, with a timeout. */
async function hook(page, name, ...args) {
  return withTimeout(
    page.evaluate(
      async ([n, a]) => {
        const h = window.__hatang;
        if (!h || typeof h[n] !== 'function') throw new Error(`window.__hatang.${n} is not a function`);
        return await h[n](...a);
      },
      [name, args],
    ),
    60000,
    `__hatang.${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`,
  );
}

/** Waits for two animation frames and the idle marker: "the map has caught up". */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  await page.waitForSelector(IDLE_SELECTOR, { timeout: 60000, state: 'attached' });
}

async function ensureLang(page, lang) {
  const cur = await page.evaluate(() => document.documentElement.lang);
  if (cur.toLowerCase().startsWith(lang)) return;
  await page.locator('[data-testid="lang-toggle"]').click();
  await page.waitForFunction((l) => document.documentElement.lang.toLowerCase().startsWith(l), lang, { timeout: 10000 });
}

/**
 * Page (viewport CSS pixel) coordinates of a feature, or null when it is not on the map.
 * screenOf() may return a promise; its [x, y] are viewport coordinates (what the app's hook
 * returns: canvas rect offset + map.project), and must fall inside the #map rectangle.
 */
async function featurePagePoint(page, layerId, featureId) {
  const r = await page.evaluate(
    async ([l, id]) => {
      const p = await window.__hatang.screenOf(l, id);
      const m = document.querySelector('#map').getBoundingClientRect();
      return { p, m: { left: m.left, top: m.top, right: m.right, bottom: m.bottom } };
    },
    [layerId, featureId],
  );
  if (!r.p) return null;
  const [x, y] = r.p;
  if (!(Number.isFinite(x) && Number.isFinite(y) && x >= r.m.left && y >= r.m.top && x <= r.m.right && y <= r.m.bottom)) return null;
  return { x, y };
}

/** How many of the given features are on the map right now. */
async function countOnScreen(page, layerId, ids) {
  return page.evaluate(
    async ([l, list]) => {
      const m = document.querySelector('#map').getBoundingClientRect();
      const pts = await Promise.all(list.map((id) => window.__hatang.screenOf(l, id)));
      return pts.filter((p) => p && p[0] >= m.left && p[1] >= m.top && p[0] <= m.right && p[1] <= m.bottom).length;
    },
    [layerId, ids],
  );
}

/** A PNG of the map canvas alone: every other element is hidden for the shot. */
async function mapCanvasShot(page, path) {
  const rect = await page.evaluate(() => {
    const r = document.querySelector('#map').getBoundingClientRect();
    return { x: Math.max(0, r.left), y: Math.max(0, r.top), width: Math.min(r.width, innerWidth - Math.max(0, r.left)), height: Math.min(r.height, innerHeight - Math.max(0, r.top)) };
  });
  assert(rect.width > 10 && rect.height > 10, `#map is too small to see (${rect.width}x${rect.height})`);
  const style = await page.addStyleTag({
    content: 'body * { visibility: hidden !important; } #map canvas { visibility: visible !important; }',
  });
  try {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    return await page.screenshot({ clip: rect, path, animations: 'disabled', caret: 'hide' });
  } finally {
    await style.evaluate((el) => el.remove());
  }
}

/** Opens the inspector of a visible site (used by two cases). Returns the site id. */
async function openSiteInspector(page) {
  await hook(page, 'flyTo', LE_CHAN.lon, LE_CHAN.lat, LE_CHAN.zoom);
  await settle(page);
  const id = await hook(page, 'firstVisible', 'sites');
  assert(id !== null && id !== undefined, `firstVisible('sites') is null at ${LE_CHAN.name} (z${LE_CHAN.zoom})`);
  const pt = await featurePagePoint(page, 'sites', id);
  assert(pt, `screenOf('sites', ${JSON.stringify(id)}) is null or outside the map`);
  const cover = await page.evaluate(({ x, y }) => {
    const e = document.elementFromPoint(x, y);
    const map = document.querySelector('#map');
    if (e && map.contains(e) && !e.closest('.maplibregl-control-container, .maplibregl-popup')) return null;
    if (!e) return 'nothing';
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''}${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`;
  }, pt);
  assert(cover === null, `site ${id} at (${Math.round(pt.x)}, ${Math.round(pt.y)}) is covered by ${cover}`);
  await page.mouse.click(pt.x, pt.y);
  const inspector = page.locator('[data-testid="inspector"]');
  await inspector.waitFor({ state: 'visible', timeout: 15000 }).catch(() => {
    throw new Error(`clicking site ${id} at (${Math.round(pt.x)}, ${Math.round(pt.y)}) opened no visible [data-testid=inspector]`);
  });
  const idEl = inspector.locator('[data-testid="inspector-id"]');
  const want = String(id);
  const deadline = Date.now() + 10000;
  let got = null;
  while (Date.now() < deadline) {
    got = await idEl.first().textContent({ timeout: 2000 }).catch(() => null);
    if (got !== null && got.trim() === want) break;
    await sleep(200);
  }
  assert(got !== null && got.trim() === want, `inspector-id is ${JSON.stringify(got?.trim() ?? null)}, expected ${JSON.stringify(want)}`);
  return want;
}

// ---------------------------------------------------------------------------------------------
// Test cases

const cases = [];
const test = (name, fn) => cases.push({ name, fn });

test('server serves the app and the dataset (types, Range, 404s, SPA fallback)', async () => {
  const get = (path, init) => fetch(new URL(path, server.url), init);
  let r = await get('/');
  assert(r.status === 200 && /text\/html/.test(r.headers.get('content-type')), `/ -> ${r.status} ${r.headers.get('content-type')}`);
  r = await get('/some/client/route');
  assert(r.status === 200 && /text\/html/.test(r.headers.get('content-type')), `SPA fallback -> ${r.status}`);
  r = await get('/assets/definitely-missing.js');
  assert(r.status === 404, `missing asset -> ${r.status}, expected 404`);
  r = await get('/data/manifest.json');
  assert(r.status === 200 && /application\/json/.test(r.headers.get('content-type')), `/data/manifest.json -> ${r.status} ${r.headers.get('content-type')}`);
  const manifest = await r.json();
  const file = manifest.layers?.find((l) => l.id === 'sites')?.file ?? 'sites.fgb';
  r = await get(`/data/${file}`, { headers: { Range: 'bytes=0-7' } });
  const head = Buffer.from(await r.arrayBuffer());
  assert(r.status === 206, `Range request -> ${r.status}, expected 206`);
  assert(r.headers.get('content-type') === 'application/octet-stream', `.fgb content-type ${r.headers.get('content-type')}`);
  assert(head.length === 8 && head.subarray(0, 3).toString('latin1') === 'fgb', `Range bytes 0-7 of ${file} are not a FlatGeobuf header`);
  assert(/^bytes 0-7\/\d+$/.test(r.headers.get('content-range') ?? ''), `content-range ${r.headers.get('content-range')}`);
  r = await get('/data/no-such-layer.fgb');
  assert(r.status === 404, `missing data file -> ${r.status}, expected 404 (never index.html)`);
  r = await get('/data/%2e%2e/%2e%2e/package.json');
  assert(r.status === 404 || r.status === 400, `path traversal -> ${r.status}`);
  const html = await (await get('/')).text();
  const external = [...html.matchAll(/(?:src|href)\s*=\s*["']((?:https?:)?\/\/[^"']+)/gi)].map((m) => m[1]).filter((u) => !isLocalUrl(u.startsWith('//') ? 'http:' + u : u));
  assert(external.length === 0, `index.html references remote URLs: ${external.join(', ')}`);
});

test('opens offline, reaches idle and draws the map', async () => {
  const page = await getApp();
  note(`app idle after ${(app.loadMs / 1000).toFixed(1)} s (navigation to data-idle)`);
  const stats = await hook(page, 'stats');
  assert(stats && typeof stats === 'object', 'stats() returned nothing');
  note(`stats(): loadMs=${stats.loadMs} idleMs=${stats.idleMs} layers=${JSON.stringify(stats.layers)}`);
  const canvases = await page.locator('#map canvas').count();
  assert(canvases > 0, 'no <canvas> inside #map');
  const png = await mapCanvasShot(page, resolve(OUT_DIR, 'map.png'));
  const s = imageStats(png);
  note(`map canvas ${s.width}x${s.height}: ${s.distinct} distinct colours, dominant colour ${(s.dominantShare * 100).toFixed(1)} %, PNG ${(png.length / 1024).toFixed(0)} KB`);
  assert(s.distinct >= 16, `map canvas looks blank: only ${s.distinct} distinct colours`);
  assert(s.dominantShare <= 0.97, `map canvas looks blank: one colour covers ${(s.dominantShare * 100).toFixed(1)} % of it`);
});

test('layer panel lists every layer with a count, legend is visible, sites toggle works', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const panel = page.locator('[data-testid="layer-panel"]');
  await panel.waitFor({ state: 'visible', timeout: 10000 });
  const stats = await hook(page, 'stats');
  const { manifest } = await referenceData();
  const problems = [];
  for (const id of LAYER_IDS) {
    const row = panel.locator(`[data-testid="layer-row-${id}"]`);
    if ((await row.count()) !== 1) {
      problems.push(`${id}: ${await row.count()} rows`);
      continue;
    }
    if ((await row.locator('input[type=checkbox]').count()) < 1) problems.push(`${id}: no checkbox`);
    const countText = nfc(await row.locator('[data-testid="layer-count"]').first().innerText({ timeout: 5000 }).catch(() => ''));
    // Lenient parse (any grouping), then a separate check of the Vietnamese format below.
    const m = /\d[\d.,\u00a0\u202f ]*/.exec(countText);
    const shown = m ? Number(m[0].replace(/[^\d]/g, '')) : NaN;
    if (!(shown > 0)) {
      problems.push(`${id}: count ${JSON.stringify(countText)} is not a number > 0`);
      continue;
    }
    const expected = manifest?.layers?.find((l) => l.id === id)?.count;
    if (expected !== undefined && shown !== expected) problems.push(`${id}: panel shows ${shown}, dataset has ${expected}`);
    const loaded = stats?.layers?.[id];
    if (loaded !== undefined && loaded !== shown) problems.push(`${id}: panel shows ${shown}, stats() says ${loaded}`);
    if (shown >= 1000) {
      const viText = new Intl.NumberFormat('vi-VN').format(shown);
      if (!countText.includes(viText)) problems.push(`${id}: count ${JSON.stringify(countText)} is not in Vietnamese format (${viText})`);
    }
  }
  assert(problems.length === 0, problems.join('; '));

  const legend = page.locator('[data-testid="legend"]');
  assert(await legend.isVisible(), 'legend is not visible');
  const legendContent = await legend.evaluate((el) => el.textContent.trim().length + el.querySelectorAll('svg, img, canvas, i, span').length);
  assert(legendContent > 0, 'legend is empty');

  // Toggle sites off and on: the checkbox follows, the map redraws, nothing errors.
  const row = panel.locator('[data-testid="layer-row-sites"]');
  const box = row.locator('input[type=checkbox]').first();
  const clickBox = async () => {
    if (await box.isVisible()) await box.click();
    else await row.locator('label').first().click();
  };
  const visibleSite = await hook(page, 'firstVisible', 'sites');
  const before = await box.isChecked();
  if (!before) {
    await clickBox();
    await page.waitForFunction((el) => el.checked, await box.elementHandle(), { timeout: 5000 });
    await settle(page);
  }
  const shotOn = await mapCanvasShot(page);
  await clickBox();
  await page.waitForFunction((el) => !el.checked, await box.elementHandle(), { timeout: 5000 }).catch(() => {
    throw new Error('sites checkbox did not become unchecked after a click');
  });
  await settle(page);
  if (visibleSite !== null && visibleSite !== undefined) {
    // Sites are on screen, so hiding them must change the picture (give the renderer ~8 s).
    let changed = false;
    for (let i = 0; i < 16 && !changed; i++) {
      const shotOff = await mapCanvasShot(page);
      changed = !shotOff.equals(shotOn);
      if (!changed) await sleep(500);
    }
    assert(changed, 'hiding the sites layer did not change the map picture');
  } else {
    note('no site visible in the initial view; skipped the picture comparison for the toggle');
  }
  await clickBox();
  await page.waitForFunction((el) => el.checked, await box.elementHandle(), { timeout: 5000 }).catch(() => {
    throw new Error('sites checkbox did not become checked again after a second click');
  });
  await settle(page);
});

test('clicking a site opens its inspector', async () => {
  const page = await getApp();
  const id = await openSiteInspector(page);
  const text = nfc(await page.locator('[data-testid="inspector"]').innerText());
  assert(text.replace(id, '').trim().length > 0, 'inspector shows the id but no attributes');
  await page.screenshot({ path: resolve(OUT_DIR, 'inspector.png') });
  note(`inspector opened for ${id}`);
});

test('language toggle switches the interface', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const inspector = page.locator('[data-testid="inspector"]');
  // The inspector labels are checked too; if no inspector can be opened, the rest still runs.
  let inspectorProblem = null;
  if (!(await inspector.isVisible())) await openSiteInspector(page).catch((err) => (inspectorProblem = err.message));
  const withInspector = inspectorProblem === null;
  const title = page.locator('[data-testid="layer-panel-title"]');
  const read = async () => ({
    lang: await page.evaluate(() => document.documentElement.lang),
    // textContent, not innerText: the title may be styled with text-transform: uppercase.
    title: nfc(await title.textContent({ timeout: 5000 })).trim(),
    inspectorId: withInspector ? nfc(await inspector.locator('[data-testid="inspector-id"]').first().textContent({ timeout: 5000 })).trim() : null,
    inspector: withInspector ? nfc(await inspector.innerText({ timeout: 5000 })) : null,
  });
  const vi = await read();
  assert(vi.lang === 'vi', `documentElement.lang is ${JSON.stringify(vi.lang)}, expected "vi"`);
  assert(vi.title === 'Lớp dữ liệu', `Vietnamese panel title is ${JSON.stringify(vi.title)}`);
  await page.screenshot({ path: resolve(OUT_DIR, 'app-vi.png') });

  await page.locator('[data-testid="lang-toggle"]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 10000 }).catch(async () => {
    throw new Error(`after the toggle documentElement.lang is ${JSON.stringify(await page.evaluate(() => document.documentElement.lang))}, expected "en"`);
  });
  await page.waitForFunction((t) => document.querySelector('[data-testid="layer-panel-title"]')?.textContent?.trim() !== t, vi.title, { timeout: 5000 }).catch(() => {});
  const en = await read();
  assert(en.title === 'Layers', `English panel title is ${JSON.stringify(en.title)}`);
  if (withInspector) {
    assert(en.inspectorId === vi.inspectorId, `inspector changed feature on language switch (${vi.inspectorId} -> ${en.inspectorId})`);
    assert(en.inspector !== vi.inspector, 'inspector labels did not change with the language');
  }
  await page.screenshot({ path: resolve(OUT_DIR, 'app-en.png') });

  await page.locator('[data-testid="lang-toggle"]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi', null, { timeout: 10000 });
  const back = await read();
  assert(back.title === vi.title, `title after switching back is ${JSON.stringify(back.title)}`);
  assert(withInspector, `lang and panel title switch, but inspector labels were not checked: ${inspectorProblem}`);
});

test('search finds Lê Chân and Enter flies there', async () => {
  const page = await getApp();
  const ref = await referenceData();
  for (const p of ref.problems) note(p);
  await hook(page, 'flyTo', AWAY.lon, AWAY.lat, AWAY.zoom);
  await settle(page);
  const awaySite = await hook(page, 'firstVisible', 'sites');
  const ids = ref.leChanSiteIds;
  if (ids) {
    const n = await countOnScreen(page, 'sites', ids);
    assert(n === 0, `test setup: ${n} ${LE_CHAN.name} sites already on screen at the far-away view`);
  }

  const input = page.locator('[data-testid="search"]');
  await input.click();
  await input.fill(LE_CHAN.name);
  const results = page.locator('[data-testid="search-result"]');
  await results.first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
    throw new Error(`typing "${LE_CHAN.name}" showed no [data-testid=search-result]`);
  });
  const texts = (await results.allInnerTexts()).map(nfc);
  assert(texts.some((t) => t.toLowerCase().includes(LE_CHAN.name.toLowerCase())), `no search result mentions ${LE_CHAN.name}: ${JSON.stringify(texts.slice(0, 5))}`);
  note(`${texts.length} search result(s), first: ${JSON.stringify(texts[0])}`);

  await input.press('Enter');
  // Wait for the flight to end: idle, and the on-screen state stable over consecutive polls.
  const deadline = Date.now() + 45000;
  let last = null;
  let stable = 0;
  let state = null;
  while (Date.now() < deadline && stable < 3) {
    await sleep(400);
    const idle = await page.locator(IDLE_SELECTOR).count();
    state = {
      leChan: ids ? await countOnScreen(page, 'sites', ids) : null,
      away: awaySite !== null && awaySite !== undefined ? await countOnScreen(page, 'sites', [awaySite]) : null,
    };
    const sig = JSON.stringify(state);
    stable = idle && sig === last && (state.leChan ?? 1) > 0 ? stable + 1 : 0;
    last = sig;
  }
  assert(state !== null, 'no state read after Enter');
  if (ids) assert(state.leChan > 0, `after Enter none of the ${ids.length} ${LE_CHAN.name} sites is on screen`);
  else assert(state.away === 0, 'after Enter the map did not move away from the previous view');
  note(`after Enter: ${state.leChan ?? '?'} ${LE_CHAN.name} site(s) on screen`);
});

test('attribution shows OpenStreetMap and the synthetic-data notice', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const attribution = page.locator('[data-testid="attribution"]').first();
  if (!(await attribution.isVisible())) {
    const toggle = page.locator('[data-testid="attribution-toggle"]');
    assert((await toggle.count()) > 0, 'no visible [data-testid=attribution] and no [data-testid=attribution-toggle]');
    await toggle.first().click();
    await attribution.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {
      throw new Error('attribution-toggle did not show [data-testid=attribution]');
    });
  }
  // What is rendered (innerText), compared case-insensitively (CSS may uppercase it).
  const text = nfc(await attribution.innerText()).toLowerCase();
  assert(text.includes('openstreetmap'), 'attribution does not mention OpenStreetMap');
  assert(text.includes('tổng hợp'), 'attribution lacks the synthetic-data notice ("tổng hợp")');
});

test('findings panel lists the demo plan findings and clicking one moves the map there', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  await hook(page, 'flyTo', AWAY.lon, AWAY.lat, AWAY.zoom);
  await settle(page);
  await page.click('[data-testid="tab-analysis"]');
  try {
    const panel = page.locator('[data-testid="findings-panel"]');
    await panel.waitFor({ state: 'visible', timeout: 10000 });
    const first = page.locator('[data-testid="finding-group-R1-error"] [data-testid="finding"]').first();
    await first.waitFor({ state: 'visible', timeout: 60000 }).catch(() => {
      throw new Error('no R1 violation listed in [data-testid=finding-group-R1-error] within 60 s');
    });
    const nR1 = await page.locator('[data-testid="finding-group-R1-error"] [data-testid="finding"]').count();
    assert(nR1 >= 3, `expected the demo plan's planned sites near existing ones (>= 3 R1 violations), got ${nR1}`);
    const text = nfc(await first.innerText());
    assert(/dùng chung trạm/.test(text), `R1 finding text lacks "dùng chung trạm": ${JSON.stringify(text)}`);
    for (const g of ['R6-error', 'R9-warning']) assert((await page.locator(`[data-testid="finding-group-${g}"]`).count()) === 1, `no ${g} group for the demo plan`);
    const rows = await page.locator('[data-testid="corridor-table"] tbody tr').count();
    const stats = await hook(page, 'analysis');
    assert(rows === stats.corridors && rows >= 6, `corridor table has ${rows} rows, analysis reports ${stats.corridors}`);
    const id = await first.getAttribute('data-finding-id');
    const lon = Number(await first.getAttribute('data-lon'));
    const lat = Number(await first.getAttribute('data-lat'));
    const before = await hook(page, 'center');
    await first.locator('button').click();
    const deadline = Date.now() + 30000;
    let c = before;
    let a = null;
    while (Date.now() < deadline) {
      await sleep(300);
      c = await hook(page, 'center');
      a = await hook(page, 'analysis');
      const dx = (c[0] - lon) * 104000;
      const dy = (c[1] - lat) * 110600;
      if (Math.hypot(dx, dy) < 30 && a.selected === id && a.highlight >= 2) break;
    }
    const moved = Math.hypot((c[0] - before[0]) * 104000, (c[1] - before[1]) * 110600);
    const off = Math.hypot((c[0] - lon) * 104000, (c[1] - lat) * 110600);
    assert(off < 30, `after clicking finding ${id} the map centre is ${Math.round(off)} m from it (moved ${Math.round(moved)} m)`);
    assert(moved > 1000, `the map moved only ${Math.round(moved)} m`);
    assert(a && a.selected === id, `selected finding is ${a?.selected}, expected ${id}`);
    assert(a.highlight >= 2, `finding ${id} highlights ${a.highlight} feature(s), expected the planned and the existing site`);
    await settle(page);
    await page.screenshot({ path: resolve(OUT_DIR, 'findings.png') });
    note(`${stats.findings} findings; clicked ${id}, centre now ${Math.round(off)} m from it`);
  } finally {
    await page.click('[data-testid="tab-map"]').catch(() => {});
  }
});

// ---------------------------------------------------------------------------------------------
// Plan editor: drawing, sharing findings, attribute forms, undo/redo, autosave, plan files.
// These cases build on each other (the site placed in one is edited in the next) and share
// `editor`. Each leaves the app on the map tab, the select tool and the year 2040.

const editor = { ref: null, corridorId: null, siteId: null, siteHeight: null, editedHeight: null };
const M_PER_DEG_LAT = 110574;
const mPerDegLon = (lat) => 111320 * Math.cos((lat * Math.PI) / 180);
const metres = (a, b) => Math.hypot((a[0] - b[0]) * mPerDegLon((a[1] + b[1]) / 2), (a[1] - b[1]) * M_PER_DEG_LAT);
const lerpLL = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

function pointSegmentM(p, a, b) {
  const ml = mPerDegLon(p[1]);
  const ax = (a[0] - p[0]) * ml;
  const ay = (a[1] - p[1]) * M_PER_DEG_LAT;
  const vx = (b[0] - p[0]) * ml - ax;
  const vy = (b[1] - p[1]) * M_PER_DEG_LAT - ay;
  const l2 = vx * vx + vy * vy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, (-ax * vx - ay * vy) / l2)) : 0;
  return Math.hypot(ax + t * vx, ay + t * vy);
}

function ringContains(ring, [x, y]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function polygonContains(g, p) {
  const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
  return polys.some((poly) => ringContains(poly[0], p) && !poly.slice(1).some((hole) => ringContains(hole, p)));
}

/**
 * Where to draw and place, read from the dataset: a straight duct segment (300-900 m, in a
 * ward, far from the demo plan, no site/pole/station near its ends to snap to) and an
 * existing ward site with a spot 40 m away that is in the same ward and has no other site
 * within 120 m. Nearest to Lê Chân first, so the choice is stable.
 */
async function editorReference() {
  if (editor.ref) return editor.ref;
  const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  const read = async (file) => {
    const out = [];
    for await (const f of deserialize(new Uint8Array(readFileSync(resolve(DATA_DIR, file))))) out.push(f);
    return out;
  };
  const communes = await read('communes.fgb');
  const communeAt = (p) => communes.find((c) => polygonContains(c.geometry, p));
  const byCode = new Map(communes.map((c) => [String(c.properties.code), c]));
  const demo = JSON.parse(readFileSync(resolve(DATA_DIR, 'demo-plan.geojson'), 'utf8'));
  const planSegs = [];
  const planPts = [];
  for (const f of demo.features ?? []) {
    const g = f.geometry;
    if (g?.type === 'LineString') for (let i = 1; i < g.coordinates.length; i++) planSegs.push([g.coordinates[i - 1], g.coordinates[i]]);
    else if (g?.type === 'Point') planPts.push(g.coordinates);
  }
  const nearPlan = (p, r) => planPts.some((q) => metres(p, q) < r) || planSegs.some(([a, b]) => pointSegmentM(p, a, b) < r);
  const sites = await read('sites.fgb');
  const snapPoints = [...sites, ...(await read('poles.fgb')), ...(await read('stations.fgb'))].map((f) => f.geometry.coordinates);
  const here = [LE_CHAN.lon, LE_CHAN.lat];

  const ducts = [];
  for (const d of await read('ducts.fgb')) {
    const c = d.geometry?.coordinates;
    if (d.geometry?.type !== 'LineString' || c.length < 2) continue;
    const [a, b] = c;
    const length = metres(a, b);
    if (length < 300 || length > 900) continue;
    const mid = lerpLL(a, b, 0.5);
    if (communeAt(mid)?.properties.type !== 'phuong' || nearPlan(mid, 1000)) continue;
    const from = lerpLL(a, b, 0.1);
    const to = lerpLL(a, b, 0.9);
    if (snapPoints.some((q) => metres(q, from) < 40 || metres(q, to) < 40)) continue;
    ducts.push({ id: String(d.properties.id), from, to, mid, length, away: metres(mid, here) });
  }
  ducts.sort((x, y) => x.away - y.away);

  const spots = [];
  for (const s of sites) {
    const ward = byCode.get(String(s.properties.commune_code));
    if (ward?.properties.type !== 'phuong' || s.properties.status === 'planned') continue;
    const p = s.geometry.coordinates;
    if (nearPlan(p, 500)) continue;
    for (let k = 0; k < 8; k++) {
      const ang = (k * Math.PI) / 4;
      const at = [p[0] + (40 * Math.cos(ang)) / mPerDegLon(p[1]), p[1] + (40 * Math.sin(ang)) / M_PER_DEG_LAT];
      if (String(communeAt(at)?.properties.code) !== String(ward.properties.code)) continue;
      if (sites.some((o) => o !== s && metres(o.geometry.coordinates, at) < 120)) continue;
      spots.push({ siteId: String(s.properties.id), owner: String(s.properties.owner), ward: String(ward.properties.name), site: p, at, away: metres(p, here) });
      break;
    }
  }
  spots.sort((x, y) => x.away - y.away);
  assert(ducts.length > 0, 'test setup: no straight ward duct segment of 300-900 m away from the demo plan in ducts.fgb');
  assert(spots.length > 0, 'test setup: no ward site with a free spot 40 m away in sites.fgb');
  editor.ref = { duct: ducts[0], spot: spots[0] };
  return editor.ref;
}

/** Polls `fn` (async) until it returns a truthy value; throws `message()` after `ms`. */
async function until(fn, ms, message, every = 250) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(typeof message === 'function' ? await message() : message);
    await sleep(every);
  }
}

/** Lap times for the diagnostics line of a case: lap('what') records the time since the last lap. */
function laps() {
  let t = Date.now();
  const list = [];
  const lap = (what) => {
    const now = Date.now();
    list.push(`${what} ${((now - t) / 1000).toFixed(1)}`);
    t = now;
  };
  lap.toString = () => list.join(', ') + ' s';
  return lap;
}

/** Page coordinates of a lon/lat (the `project` hook), checked to be on the uncovered map. */
async function mapPoint(page, lon, lat) {
  const r = await page.evaluate(
    ([x0, y0]) => {
      const [x, y] = window.__hatang.project(x0, y0);
      const m = document.querySelector('#map').getBoundingClientRect();
      const inside = x >= m.left + 2 && y >= m.top + 2 && x <= m.right - 2 && y <= m.bottom - 2;
      const e = inside ? document.elementFromPoint(x, y) : null;
      const covered = !inside ? 'outside #map' : !e ? 'nothing' : document.querySelector('#map').contains(e) && !e.closest('.maplibregl-control-container, .maplibregl-popup') ? null : `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''}${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`;
      return { x, y, covered };
    },
    [lon, lat],
  );
  assert(r.covered === null, `map point ${lon.toFixed(6)}, ${lat.toFixed(6)} at (${Math.round(r.x)}, ${Math.round(r.y)}) is covered: ${r.covered}`);
  return { x: r.x, y: r.y };
}

/** The plan as autosaved in IndexedDB (database hatang, store plans, key plan:<id>), or null. */
async function storedPlan(page, planId, featureId) {
  return page.evaluate(
    ([pid, fid]) =>
      new Promise((res, rej) => {
        const req = indexedDB.open('hatang');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('plans')) {
            db.close();
            res(null);
            return;
          }
          const get = db.transaction('plans', 'readonly').objectStore('plans').get(`plan:${pid}`);
          get.onerror = () => {
            db.close();
            rej(get.error);
          };
          get.onsuccess = () => {
            db.close();
            const v = get.result;
            if (!v?.doc) return res(null);
            const f = fid ? v.doc.features.find((x) => String(x.properties.id) === fid) : null;
            res({
              ids: v.doc.features.map((x) => String(x.properties.id)),
              geometries: v.doc.features.map((x) => ({ id: String(x.properties?.id), geometry: x.geometry })),
              past: v.history?.past?.length ?? 0,
              future: v.history?.future?.length ?? 0,
              props: f ? f.properties : null,
            });
          };
        };
      }),
    [planId, featureId ?? null],
  );
}

const samePlan = (a, b) => a.id === b.id && a.name === b.name && a.features === b.features && JSON.stringify(a.ids) === JSON.stringify(b.ids) && a.past === b.past && a.future === b.future;
const brief = (p) => `${p.id} (${p.features} features, past ${p.past}, future ${p.future}, last ${p.ids.at(-1)})`;

/**
 * Clicks a control beside the map with the real mouse, without Playwright's wait for a stable
 * box over two animation frames: under SwiftShader a frame of the busy map can take seconds.
 */
async function tap(page, target) {
  const loc = typeof target === 'string' ? page.locator(target) : target;
  await loc.first().waitFor({ state: 'visible', timeout: 10000 });
  await loc.first().click({ force: true, timeout: 10000 });
}

async function openTab(page, tab) {
  await tap(page, `[data-testid="tab-${tab}"]`);
  await page.waitForFunction((t) => document.querySelector(`[data-testid="tab-${t}"]`)?.getAttribute('aria-selected') === 'true', tab, { timeout: 10000, polling: 100 });
}

/** What each editor case leaves behind: map tab, select tool, year 2040. */
async function editorHome(page) {
  await tap(page, '[data-testid="tool-select"]').catch(() => {});
  await tap(page, '[data-testid="year-2040"]').catch(() => {});
  await tap(page, '[data-testid="tab-map"]').catch(() => {});
}

/** Plan tab with one feature selected through its table row (the filter brings the row into view). */
async function selectInPlanTable(page, id) {
  await openTab(page, 'plan');
  const table = page.locator('[data-testid="plan-table"]');
  await table.waitFor({ state: 'visible', timeout: 10000 });
  await table.locator('input[type=search]').fill(id);
  const row = table.locator(`[data-testid="plan-row"][data-id="${id}"]`);
  await row.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
    throw new Error(`no [data-testid=plan-row][data-id=${id}] in the plan table`);
  });
  await tap(page, row.locator('.pt-id'));
  const form = page.locator('[data-testid="feature-form"]');
  await form.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
    throw new Error(`clicking the plan row of ${id} showed no [data-testid=feature-form]`);
  });
  const head = nfc(await form.locator('h3').innerText());
  assert(head.includes(id), `the feature form is for ${JSON.stringify(head)}, expected ${id}`);
  return { row, form };
}

/** The height field as the form shows it when opened afresh (the plan panel remounted). */
async function reopenedHeight(page, id) {
  await openTab(page, 'map');
  const { form } = await selectInPlanTable(page, id);
  return form.locator('[data-testid="field-height_m"]').inputValue();
}

test('plan editor: draw a corridor along an existing duct: live reuse label, then the corridor table', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const lap = laps();
  const { duct } = await editorReference();
  lap('dataset');
  const before = await hook(page, 'plan');
  try {
    await hook(page, 'flyTo', duct.mid[0], duct.mid[1], 15);
    await settle(page);
    lap('flyTo');
    await tap(page, '[data-testid="tool-corridor"]');
    await until(async () => (await hook(page, 'drawState'))?.mode === 'linestring', 5000, 'tool-corridor did not put terra-draw into linestring mode');
    const a = await mapPoint(page, duct.from[0], duct.from[1]);
    const b = await mapPoint(page, duct.to[0], duct.to[1]);
    await page.mouse.move(a.x, a.y);
    await page.mouse.click(a.x, a.y);
    await until(async () => (await hook(page, 'drawState'))?.state === 'drawing', 15000, async () => `the first click did not start a line: ${JSON.stringify(await hook(page, 'drawState'))}`);
    lap('first point');
    // Move towards the second point in a few steps, as a hand would. Each pointer move redraws
    // the map, which takes a second or two under SwiftShader: keep the steps few.
    const label = page.locator('[data-testid="live-label"]');
    const steps = 4;
    for (let i = 1; i <= steps; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
    lap('moves');
    await label.waitFor({ state: 'visible', timeout: 15000 }).catch(() => {
      throw new Error('no [data-testid=live-label] while drawing a corridor');
    });
    // The label follows the newest geometry: wait for the whole line (its length) before judging.
    const drawn = metres(duct.from, duct.to);
    let pct = NaN;
    let shownM = NaN;
    await until(
      async () => {
        pct = Number(await label.getAttribute('data-reuse-pct').catch(() => NaN));
        const m = /([\d.,]+)\s*(km|m)\b/.exec(nfc(await label.locator('strong').first().innerText().catch(() => '')));
        shownM = !m ? NaN : m[2] === 'km' ? Number(m[1].replace(/\./g, '').replace(',', '.')) * 1000 : Number(m[1].replace(/[.,]/g, ''));
        return shownM > drawn * 0.9 && pct >= 80;
      },
      15000,
      () => `live label shows ${shownM} m with ${pct}% reuse along ${duct.id} (${Math.round(drawn)} m drawn), expected the whole line and >= 80%`,
    );
    lap('drawing with live label');
    const liveText = nfc(await label.innerText()).replace(/\s+/g, ' ');
    await page.screenshot({ path: resolve(OUT_DIR, 'drawing-live.png') });
    await page.mouse.click(b.x, b.y);
    await sleep(250);
    await page.mouse.click(b.x, b.y); // clicking the last point again finishes the line
    const after = await until(
      async () => {
        const p = await hook(page, 'plan');
        return p.ids.length === before.ids.length + 1 ? p : null;
      },
      15000,
      async () => `finishing the line added nothing to the plan (${JSON.stringify(await hook(page, 'drawState'))})`,
    );
    const id = after.ids.find((x) => !before.ids.includes(x));
    assert(/^plan-cor-\d+$/.test(id ?? ''), `the new feature is ${id}, expected plan-cor-NNN`);
    assert(after.past === before.past + 1, `one drawn corridor made ${after.past - before.past} undo step(s)`);
    editor.corridorId = id;
    await label.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {
      throw new Error('the live label stayed after the corridor was finished');
    });
    lap('finish');
    await tap(page, '[data-testid="tool-select"]');
    await openTab(page, 'analysis');
    const short = id.replace(/^plan-/, '');
    const row = page.locator('[data-testid="corridor-table"] tbody tr').filter({ hasText: short });
    await row.first().waitFor({ state: 'visible', timeout: 60000 }).catch(() => {
      throw new Error(`the corridor table does not list ${short} within 60 s`);
    });
    assert((await row.count()) === 1, `${await row.count()} corridor rows mention ${short}`);
    const title = nfc(await row.getAttribute('title'));
    assert(title.includes(id), `corridor row title ${JSON.stringify(title)} does not name ${id}`);
    const cells = (await row.locator('td').allInnerTexts()).map(nfc);
    const reuse = Number(/(\d+)\s*%/.exec(cells[2] ?? '')?.[1]);
    assert(reuse >= 80, `corridor table shows ${JSON.stringify(cells[2])} reuse for ${id}, expected >= 80%`);
    lap('corridor table');
    note(`drew ${id} along ${duct.id} (${Math.round(duct.length * 0.8)} m): live label "${liveText}", table reuse ${reuse}%`);
    note(`timings: ${lap}`);
  } finally {
    await editorHome(page);
  }
});

test('plan editor: place a site near another carrier in a ward: R1 sharing finding', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const { spot } = await editorReference();
  const owner = ['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile'].find((o) => o !== spot.owner);
  const ownerSelect = page.locator('[data-testid="draw-owner"]');
  const ownerBefore = await ownerSelect.inputValue();
  const before = await hook(page, 'plan');
  const lap = laps();
  try {
    await hook(page, 'flyTo', spot.at[0], spot.at[1], 17);
    await settle(page);
    lap('flyTo');
    await ownerSelect.selectOption(owner);
    await tap(page, '[data-testid="tool-site"]');
    await until(async () => (await hook(page, 'drawState'))?.mode === 'point', 5000, 'tool-site did not put terra-draw into point mode');
    await page.locator('[data-testid="site-code"]').waitFor({ state: 'visible', timeout: 5000 });
    const pt = await mapPoint(page, spot.at[0], spot.at[1]);
    await page.mouse.move(pt.x, pt.y);
    await page.mouse.click(pt.x, pt.y);
    const after = await until(
      async () => {
        const p = await hook(page, 'plan');
        return p.ids.length === before.ids.length + 1 ? p : null;
      },
      15000,
      'clicking the map with tool-site added nothing to the plan',
    );
    const id = after.ids.find((x) => !before.ids.includes(x));
    assert(/^plan-site-\d+$/.test(id ?? ''), `the new feature is ${id}, expected plan-site-NNN`);
    editor.siteId = id;
    lap('placed');
    await tap(page, '[data-testid="tool-select"]');

    await openTab(page, 'analysis');
    const finding = page.locator(`[data-testid="finding-group-R1-error"] [data-testid="finding"][data-finding-id*="${id}"]`);
    await finding.first().waitFor({ state: 'visible', timeout: 60000 }).catch(() => {
      throw new Error(`no R1 error finding names ${id} within 60 s`);
    });
    const text = nfc(await finding.first().innerText());
    assert(text.includes(spot.siteId), `the R1 finding for ${id} does not name ${spot.siteId}: ${JSON.stringify(text)}`);
    assert(text.includes(id), `the R1 finding text does not name ${id}: ${JSON.stringify(text)}`);
    assert(/dùng chung trạm/.test(text), `R1 finding text lacks "dùng chung trạm": ${JSON.stringify(text)}`);
    const m = /(\d+)\s*m\s*</.exec(text);
    assert(m && Number(m[1]) >= 25 && Number(m[1]) <= 60, `the finding gives ${m?.[1]} m between ${id} and ${spot.siteId}, expected about 40 m`);
    lap('finding');
    note(`timings: ${lap}`);
    note(`${id} (${owner}) placed ${Math.round(metres(spot.at, spot.site))} m from ${spot.siteId} (${spot.owner}, ${spot.ward}): ${JSON.stringify(text.slice(0, 140))}`);
  } finally {
    await editorHome(page);
    await ownerSelect.selectOption(ownerBefore).catch(() => {});
  }
});

test('plan editor: edit a site attribute: a bad value shows an error and is not stored, a good one is', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const id = editor.siteId;
  assert(id, 'no site from the previous case to edit');
  const lap = laps();
  try {
    const { row, form } = await selectInPlanTable(page, id);
    const ownerCell = nfc(await row.locator('.pt-owner').innerText());
    assert(ownerCell && ownerCell !== editor.ref.spot.owner, `the new site's owner is ${JSON.stringify(ownerCell)}, the same as ${editor.ref.spot.siteId}'s`);
    const field = form.locator('[data-testid="field-height_m"]');
    const error = form.locator('[data-testid="error-height_m"]');
    const original = await field.inputValue();
    assert(original !== '' && Number(original) !== 12, `unexpected initial height ${JSON.stringify(original)}`);
    editor.siteHeight = original;
    assert(!(await error.isVisible()), 'error-height_m shown before any edit');
    const p0 = await hook(page, 'plan');

    await field.fill('-5');
    await error.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
      throw new Error('typing -5 into field-height_m showed no [data-testid=error-height_m]');
    });
    const message = nfc(await error.innerText()).trim();
    assert(message.length > 0, 'error-height_m is empty');
    await sleep(300);
    const p1 = await hook(page, 'plan');
    assert(samePlan(p0, p1), `the invalid height changed the plan: ${brief(p0)} -> ${brief(p1)}`);
    const stored1 = await storedPlan(page, p0.id, id);
    assert(stored1?.props && String(stored1.props.height_m) === original, `stored height after -5 is ${JSON.stringify(stored1?.props?.height_m)}, expected ${original}`);
    lap('checked');
    const shown1 = await reopenedHeight(page, id);
    assert(shown1 === original, `the reopened form shows height ${JSON.stringify(shown1)} after the rejected -5, expected ${original}`);

    lap('rejected -5');
    const field2 = page.locator('[data-testid="feature-form"] [data-testid="field-height_m"]');
    await field2.fill('12');
    await page.locator('[data-testid="feature-form"] [data-testid="error-height_m"]').waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {
      throw new Error('error-height_m is still shown after typing 12');
    });
    const p2 = await until(
      async () => {
        const p = await hook(page, 'plan');
        return p.past === p0.past + 1 ? p : null;
      },
      10000,
      'typing a valid height (12) made no undo step',
    );
    assert(JSON.stringify(p2.ids) === JSON.stringify(p0.ids), 'editing the height changed the plan ids');
    await until(
      async () => String((await storedPlan(page, p0.id, id))?.props?.height_m) === '12',
      10000,
      async () => `autosaved height is ${JSON.stringify((await storedPlan(page, p0.id, id))?.props?.height_m)}, expected 12`,
    );
    // A stored edit replaces the feature, and the form then shows the stored value.
    const shown2 = await field2.inputValue();
    assert(shown2 === '12', `after the edit the form shows height ${JSON.stringify(shown2)}, expected 12`);
    assert(await page.locator('[data-testid="feature-form"]').isVisible(), 'the feature form closed after a valid edit');
    editor.editedHeight = '12';
    lap('saved 12');
    note(`timings: ${lap}`);
    await page.screenshot({ path: resolve(OUT_DIR, 'plan-editor.png') });
    note(`${id}: -5 -> ${JSON.stringify(message)}; height ${original} -> 12 saved`);
  } finally {
    await editorHome(page);
  }
});

/** The site's height as autosaved and (unless `form` is false) in the open form; waits for autosave. */
async function expectHeight(page, id, want, what, form = true) {
  const p = await hook(page, 'plan');
  await until(
    async () => String((await storedPlan(page, p.id, id))?.props?.height_m) === want,
    10000,
    async () => `${what}: autosaved height is ${JSON.stringify((await storedPlan(page, p.id, id))?.props?.height_m)}, expected ${want}`,
  );
  if (!form) return;
  const shown = await page.locator('[data-testid="feature-form"] [data-testid="field-height_m"]').inputValue({ timeout: 5000 });
  assert(shown === want, `${what}: the form shows height ${JSON.stringify(shown)}, expected ${want}`);
}

async function waitPlan(page, want, what) {
  return until(
    async () => {
      const p = await hook(page, 'plan');
      return p.past === want.past && p.future === want.future ? p : null;
    },
    10000,
    async () => `${what}: plan() is ${brief(await hook(page, 'plan'))}, expected past ${want.past}, future ${want.future}`,
  );
}

test('plan editor: undo and redo: toolbar buttons and Ctrl+Z / Ctrl+Shift+Z', async () => {
  const page = await getApp();
  const id = editor.siteId;
  assert(id && editor.editedHeight, 'no edited site from the previous cases');
  const lap = laps();
  try {
    await selectInPlanTable(page, id);
    lap('select');
    const p0 = await hook(page, 'plan');
    await expectHeight(page, id, editor.editedHeight, 'before undo');
    assert(p0.past > 0, 'nothing to undo');

    await tap(page, '[data-testid="undo"]');
    let p = await waitPlan(page, { past: p0.past - 1, future: p0.future + 1 }, 'undo button');
    assert(JSON.stringify(p.ids) === JSON.stringify(p0.ids), 'undoing the height edit changed the ids');
    await expectHeight(page, id, editor.siteHeight, 'after the undo button');
    lap('undo');

    await tap(page, '[data-testid="redo"]');
    p = await waitPlan(page, p0, 'redo button');
    await expectHeight(page, id, editor.editedHeight, 'after the redo button');
    lap('redo');

    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.press('Control+z');
    p = await waitPlan(page, { past: p0.past - 1, future: p0.future + 1 }, 'Ctrl+Z');
    await expectHeight(page, id, editor.siteHeight, 'after Ctrl+Z');
    lap('Ctrl+Z');

    // A second Ctrl+Z takes back the placed site itself; Ctrl+Shift+Z twice brings both back.
    await page.keyboard.press('Control+z');
    p = await waitPlan(page, { past: p0.past - 2, future: p0.future + 2 }, 'second Ctrl+Z');
    assert(!p.ids.includes(id) && p.features === p0.features - 1, `the second Ctrl+Z did not remove ${id}: ${brief(p)}`);
    await page.keyboard.press('Control+Shift+Z');
    p = await waitPlan(page, { past: p0.past - 1, future: p0.future + 1 }, 'Ctrl+Shift+Z');
    assert(p.ids.includes(id), `Ctrl+Shift+Z did not bring ${id} back`);
    await page.keyboard.press('Control+Shift+Z');
    p = await waitPlan(page, p0, 'second Ctrl+Shift+Z');
    assert(samePlan(p, p0), `after redoing everything the plan is ${brief(p)}, expected ${brief(p0)}`);
    await expectHeight(page, id, editor.editedHeight, 'after Ctrl+Shift+Z', false);
    assert(!(await page.locator('[data-testid="redo"]').isEnabled()), 'redo is still enabled with nothing left to redo');
    lap('add undone and redone');
    note(`timings: ${lap}`);
  } finally {
    await editorHome(page);
  }
});

test('plan editor: reload the page: the plan and its undo history are restored', async () => {
  const page = await getApp();
  const id = editor.siteId;
  assert(id && editor.editedHeight, 'no edited site from the previous cases');
  const before = await hook(page, 'plan');
  assert(before.ids.includes(id) && (!editor.corridorId || before.ids.includes(editor.corridorId)), `the plan lacks the features drawn earlier: ${brief(before)}`);
  // Autosave is asynchronous: reload only once IndexedDB holds what the page shows.
  await until(
    async () => {
      const s = await storedPlan(page, before.id, id);
      return s && JSON.stringify(s.ids) === JSON.stringify(before.ids) && s.past === before.past && String(s.props?.height_m) === editor.editedHeight;
    },
    10000,
    'the plan shown is not autosaved to IndexedDB within 10 s',
  );
  await openTab(page, 'map');
  const t0 = Date.now();
  try {
    await page.reload({ waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForSelector(IDLE_SELECTOR, { timeout: 120000, state: 'attached' });
    await page.waitForFunction(() => typeof window.__hatang === 'object' && window.__hatang !== null, null, { timeout: 10000 });
  } catch (err) {
    app.broken = true;
    throw new Error(`the app did not become idle after reload: ${err.message.split('\n')[0]}`);
  }
  const idleS = ((Date.now() - t0) / 1000).toFixed(1);
  const lap = laps();
  const after = await hook(page, 'plan');
  assert(samePlan(before, after), `after reload plan() is ${brief(after)}, before it was ${brief(before)}`);
  try {
    await selectInPlanTable(page, id);
    await expectHeight(page, id, editor.editedHeight, 'after reload');
    lap('form');
    await tap(page, '[data-testid="undo"]');
    await waitPlan(page, { past: before.past - 1, future: before.future + 1 }, 'undo after reload');
    await expectHeight(page, id, editor.siteHeight, 'undo after reload');
    lap('undo');
    await tap(page, '[data-testid="redo"]');
    await waitPlan(page, before, 'redo after reload');
    await expectHeight(page, id, editor.editedHeight, 'redo after reload');
    lap('redo');
    note(`idle ${idleS} s after reload; then ${lap}`);
  } finally {
    await editorHome(page);
  }
});

test('plan editor: open a damaged plan file: a clear error and the current plan unchanged', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  try {
    await openTab(page, 'plan');
    const input = page.locator('[data-testid="open-file-input"]');
    const error = page.locator('[data-testid="open-error"]');
    const scenarios = page.locator('[data-testid="scenario"] option');
    const before = await hook(page, 'plan');
    const nScenarios = await scenarios.count();
    const files = [
      {
        name: 'damaged.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":["x",1]},"properties":{"id":"a"}}]}'),
        expect: [/feature 1\b/i, /\bid a\b/],
      },
      { name: 'notes.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('Ghi chú tuyến cống: không phải JSON {'), expect: [/JSON/] },
    ];
    for (const f of files) {
      await input.setInputFiles({ name: f.name, mimeType: f.mimeType, buffer: f.buffer });
      await until(async () => (await error.isVisible()) && nfc(await error.innerText()).includes(f.name), 10000, async () => `opening ${f.name} showed ${(await error.isVisible()) ? JSON.stringify(nfc(await error.innerText())) : 'no [data-testid=open-error]'}`);
      const text = nfc(await error.innerText()).replace(/\s+/g, ' ');
      for (const re of f.expect) assert(re.test(text), `the error for ${f.name} does not match ${re}: ${JSON.stringify(text)}`);
      await sleep(300);
      const after = await hook(page, 'plan');
      assert(samePlan(before, after), `opening ${f.name} changed the plan: ${brief(before)} -> ${brief(after)}`);
      assert((await scenarios.count()) === nScenarios, `opening ${f.name} changed the number of scenarios (${nScenarios} -> ${await scenarios.count()})`);
      note(`${f.name}: ${JSON.stringify(text.slice(0, 200))}`);
    }
  } finally {
    await editorHome(page);
  }
});

test('import: a CSV through the dialog, see the report, import the valid rows, undo', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  try {
    await openTab(page, 'plan');
    const before = await hook(page, 'plan');
    // Vietnamese headers, lon/lat; spreadsheet row 4 (HP-T3) has no coordinates and must be reported, not imported.
    const csv = [
      'Mã trạm,Loại cột,Doanh nghiệp,Kinh độ,Vĩ độ,Chiều cao (m),Công nghệ',
      'HP-T1,A2b,Viettel,106.6512,20.8421,42,"4G,5G"',
      'HP-T2,A2b,VNPT,106.6731,20.8512,38,4G',
      'HP-T3,A2b,MobiFone,,,35,4G',
      'HP-T4,A1a,Vinaphone,106.6899,20.8633,2.5,"4G,5G"',
    ].join('\n');
    await page.locator('[data-testid="import-file-input"]').setInputFiles({ name: 'tram-moi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const report = page.locator('[data-testid="import-report"]');
    await until(async () => report.isVisible(), 30000, async () => `no [data-testid=import-report]; error: ${(await page.locator('[data-testid="import-error"]').count()) ? await page.locator('[data-testid="import-error"]').innerText() : 'none'}`);
    const text = nfc(await report.innerText());
    assert(/4 đối tượng, 3 hợp lệ/.test(text), `report summary: ${JSON.stringify(text.slice(0, 200))}`);
    const problems = nfc(await page.locator('[data-testid="import-problems"]').innerText());
    assert(/Dòng 4/.test(problems), `the problem list does not name spreadsheet row 4: ${JSON.stringify(problems.slice(0, 200))}`);
    await page.locator('[data-testid="import-confirm"]').click();
    await until(async () => (await hook(page, 'plan')).features === before.features + 3, 10000, async () => `plan has ${(await hook(page, 'plan')).features} features, expected ${before.features + 3}`);
    const after = await hook(page, 'plan');
    assert(after.past === before.past + 1, `the import made ${after.past - before.past} undo steps, expected 1`);
    await page.locator('[data-testid="undo"]').click();
    await until(async () => (await hook(page, 'plan')).features === before.features, 10000, async () => `after undo the plan has ${(await hook(page, 'plan')).features} features`);
    note(`imported 3 of 4 rows, undone in one step`);
  } finally {
    await editorHome(page);
  }
});

// ---------------------------------------------------------------------------------------------
// Plan 317 scorecard: the figures, what a plan edit does to them, and the printable sheet.

const KPI_ROWS = ['pct_5g', 'pct_fibre', 'wifi', 'dc_upgraded', 'dc_new', 'shared', 'a2a1', 'underground', 'ducts'];
const KPI_YEARS = ['2025', '2030', '2040'];
/** The 5G screening radii by commune type (the app's defaults; the test context has no saved thresholds). */
const RADIUS_5G = { phuong: 300, xa: 1000, dac_khu: 1500 };
/** Beyond every class's radius: a cell with no 5G site this close is uncovered whatever its class. */
const FAR_FROM_5G_M = 1600;

/** Ground distance in metres on the WGS 84 local scale (series for the metres per degree). */
function groundM(a, b) {
  const phi = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  const mLat = 111132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const mLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
  return Math.hypot((a[0] - b[0]) * mLon, (a[1] - b[1]) * mLat);
}

/** The first number in a Vietnamese-formatted text: "67,1%" -> 67.1, "+1.240 người" -> 1240. */
function viNumber(text) {
  const m = /[-−+]?\d[\d.]*(?:,\d+)?/.exec(nfc(text));
  return m ? Number(m[0].replace('−', '-').replace(/\./g, '').replace(',', '.')) : NaN;
}

/** Shortest distance in metres from p to the vertices and segments of a GeoJSON geometry. */
function distanceToGeometry(p, g) {
  let best = Infinity;
  const walk = (c) => {
    if (!Array.isArray(c) || c.length === 0) return;
    if (typeof c[0] === 'number') best = Math.min(best, metres(p, c));
    else if (typeof c[0][0] === 'number')
      for (let i = 0; i < c.length; i++) best = Math.min(best, metres(p, c[i]), i > 0 ? pointSegmentM(p, c[i - 1], c[i]) : Infinity);
    else for (const x of c) walk(x);
  };
  if (g?.type === 'GeometryCollection') for (const x of g.geometries ?? []) best = Math.min(best, distanceToGeometry(p, x));
  else walk(g?.coordinates);
  return best;
}

let kpiRef;
/**
 * Read from the dataset, independently of the app: the population total (sum of the communes'
 * `population`), the 2025 5G coverage (a population cell is covered when a site whose tech
 * includes 5G stands within its commune type's radius of its centre), and the populated cells
 * (>= 150 people) with no 5G site within 1,600 m, most populated first (then by id).
 */
async function kpiReference() {
  if (kpiRef) return kpiRef;
  const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  const read = async (file) => {
    const out = [];
    for await (const f of deserialize(new Uint8Array(readFileSync(resolve(DATA_DIR, file))))) out.push(f);
    return out;
  };
  const communes = await read('communes.fgb');
  const byCode = new Map(communes.map((c) => [String(c.properties.code), c]));
  const populationTotal = communes.reduce((s, c) => s + Number(c.properties.population), 0);
  const is5g = (tech) => String(tech ?? '').split(',').some((t) => t.trim().toUpperCase() === '5G');
  const sites5g = (await read('sites.fgb')).filter((f) => f.geometry?.type === 'Point' && is5g(f.properties?.tech)).map((f) => f.geometry.coordinates);
  // A grid of 0.02° cells (over 2 km on a side here): a 1.6 km query looks at 3 x 3 of them.
  const G = 0.02;
  const grid = new Map();
  for (const q of sites5g) {
    const k = `${Math.floor(q[0] / G)}:${Math.floor(q[1] / G)}`;
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push(q);
  }
  const any5gWithin = (p, r) => {
    const gx = Math.floor(p[0] / G);
    const gy = Math.floor(p[1] / G);
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (const q of grid.get(`${gx + i}:${gy + j}`) ?? []) if (groundM(p, q) <= r) return true;
    return false;
  };
  let cellsTotal = 0;
  let covered = 0;
  const uncovered = [];
  for (const c of await read('popcells.fgb')) {
    if (c.geometry?.type !== 'Point') continue;
    const p = c.geometry.coordinates;
    const w = Number(c.properties.population) || 0;
    const code = String(c.properties.commune_code ?? '');
    const commune = byCode.get(code);
    cellsTotal += w;
    if (any5gWithin(p, RADIUS_5G[commune?.properties.type] ?? RADIUS_5G.xa)) covered += w;
    else if (w >= 150 && commune && !any5gWithin(p, FAR_FROM_5G_M))
      uncovered.push({ id: String(c.properties.id), at: p, population: w, code, commune: nfc(commune.properties.name), type: String(commune.properties.type) });
  }
  uncovered.sort((a, b) => b.population - a.population || a.id.localeCompare(b.id));
  const demo = JSON.parse(readFileSync(resolve(DATA_DIR, 'demo-plan.geojson'), 'utf8'));
  kpiRef = { populationTotal, cellsTotal, covered, pct5g: cellsTotal > 0 ? (covered / cellsTotal) * 100 : NaN, uncovered, demo: demo.features ?? [], sites5g: sites5g.length };
  return kpiRef;
}

test('scorecard: baseline figures, a new 5G site in an uncovered populated area raises 5G, print view', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const lap = laps();
  const ref = await kpiReference();
  lap('dataset');
  const sheet = page.locator('[data-testid="print-sheet"]');
  let added = null; // the site this case placed, until it is undone
  let before = null;
  try {
    // 1. The baseline in the panel, against the dataset.
    await openTab(page, 'kpi');
    const panel = page.locator('[data-testid="kpi-panel"]');
    await panel.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
      throw new Error('the kpi tab shows no visible [data-testid=kpi-panel]');
    });
    const k0 = await until(
      () => hook(page, 'kpi'),
      90000,
      async () => `hook kpi() is still null after 90 s; the panel says ${JSON.stringify(nfc(await panel.innerText().catch(() => '')).slice(0, 200))}`,
      500,
    );
    lap('kpi computed');
    await page.locator('[data-testid="scorecard"]').waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
      throw new Error('kpi() has a report but the panel shows no [data-testid=scorecard]');
    });
    const cellText = () =>
      page.evaluate(
        ([rows, years]) => Object.fromEntries(rows.flatMap((r) => years.map((y) => [`${r}-${y}`, document.querySelector(`[data-testid="kpi-${r}-${y}"]`)?.textContent ?? null]))),
        [KPI_ROWS, KPI_YEARS],
      );
    const texts0 = await cellText();
    const empty = Object.entries(texts0).filter(([, v]) => !v || !v.trim()).map(([k]) => k);
    assert(empty.length === 0, `scorecard cells missing or empty: ${empty.join(', ')}`);
    const b25 = k0['2025'];
    const shown25 = viNumber(texts0['pct_5g-2025']);
    assert(Math.abs(shown25 - b25.pct_5g) <= 0.06, `kpi-pct_5g-2025 shows ${JSON.stringify(texts0['pct_5g-2025'])} (${shown25}), kpi() says ${b25.pct_5g}`);
    assert(/%/.test(texts0['pct_5g-2025']) && !/\d\.\d%/.test(texts0['pct_5g-2025']), `kpi-pct_5g-2025 ${JSON.stringify(texts0['pct_5g-2025'])} is not a Vietnamese percentage (decimal comma)`);
    assert(b25.population_total === ref.populationTotal, `2025 population_total is ${b25.population_total}, the communes' population in communes.fgb sums to ${ref.populationTotal}`);
    assert(b25.pct_5g > 0 && b25.pct_5g < 100, `2025 pct_5g is ${b25.pct_5g}, expected 0 < pct < 100`);
    assert(Math.abs((b25.population_5g / b25.population_total) * 100 - b25.pct_5g) < 0.01, `2025 pct_5g ${b25.pct_5g} is not population_5g/population_total (${b25.population_5g}/${b25.population_total})`);
    // Independent of the app's engine: the cells within their class's radius of a 5G site.
    // (A few cells right on a radius may fall either way: allow 0.02 % of the population.)
    assert(
      Math.abs(ref.covered - b25.population_5g) <= ref.cellsTotal * 0.0002,
      `2025 population_5g is ${b25.population_5g} (${b25.pct_5g}%), the dataset gives ${ref.covered} (${ref.pct5g.toFixed(3)}%): the people within ${RADIUS_5G.phuong}/${RADIUS_5G.xa}/${RADIUS_5G.dac_khu} m of ${ref.sites5g} 5G sites`,
    );
    note(`baseline 2025: ${texts0['pct_5g-2025']} 5G (kpi ${b25.pct_5g}, dataset ${ref.pct5g.toFixed(3)}), ${b25.population_5g} of ${b25.population_total} people (dataset ${ref.covered} of ${ref.cellsTotal}); fibre ${texts0['pct_fibre-2025']}; computed in ${k0.ms} ms`);

    // The year headers switch the timeline.
    await tap(page, '[data-testid="kpi-year-2030"]');
    await until(
      async () => (await page.locator('[data-testid="year-2030"]').getAttribute('aria-checked')) === 'true' && /\bon\b/.test((await page.locator('[data-testid="kpi-year-2030"]').getAttribute('class')) ?? ''),
      10000,
      'clicking kpi-year-2030 did not switch the timeline (year-2030 aria-checked) or mark the 2030 column',
    );

    // 2. An uncovered populated cell away from everything in the plan.
    before = await hook(page, 'plan');
    const stored = (await storedPlan(page, before.id))?.geometries ?? [];
    const planGeoms = [...ref.demo.map((f) => ({ id: String(f.properties?.id), geometry: f.geometry })), ...stored];
    const cell = ref.uncovered.find((c) => planGeoms.every((f) => distanceToGeometry(c.at, f.geometry) >= 2000));
    assert(cell, `test setup: none of the ${ref.uncovered.length} populated cells (>= 150) with no 5G site within ${FAR_FROM_5G_M} m is 2 km from every plan feature`);
    note(`chosen cell ${cell.id}: ${cell.population} people in ${cell.commune} (${cell.type}) at ${cell.at[0].toFixed(5)}, ${cell.at[1].toFixed(5)}; ${ref.uncovered.length} candidates, plan has ${planGeoms.length} features to keep away from (${stored.length} autosaved)`);

    // 3. Place a 5G site on it with the site tool.
    const k1 = await hook(page, 'kpi');
    await hook(page, 'flyTo', cell.at[0], cell.at[1], 16);
    await settle(page);
    lap('flyTo');
    await page.evaluate(() => {
      // The toast is transient: record what it says whenever it is in the page.
      window.__e2eToasts = [];
      const look = () => {
        const el = document.querySelector('[data-testid="kpi-toast"]');
        const text = el?.innerText?.trim();
        if (text && !window.__e2eToasts.includes(text)) window.__e2eToasts.push(text);
      };
      window.__e2eToastObserver?.disconnect();
      window.__e2eToastObserver = new MutationObserver(look);
      window.__e2eToastObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await tap(page, '[data-testid="tool-site"]');
    await until(async () => (await hook(page, 'drawState'))?.mode === 'point', 5000, 'tool-site did not put terra-draw into point mode');
    const pt = await mapPoint(page, cell.at[0], cell.at[1]);
    await page.mouse.move(pt.x, pt.y);
    await page.mouse.click(pt.x, pt.y);
    const after = await until(
      async () => {
        const p = await hook(page, 'plan');
        return p.ids.length === before.ids.length + 1 ? p : null;
      },
      15000,
      'clicking the map with tool-site added nothing to the plan',
    );
    added = after.ids.find((x) => !before.ids.includes(x));
    assert(/^plan-site-\d+$/.test(added ?? ''), `the new feature is ${added}, expected plan-site-NNN`);
    await tap(page, '[data-testid="tool-select"]');
    lap('placed');
    const props = await until(
      async () => (await storedPlan(page, after.id, added))?.props,
      10000,
      `${added} is not autosaved within 10 s`,
    );
    assert(String(props.tech).split(',').map((t) => t.trim()).includes('5G'), `${added} has tech ${JSON.stringify(props.tech)}, expected it to include 5G`);
    assert(String(props.phase) === '2030', `${added} has phase ${JSON.stringify(props.phase)}, expected the toolbar's default 2030`);

    const want = k1['2030'].population_5g + cell.population;
    let k2 = null;
    await until(
      async () => {
        k2 = await hook(page, 'kpi');
        return k2 && k2['2030'].population_5g >= want;
      },
      60000,
      () => `2030 population_5g is ${k2?.['2030'].population_5g} after placing ${added}, expected >= ${want} (${k1['2030'].population_5g} + the cell's ${cell.population}); change ${JSON.stringify(k2?.change)}`,
    );
    lap('kpi after edit');
    const gain = k2['2030'].population_5g - k1['2030'].population_5g;
    assert(JSON.stringify(k2['2025']) === JSON.stringify(k1['2025']), `a 2030 site changed the 2025 baseline: ${JSON.stringify(k1['2025'])} -> ${JSON.stringify(k2['2025'])}`);
    assert(k2['2040'].population_5g - k1['2040'].population_5g >= cell.population, `2040 population_5g rose by ${k2['2040'].population_5g - k1['2040'].population_5g}, expected >= ${cell.population} (2030 sites stay in 2040)`);
    assert(k2['2030'].population_fibre === k1['2030'].population_fibre, `a radio site changed 2030 fibre coverage: ${k1['2030'].population_fibre} -> ${k2['2030'].population_fibre}`);
    const ch = k2.change;
    assert(ch && ch.phase === '2030', `kpi().change is ${JSON.stringify(ch)}, expected a change for 2030 (the timeline's year)`);
    const own = ch.items.find((i) => i.kind === '5g' && String(i.commune) === cell.code);
    assert(own && own.people >= cell.population, `kpi().change has no 5G gain of >= ${cell.population} in ${cell.code} (${cell.commune}): ${JSON.stringify(ch.items)}`);
    const sum5g = ch.items.filter((i) => i.kind === '5g').reduce((s, i) => s + i.people, 0);
    assert(Math.abs(sum5g - gain) <= ch.items.length, `the change lists +${sum5g} people with 5G, the 2030 total rose by ${gain}`);

    await openTab(page, 'kpi');
    const changeBox = page.locator('[data-testid="kpi-change"]');
    await changeBox.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
      throw new Error('no visible [data-testid=kpi-change] in the kpi panel after the edit');
    });
    const changeText = nfc(await changeBox.innerText());
    const line = changeText.split('\n').find((l) => l.includes(cell.commune));
    assert(line, `kpi-change does not name ${cell.commune}: ${JSON.stringify(changeText)}`);
    assert(/5G/.test(line) && /\+/.test(line), `the kpi-change line for ${cell.commune} lacks "5G" or "+": ${JSON.stringify(line)}`);
    assert(viNumber(line) === own.people, `the kpi-change line ${JSON.stringify(line)} gives ${viNumber(line)} people, kpi().change says ${own.people}`);
    const texts2 = await cellText();
    assert(Math.abs(viNumber(texts2['pct_5g-2030']) - k2['2030'].pct_5g) <= 0.06, `kpi-pct_5g-2030 shows ${JSON.stringify(texts2['pct_5g-2030'])}, kpi() says ${k2['2030'].pct_5g}`);
    const toasts = await until(async () => (await page.evaluate(() => window.__e2eToasts)).filter((t) => nfc(t).includes(cell.commune)), 5000, async () => `no [data-testid=kpi-toast] naming ${cell.commune} appeared; toasts seen: ${JSON.stringify(await page.evaluate(() => window.__e2eToasts))}`);
    assert(/\+.*5G/.test(nfc(toasts[0])), `the kpi-toast does not read "+N … 5G …": ${JSON.stringify(toasts[0])}`);
    note(`${added} on ${cell.id}: 2030 5G ${k1['2030'].population_5g} -> ${k2['2030'].population_5g} (+${gain}), ${texts0['pct_5g-2030']} -> ${texts2['pct_5g-2030']}; 2040 +${k2['2040'].population_5g - k1['2040'].population_5g}; 2025 unchanged`);
    note(`kpi-change: ${JSON.stringify(changeText.replace(/\n+/g, ' | '))}; toast: ${JSON.stringify(nfc(toasts[0]).replace(/\n+/g, ' | '))}`);

    // 4. What the planner sees.
    await settle(page);
    await page.screenshot({ path: resolve(OUT_DIR, 'kpi.png') });

    // 5. The printable sheet.
    await tap(page, '[data-testid="kpi-print"]');
    await sheet.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
      throw new Error('kpi-print opened no visible [data-testid=print-sheet]');
    });
    assert(await sheet.evaluate((el) => el.parentElement === document.body), 'print-sheet is not a direct child of <body> (print CSS hides every other child of body)');
    const img = page.locator('[data-testid="print-map"]');
    await until(
      async () => (await img.count()) === 1 && (await img.evaluate((el) => el.complete && el.naturalWidth > 0)),
      30000,
      async () => `print-map is ${(await img.count()) ? 'not loaded (naturalWidth 0)' : 'missing'} 30 s after opening the sheet`,
    );
    const src = (await img.getAttribute('src')) ?? '';
    if (src.startsWith('data:image/png;base64,')) {
      const s = imageStats(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
      // A rural view at z16 is mostly plain land: judge by the number of colours alone.
      assert(s.distinct >= 16, `print-map looks blank: only ${s.distinct} distinct colours`);
      note(`print-map ${s.width}x${s.height}: ${s.distinct} colours, dominant ${(s.dominantShare * 100).toFixed(1)} %`);
    } else note(`print-map src is not a PNG data URL (${src.slice(0, 30)}); not checked for blankness`);
    const legend = page.locator('[data-testid="print-legend"]');
    assert(await legend.isVisible(), 'print-legend is not visible');
    const legendText = nfc(await legend.innerText()).trim();
    assert(legendText.length > 0, 'print-legend is empty');
    const bodyRows = page.locator('[data-testid="print-table"] tbody tr');
    const nRows = await bodyRows.count();
    assert(nRows >= KPI_ROWS.length, `print-table has ${nRows} body rows, expected >= ${KPI_ROWS.length} (the scorecard rows)`);
    const printRow = nfc(await bodyRows.first().innerText());
    assert(printRow.includes(texts2['pct_5g-2030'].trim()), `print-table's first row ${JSON.stringify(printRow)} lacks the panel's 2030 5G figure ${JSON.stringify(texts2['pct_5g-2030'])}`);
    const scalebar = page.locator('[data-testid="print-scalebar"]');
    assert(await scalebar.isVisible(), 'print-scalebar is not visible');
    const scaleText = nfc(await scalebar.innerText());
    assert(/\d\s*(m|km)\b/.test(scaleText), `print-scalebar reads ${JSON.stringify(scaleText)}, expected a distance`);
    {
      // The ground distance the drawn bar spans, from the map's own scale, must match its label.
      const [, lat, zoom] = await hook(page, 'center');
      const g = await page.evaluate(() => {
        const im = document.querySelector('[data-testid="print-map"]');
        const bar = document.querySelector('[data-testid="print-scalebar"] div');
        return { natural: im.naturalWidth, shown: im.getBoundingClientRect().width, bar: bar?.getBoundingClientRect().width ?? 0 };
      });
      const mpp = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
      note(`print-scalebar says ${JSON.stringify(scaleText.trim())}; its bar is ${Math.round(g.bar)} px on a ${Math.round(g.shown)} px image of a ${g.natural} px canvas at ${mpp.toFixed(3)} m/px: about ${Math.round(g.bar * (g.natural / g.shown) * mpp)} m`);
      const spanned = g.bar * (g.natural / g.shown) * mpp;
      const lm = /([\d.,]+)\s*(km|m)\b/.exec(scaleText);
      const labelled = lm ? Number(lm[1].replace(/\./g, '').replace(',', '.')) * (lm[2] === 'km' ? 1000 : 1) : NaN;
      assert(Math.abs(spanned - labelled) <= 0.1 * labelled, `print-scalebar is labelled ${JSON.stringify(scaleText.trim())} (${labelled} m) but spans about ${Math.round(spanned)} m on the map`);
    }

    const paper = page.locator('[data-testid="print-paper"]');
    const sheetWidth = () => sheet.locator('.sheet').evaluate((el) => el.getBoundingClientRect().width);
    const w4 = await sheetWidth();
    await paper.selectOption('A3');
    await until(async () => (await sheetWidth()) > w4 * 1.3, 5000, async () => `choosing A3 left the sheet ${Math.round(await sheetWidth())} px wide (A4: ${Math.round(w4)} px)`);
    await paper.selectOption('A4');
    await until(async () => Math.abs((await sheetWidth()) - w4) < 1, 5000, 'choosing A4 again did not restore the sheet width');

    await page.emulateMedia({ media: 'print' });
    try {
      assert(!(await page.locator('.app').isVisible()), 'in print media the app (.app) is still displayed');
      assert(await sheet.isVisible(), 'in print media the print-sheet is not displayed');
      assert(await img.isVisible(), 'in print media the print-map is not displayed');
      assert(!(await paper.isVisible()), 'in print media the paper selector (toolbar) is still displayed');
      await page.screenshot({ path: resolve(OUT_DIR, 'print.png'), fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    await tap(page, '[data-testid="print-close"]');
    await sheet.waitFor({ state: 'detached', timeout: 10000 }).catch(() => {
      throw new Error('print-close did not close the print sheet');
    });
    lap('print');

    // 6. Undo: the plan and the figures are as before.
    await tap(page, '[data-testid="undo"]');
    await until(async () => (await hook(page, 'plan')).features === before.features, 10000, `undo did not remove ${added}`);
    added = null;
    let k3 = null;
    await until(
      async () => {
        k3 = await hook(page, 'kpi');
        return k3 && k3['2030'].population_5g === k1['2030'].population_5g;
      },
      60000,
      () => `after undo 2030 population_5g is ${k3?.['2030'].population_5g}, expected ${k1['2030'].population_5g} again`,
    );
    note(`timings: ${lap}`);
  } finally {
    await page.emulateMedia({ media: 'screen' }).catch(() => {});
    if (await sheet.isVisible().catch(() => false)) await tap(page, '[data-testid="print-close"]').catch(() => {});
    await page.evaluate(() => window.__e2eToastObserver?.disconnect()).catch(() => {});
    if (added) {
      // Take the site back out so the plan is as the case found it.
      await tap(page, '[data-testid="tool-select"]').catch(() => {});
      const p = await hook(page, 'plan').catch(() => null);
      if (p?.ids.includes(added) && p.ids.at(-1) === added) {
        await tap(page, '[data-testid="undo"]').catch(() => {});
        await until(async () => !(await hook(page, 'plan')).ids.includes(added), 10000, '').catch(() => note(`could not undo ${added}`));
      } else if (p) note(`left ${added} in the plan (it is not the last edit)`);
    }
    await editorHome(page);
  }
});

// ---------------------------------------------------------------------------------------------
// Carrier review (issue 7): a carrier decides on sharing proposals and sends its review file;
// the Sở imports it, and the states show in the panel, the log, the findings and on the map.

/** The state a proposal takes when `carrier` alone has decided (src/core/review/decisions.ts proposalStatus). */
function predictState(parties, carrier, decision) {
  if (decision === 'reject') return 'rejected';
  if (parties.some((o) => o.toLowerCase() !== carrier.toLowerCase())) return 'pending'; // another party has still to decide
  return decision === 'conditional' ? 'conditional' : 'accepted';
}

/** The proposal items shown, with their parties read from the item's meta line ("id · giai đoạn … · A (vai trò), B (vai trò) · …"). */
async function proposalItems(page) {
  return page.locator('[data-testid="review-panel"] [data-testid="proposal"]').evaluateAll((items) =>
    items.map((li) => {
      const meta = li.querySelector(':scope > .muted.small')?.textContent ?? '';
      const parts = meta.split(' · ');
      return {
        id: li.dataset.proposalId,
        state: li.dataset.state,
        kind: (li.dataset.proposalId ?? '').split(':')[0],
        parties: (parts[2] ?? '').split(', ').map((s) => s.replace(/\s*\(.*\)\s*$/, '').trim()).filter(Boolean),
        forms: li.querySelectorAll('[data-testid="decision-form"]').length,
      };
    }),
  );
}

/** The number on a state chip of review-counts ("Từ chối 1" -> 1). */
async function reviewCounts(page) {
  const out = {};
  for (const s of ['pending', 'accepted', 'rejected', 'conditional', 'conflicting', 'stale']) {
    const text = nfc(await page.locator(`[data-testid="review-count-${s}"]`).innerText({ timeout: 5000 }));
    const m = /(\d+)\s*$/.exec(text.trim());
    out[s] = m ? Number(m[1]) : NaN;
  }
  return out;
}

/** The proposal item of `id`, paging the list ("Xem thêm") until it is shown. */
async function proposalItem(page, id) {
  const panel = page.locator('[data-testid="review-panel"]');
  const item = panel.locator(`[data-testid="proposal"][data-proposal-id="${id}"]`);
  for (let k = 0; k < 40 && (await item.count()) === 0; k++) {
    const more = panel.locator(':scope > button.link');
    if ((await more.count()) === 0) break;
    await more.first().click({ timeout: 10000 }); // a real click: the sticky tabs must not take it
    await sleep(100);
  }
  assert((await item.count()) === 1, `proposal ${id} is not in the review list`);
  return item;
}

async function waitState(page, id, want, what) {
  const item = await proposalItem(page, id);
  await until(async () => (await item.getAttribute('data-state')) === want, 10000, async () => `${what}: proposal ${id} has data-state ${await item.getAttribute('data-state')}, expected ${want}`);
  return item;
}

const STATE_RGB = { pending: [0x8b, 0x95, 0xa1], accepted: [0x16, 0xa3, 0x4a], rejected: [0xdc, 0x26, 0x26], conditional: [0xd9, 0x77, 0x06], conflicting: [0x7c, 0x3a, 0xed], stale: [0x1f, 0x29, 0x37] };

test('carrier review: decide three proposals as a carrier, export, import at the Sở, states on the map and in the log', async () => {
  const page = await getApp();
  await ensureLang(page, 'vi');
  const lap = laps();
  const panel = page.locator('[data-testid="review-panel"]');
  const as = page.locator('[data-testid="review-as"]');
  const start = await hook(page, 'plan');
  let carrier = null;
  try {
    // 1. The review tab, first as the Sở: no decisions yet, every proposal pending.
    await openTab(page, 'review');
    await panel.waitFor({ state: 'visible', timeout: 10000 });
    await as.selectOption('so');
    await until(async () => (await panel.locator('[data-testid="proposal"]').count()) > 0, 120000, 'the review tab lists no [data-testid=proposal] within 120 s');
    const logRows = panel.locator('[data-testid="review-log"] [data-testid="log-row"]');
    assert((await logRows.count()) === 0, `the plan already holds ${await logRows.count()} review decisions; this case expects none`);
    const counts0 = await reviewCounts(page);
    assert(counts0.pending > 0 && ['accepted', 'rejected', 'conditional', 'conflicting', 'stale'].every((s) => counts0[s] === 0), `before any decision review-counts are ${JSON.stringify(counts0)}`);
    const order = { site_share: 0, duct_reuse: 1, joint_build: 2, cluster: 3 };
    const kindOf = { share: 'site_share', reuse: 'duct_reuse', joint: 'joint_build', cluster: 'cluster' };
    const soItems = await proposalItems(page);
    const ranks = soItems.map((p) => order[kindOf[p.kind]]);
    assert(ranks.every((r, i) => r !== undefined && (i === 0 || r >= ranks[i - 1])), `the Sở's proposals are not sorted site_share, duct_reuse, joint_build, cluster: ${soItems.map((p) => p.id).slice(0, 40).join(', ')}`);
    lap('proposals');

    // Pick a carrier: VNPT first, else the first one party to >= 3 proposals, one of the first three a site share or duct reuse.
    const owners = (await as.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter((v) => v !== 'so');
    assert(owners.includes('VNPT') && owners.includes('Viettel'), `review-as offers ${owners.join(', ')}`);
    let items = [];
    for (const c of ['VNPT', ...owners.filter((o) => o !== 'VNPT')]) {
      await as.selectOption(c);
      await until(async () => (await panel.locator('[data-testid="decision-form"]').count()) > 0 || (await panel.locator('[data-testid="proposal"]').count()) === 0, 5000, '').catch(() => {});
      items = (await proposalItems(page)).filter((p) => p.forms === 1);
      if (items.length >= 3 && items.slice(0, 3).some((p) => p.kind === 'share' || p.kind === 'reuse')) {
        carrier = c;
        break;
      }
    }
    assert(carrier, 'no carrier is party to three proposals with a site share or duct reuse among them');
    const forms = await panel.locator('[data-testid="decision-form"]').count();
    assert(forms >= 3, `${carrier} sees ${forms} decision forms`);
    const all = await proposalItems(page);
    assert(all.every((p) => p.parties.includes(carrier) && p.forms === 1), `in ${carrier}'s view some proposals are not ${carrier}'s or lack a form: ${all.filter((p) => !p.parties.includes(carrier) || p.forms !== 1).map((p) => p.id).join(', ')}`);
    const cRanks = all.map((p) => order[kindOf[p.kind]]);
    assert(cRanks.every((r, i) => i === 0 || r >= cRanks[i - 1]), `${carrier}'s proposals are not sorted by kind`);

    // 2. Decide: accept the first, reject the second (no capacity), conditional on the third (commercial).
    const plan = [
      { ...items[0], decision: 'accept', reason: null, comment: '' },
      { ...items[1], decision: 'reject', reason: 'no_capacity', comment: 'Cột đã đủ tải, không còn chỗ lắp thêm' },
      { ...items[2], decision: 'conditional', reason: 'commercial', comment: 'Đồng ý nếu giá thuê theo khung của Sở' },
    ].map((d) => ({ ...d, expect: predictState(d.parties, carrier, d.decision) }));
    note(`${carrier}: ${forms} forms; ${plan.map((d) => `${d.id} [${d.parties.join('+')}] ${d.decision} -> ${d.expect}`).join('; ')}`);
    const VI_DECISION = { accept: 'Đồng ý', reject: 'Từ chối', conditional: 'Có điều kiện' };
    const VI_REASON = { no_capacity: 'Hết dung lượng', commercial: 'Lý do thương mại' };
    for (const [k, d] of plan.entries()) {
      const item = await proposalItem(page, d.id);
      assert((await item.getAttribute('data-state')) === 'pending', `${d.id} is ${await item.getAttribute('data-state')} before any decision`);
      const form = item.locator('[data-testid="decision-form"]');
      if (d.reason) {
        assert(!(await form.locator('[data-testid="decide-reject"]').isEnabled()) && !(await form.locator('[data-testid="decide-conditional"]').isEnabled()), `${d.id}: reject/conditional are enabled before a reason is picked`);
        await form.locator('[data-testid="decision-reason"]').selectOption(d.reason);
        await form.locator('[data-testid="decision-comment"]').fill(d.comment);
        await until(() => form.locator(`[data-testid="decide-${d.decision}"]`).isEnabled(), 5000, `${d.id}: decide-${d.decision} stays disabled after picking reason ${d.reason}`);
      } else assert(await form.locator('[data-testid="decide-accept"]').isEnabled(), `${d.id}: decide-accept is disabled`);
      await form.locator(`[data-testid="decide-${d.decision}"]`).click({ timeout: 10000 });
      await waitPlan(page, { past: start.past + k + 1, future: 0 }, `decision ${k + 1}`);
      await waitState(page, d.id, d.expect, `after ${d.decision}`);
      const shown = nfc(await item.locator('ul.decisions').innerText({ timeout: 5000 }).catch(() => ''));
      assert(shown.includes(`${carrier}: ${VI_DECISION[d.decision]}`) && (!d.reason || shown.includes(VI_REASON[d.reason])), `${d.id} lists the decisions ${JSON.stringify(shown)}`);
    }
    const other = plan.filter((d) => d.expect !== 'pending');
    const counts1 = await reviewCounts(page);
    for (const s of ['accepted', 'rejected', 'conditional']) {
      const want = other.filter((d) => d.expect === s).length;
      assert(counts1[s] === want, `${carrier}'s review-counts ${s} is ${counts1[s]}, expected ${want}`);
    }
    // The sidebar as the carrier sees it: the decided proposals come first in the list.
    await page.evaluate(() => document.querySelector('nav.sidebar')?.scrollTo(0, 0));
    await (await proposalItem(page, plan[0].id)).evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      el.closest('nav.sidebar')?.scrollBy(0, -90); // below the tabs, with the state counts above
    });
    await page.locator('nav.sidebar').screenshot({ path: resolve(OUT_DIR, 'review.png') });
    // Back to the top: a control scrolled under the sticky tabs would take the click meant for it.
    await page.evaluate(() => document.querySelector('nav.sidebar')?.scrollTo(0, 0));
    lap('decide');

    // Undo takes back the last decision only; redo brings it back.
    const last = plan[2];
    const lastItem = await proposalItem(page, last.id);
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.press('Control+z');
    await waitPlan(page, { past: start.past + 2, future: 1 }, 'Ctrl+Z after the decisions');
    await waitState(page, last.id, 'pending', 'after Ctrl+Z');
    assert((await lastItem.locator('ul.decisions').count()) === 0, `after Ctrl+Z ${last.id} still lists a decision`);
    assert(!(await lastItem.locator('[data-testid="decide-conditional"]').getAttribute('class')).split(/\s+/).includes('on'), `after Ctrl+Z decide-conditional of ${last.id} is still marked on`);
    await waitState(page, plan[1].id, plan[1].expect, 'the second decision after Ctrl+Z');
    await tap(page, '[data-testid="redo"]');
    await waitPlan(page, { past: start.past + 3, future: 0 }, 'redo');
    await waitState(page, last.id, last.expect, 'after redo');
    assert(nfc(await lastItem.locator('ul.decisions').innerText()).includes(VI_DECISION.conditional), `after redo ${last.id} does not list the conditional decision`);
    await until(async () => (await storedPlan(page, start.id))?.past === start.past + 3, 10000, 'the three decisions are not autosaved to IndexedDB within 10 s');
    lap('undo/redo');

    // 3. Export the carrier's review file.
    const dl = page.waitForEvent('download', { timeout: 15000 });
    await panel.locator('[data-testid="review-export"]').click({ timeout: 10000 });
    const download = await dl;
    const fileName = download.suggestedFilename();
    const text = readFileSync(await download.path(), 'utf8');
    assert(new RegExp(`^gop-y-${carrier.toLowerCase()}-vong-1-\\d{4}-\\d{2}-\\d{2}\\.geojson$`).test(fileName), `the review file is named ${fileName}`);
    const file = JSON.parse(text);
    const m = file.metadata ?? {};
    assert(file.type === 'FeatureCollection' && Array.isArray(file.features), 'the review file is not a FeatureCollection');
    assert(m.hatang_review === 1 && m.carrier === carrier && m.signed?.by === carrier && m.round === 1, `review file metadata ${JSON.stringify(m)}`);
    assert(/^\d{4}-\d{2}-\d{2}T/.test(m.signed?.date ?? '') && Number.isFinite(Date.parse(m.signed.date)), `signed.date ${JSON.stringify(m.signed?.date)}`);
    assert(typeof m.checksum === 'string' && /^[0-9a-f]{8,}$/i.test(m.checksum), `checksum ${JSON.stringify(m.checksum)}`);
    assert(file.features.length === 3, `the review file has ${file.features.length} features, expected 3`);
    for (const d of plan) {
      const f = file.features.find((x) => x.properties?.proposal_id === d.id);
      assert(f, `the review file has no decision on ${d.id}`);
      const p = f.properties;
      assert(p.decision === d.decision && (p.reason ?? null) === d.reason && p.comment === d.comment && p.carrier === carrier, `the review file's decision on ${d.id} is ${JSON.stringify({ decision: p.decision, reason: p.reason, comment: p.comment, carrier: p.carrier })}`);
      assert(f.geometry?.type === 'Point' && f.geometry.coordinates.every(Number.isFinite), `the decision on ${d.id} has no point`);
      d.at = f.geometry.coordinates;
    }
    note(`exported ${fileName}: ${file.features.length} decisions, signed ${m.signed.date}, checksum ${m.checksum}`);
    lap('export');

    // 4. The Sở: take the decisions out of the plan (undo x3), then import the carrier's file.
    await as.selectOption('so');
    await panel.locator('[data-testid="review-import"]').waitFor({ state: 'visible', timeout: 5000 });
    assert((await panel.locator('[data-testid="decision-form"]').count()) === 0, 'the Sở sees decision forms');
    assert((await panel.locator('[data-testid="review-export"]').count()) === 0, 'the Sở sees the carrier export button');
    for (let k = 3; k >= 1; k--) {
      await tap(page, '[data-testid="undo"]');
      await waitPlan(page, { past: start.past + k - 1, future: 4 - k }, `undo ${4 - k} of the decisions`);
    }
    const counts2 = await reviewCounts(page);
    assert(JSON.stringify(counts2) === JSON.stringify(counts0), `with the decisions undone review-counts are ${JSON.stringify(counts2)}, expected ${JSON.stringify(counts0)}`);
    assert((await logRows.count()) === 0, `with the decisions undone the log has ${await logRows.count()} rows`);
    for (const d of plan) await waitState(page, d.id, 'pending', 'decisions undone');

    await panel.locator('[data-testid="review-file"]').setInputFiles({ name: fileName, mimeType: 'application/geo+json', buffer: Buffer.from(text) });
    const imported = panel.locator('[data-testid="review-imported"]');
    await until(() => imported.isVisible(), 10000, async () => `no [data-testid=review-imported] after the import; review-error: ${(await panel.locator('[data-testid="review-error"]').count()) ? await panel.locator('[data-testid="review-error"]').innerText() : 'none'}`);
    const summary = nfc(await imported.innerText()).replace(/\s+/g, ' ');
    assert(summary.includes(fileName) && summary.includes(carrier) && /gắn 3 quyết định/.test(summary) && /\b0 cần xem lại/.test(summary) && /\b0 không khớp/.test(summary), `review-imported says ${JSON.stringify(summary)}`);
    const afterImport = await waitPlan(page, { past: start.past + 1, future: 0 }, 'the import (one undo step)');
    for (const d of plan) await waitState(page, d.id, d.expect, `after importing ${fileName}`);
    await until(async () => (await logRows.count()) === 3, 5000, async () => `the log has ${await logRows.count()} rows after the import, expected 3`);
    const rows = (await logRows.allInnerTexts()).map((r) => nfc(r).replace(/\s+/g, ' '));
    for (const d of plan) {
      const row = rows.find((r) => r.includes(d.id));
      assert(row, `no log row names ${d.id}: ${JSON.stringify(rows)}`);
      assert(row.includes(carrier) && row.includes(VI_DECISION[d.decision]) && (!d.reason || (row.includes(VI_REASON[d.reason]) && row.includes(d.comment))), `the log row of ${d.id} is ${JSON.stringify(row)}`);
    }
    const counts3 = await reviewCounts(page);
    const want3 = { ...counts0 };
    for (const d of other) {
      want3.pending--;
      want3[d.expect]++;
    }
    assert(JSON.stringify(counts3) === JSON.stringify(want3), `after the import review-counts are ${JSON.stringify(counts3)}, expected ${JSON.stringify(want3)}`);
    assert((await panel.locator('[data-testid="review-conflicts"]').count()) === 0, 'one carrier alone made a conflict');
    await until(async () => (await storedPlan(page, start.id))?.past === afterImport.past, 10000, 'the import is not autosaved to IndexedDB within 10 s');
    note(`Sở imported ${fileName}: ${JSON.stringify(summary)}; counts ${JSON.stringify(counts3)}`);
    lap('import');

    // 5. The map: the proposals are drawn (only while the review tab is open), coloured by state.
    const shownOnMap = panel.locator('label', { hasText: 'Hiện trên bản đồ' }).locator('input[type=checkbox]');
    assert(await shownOnMap.isChecked(), '"Hiện trên bản đồ" is not checked');
    const target = other.find((d) => d.expect === 'rejected') ?? other[0];
    await hook(page, 'flyTo', target.at[0], target.at[1], 16);
    await settle(page);
    await sleep(500);
    await settle(page);
    /** The map canvas around the target proposal: pixel reader centred on it. */
    const shotAt = async (path) => {
      await settle(page);
      const pt = await mapPoint(page, target.at[0], target.at[1]);
      const rect = await page.evaluate(() => {
        const r = document.querySelector('#map').getBoundingClientRect();
        return { x: Math.max(0, r.left), y: Math.max(0, r.top) };
      });
      const { width, height, channels, px } = decodePng(await mapCanvasShot(page, path));
      assert(channels >= 3, `map shot has ${channels} channels`);
      const cx = Math.round(pt.x - rect.x);
      const cy = Math.round(pt.y - rect.y);
      const at = (dx, dy) => {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) return null;
        const o = (y * width + x) * channels;
        return [px[o], px[o + 1], px[o + 2]];
      };
      return { at, cx, cy };
    };
    /** Is a pixel within 3 px of the centre within `tol` (per channel) of `rgb`? */
    const near = (s, rgb, tol) => {
      for (let dx = -3; dx <= 3; dx++)
        for (let dy = -3; dy <= 3; dy++) {
          const c = s.at(dx, dy);
          if (c && Math.max(...c.map((v, i) => Math.abs(v - rgb[i]))) <= tol) return true;
        }
      return false;
    };
    /** Pixels within 12 px of the centre that differ between two shots. */
    const changed = (a, b) => {
      let n = 0;
      for (let dx = -12; dx <= 12; dx++)
        for (let dy = -12; dy <= 12; dy++) {
          const p = a.at(dx, dy);
          const q = b.at(dx, dy);
          if (p && q && Math.max(...p.map((v, i) => Math.abs(v - q[i]))) > 24) n++;
        }
      return n;
    };
    const rgb = STATE_RGB[target.expect];
    const on = await shotAt(resolve(OUT_DIR, 'review-map.png'));
    assert(near(on, rgb, 40), `no ${target.expect} colour (${rgb}) at ${target.id} (${on.cx}, ${on.cy}) on the map: the centre pixel is ${on.at(0, 0)}`);
    await shownOnMap.uncheck();
    const off = await shotAt();
    const diff = changed(on, off);
    assert(diff >= 40, `hiding the proposals changed only ${diff} pixels around ${target.id}`);
    await shownOnMap.check();
    const again = await shotAt();
    assert(near(again, rgb, 40) && changed(on, again) < diff / 2, `showing the proposals again did not draw ${target.id} as before (${changed(on, again)} px differ)`);
    note(`map: ${target.id} drawn ${target.expect} at (${on.cx}, ${on.cy}), centre ${on.at(0, 0)}; hiding the layer changed ${diff} px around it`);
    lap('map');

    // The findings panel: a state chip beside the finding (site share) or corridor row (duct reuse / joint build).
    await openTab(page, 'analysis');
    // The review tab is closed: the proposals are no longer drawn.
    const closed = await shotAt();
    assert(changed(off, closed) < diff / 2 && changed(on, closed) >= diff / 2, `with the review tab closed the map around ${target.id} still looks drawn (${changed(on, closed)} px differ from the drawn map, ${changed(off, closed)} from the hidden one)`);
    note(`map with the review tab closed: ${changed(off, closed)} px differ from the hidden layer, ${changed(on, closed)} from the drawn one`);

    const findings = page.locator('[data-testid="findings-panel"]');
    await findings.locator('[data-testid="corridor-table"]').waitFor({ state: 'visible', timeout: 60000 });
    const planned = other.filter((d) => d.kind !== 'cluster');
    if (planned.length === 0) note(`no decided proposal with a non-pending state is a site share, duct reuse or joint build: no findings chip to check`);
    for (const d of planned) {
      let where;
      if (d.kind === 'share') {
        const plannedId = d.id.slice('share:'.length).split('>')[0];
        const group = findings.locator('[data-testid="finding-group-R1-error"]');
        await group.waitFor({ state: 'visible', timeout: 10000 });
        where = group.locator(`[data-testid="finding"][data-finding-id="R1:${plannedId}"]`);
        for (let k = 0; k < 20 && (await where.count()) === 0; k++) {
          const more = group.locator('li > button.link');
          if ((await more.count()) === 0) break;
          await more.first().click({ timeout: 10000 });
        }
        assert((await where.count()) === 1, `no R1 finding R1:${plannedId} in the findings panel for ${d.id}`);
      } else {
        const corridor = d.kind === 'reuse' ? d.id.slice('reuse:'.length).split('>')[0] : d.id.slice('joint:'.length).split('+')[0];
        where = findings.locator('[data-testid="corridor-table"] tbody tr', { hasText: corridor.replace('plan-', '') });
        assert((await where.count()) >= 1, `no corridor row for ${corridor} (${d.id})`);
      }
      await until(async () => (await where.first().locator(`[data-testid="proposal-chips"] .state-chip[data-state="${d.expect}"]`).count()) >= 1, 10000, async () => `${d.id}: no ${d.expect} state chip beside its ${d.kind === 'share' ? 'finding' : 'corridor row'} (chips: ${await where.first().locator('.state-chip').evaluateAll((cs) => cs.map((c) => c.dataset.state).join(',') || 'none')})`);
      note(`findings: ${d.id} shows ${d.expect} beside its ${d.kind === 'share' ? 'R1 finding' : 'corridor row'}`);
    }
    lap('findings');

    // 6. A refused file: an error naming it, nothing attached.
    await openTab(page, 'review');
    await as.selectOption('so');
    await panel.locator('[data-testid="review-file"]').setInputFiles({ name: 'bad.geojson', mimeType: 'application/json', buffer: Buffer.from('{not json') });
    const err = panel.locator('[data-testid="review-error"]');
    await until(async () => (await err.isVisible()) && nfc(await err.innerText()).includes('bad.geojson'), 10000, async () => `importing bad.geojson showed ${(await err.count()) ? JSON.stringify(await err.innerText()) : 'no [data-testid=review-error]'}`);
    const errText = nfc(await err.innerText());
    await sleep(300);
    assert((await logRows.count()) === 3, `after the refused file the log has ${await logRows.count()} rows`);
    const p6 = await hook(page, 'plan');
    assert(p6.past === afterImport.past && p6.future === 0, `the refused file changed the history: ${brief(p6)}`);
    note(`refused: ${JSON.stringify(errText)}`);
    await page.evaluate(() => document.querySelector('nav.sidebar')?.scrollTo(0, 0));
    await page.screenshot({ path: resolve(OUT_DIR, 'review-so.png') });
    lap('refused');
    note(`timings: ${lap}`);
  } finally {
    // 8. Undo what this case added, back to the Sở, home.
    for (let k = 0; k < 10; k++) {
      const p = await hook(page, 'plan').catch(() => null);
      if (!p || p.past <= start.past) break;
      await tap(page, '[data-testid="undo"]').catch(() => {});
      await until(async () => (await hook(page, 'plan')).past < p.past, 5000, '').catch(() => {});
    }
    const end = await hook(page, 'plan').catch(() => null);
    if (end && (end.past !== start.past || end.features !== start.features)) note(`could not restore the plan: ${brief(end)}, it was ${brief(start)}`);
    if (await as.isVisible().catch(() => false)) await as.selectOption('so').catch(() => {});
    else {
      await openTab(page, 'review').catch(() => {});
      await as.selectOption('so').catch(() => {});
    }
    await editorHome(page);
  }
});

// ---------------------------------------------------------------------------------------------
// Runner

let passed = 0;
let failed = 0;
let shuttingDown = false;

async function shutdown() {
  if (shuttingDown) return;
  shuttingDown = true;
  await withTimeout(browser?.close() ?? Promise.resolve(), 15000, 'browser.close').catch(() => {
    try {
      browser?.process?.()?.kill('SIGKILL');
    } catch {
      /* ignore */
    }
  });
  await withTimeout(server?.close() ?? Promise.resolve(), 5000, 'server.close').catch(() => {});
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.log(`# interrupted by ${sig}`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    shutdown().finally(() => process.exit(130));
  });
}
// Last-resort guard: never hang CI.
setTimeout(() => {
  console.log('not ok - runner: global deadline exceeded while shutting down');
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, DEADLINE_MS + 60000).unref();

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  // Failure screenshots of an earlier run would mislead; the named screenshots are overwritten.
  for (const f of readdirSync(OUT_DIR)) if (/^(fail-.*|load-failure)\.png$/.test(f)) rmSync(resolve(OUT_DIR, f), { force: true });
  const selected = GREP ? cases.filter((c) => c.name.toLowerCase().includes(GREP.toLowerCase())) : cases;
  try {
    assert(existsSync(resolve(DIST_DIR, 'index.html')), `${DIST_DIR}/index.html is missing; run \`npx vite build\` first`);
    assert(existsSync(resolve(DATA_DIR, 'manifest.json')), `${DATA_DIR}/manifest.json is missing; run \`npm run seed\` first`);
    server = await startServer({ port: 0, distDir: DIST_DIR, dataDir: DATA_DIR });
    note(`serving ${DIST_DIR} and /data from ${DATA_DIR} at ${server.url}`);
    await setupContext();
  } catch (err) {
    console.log(`not ok - setup: ${err.message.split('\n')[0]}`);
    failed++;
    await shutdown();
    console.log(`${passed} passed, ${failed} failed`);
    return 1;
  }

  for (const c of selected) {
    const t0 = Date.now();
    let error = null;
    if (Date.now() - STARTED > DEADLINE_MS) error = new Error(`not run: the whole-run deadline (${DEADLINE_MS / 1000} s) has passed`);
    const mark = events.length;
    if (!error) {
      const run = Promise.resolve().then(() => c.fn());
      run.catch(() => {}); // a timed-out case may reject later; it is already counted
      try {
        await withTimeout(run, TEST_TIMEOUT_MS, 'test case');
      } catch (err) {
        error = err;
        if (err instanceof TimeoutError) {
          if (app.loading) {
            // Timed out while the app was still loading: do not load it again for every case.
            app.loadError = `not idle within the ${TEST_TIMEOUT_MS / 1000} s test timeout`;
            const loading = await app.pending
              ?.locator('[data-testid="loading"]')
              .first()
              .innerText({ timeout: 1000 })
              .catch(() => null);
            if (loading) error = new Error(`${err.message} (loading indicator says: ${loading.replace(/\s+/g, ' ').slice(0, 200)})`);
            await app.pending?.screenshot({ path: resolve(OUT_DIR, 'load-failure.png'), timeout: 10000 }).catch(() => {});
            await app.pending?.close().catch(() => {});
          } else app.broken = true; // reopen the page for the next case
        }
      }
      await sleep(300); // let late console errors of this case arrive
    }
    const seen = events.slice(mark);
    if (seen.some((e) => e.kind === 'crash')) app.broken = true;
    const reasons = [];
    if (error) reasons.push(String(error.message ?? error).split('\n')[0]);
    const byKind = (k) => seen.filter((e) => e.kind === k).map((e) => e.text);
    const ext = [...new Set(byKind('external-request'))];
    if (ext.length) reasons.push(`${ext.length} request(s) left localhost: ${ext.slice(0, 3).join(', ')}${ext.length > 3 ? ', ...' : ''}`);
    for (const k of ['pageerror', 'console-error', 'http', 'crash', 'dialog']) {
      const list = [...new Set(byKind(k))];
      if (list.length) reasons.push(`${list.length} ${k}: ${list.slice(0, 2).join(' | ')}${list.length > 2 ? ' | ...' : ''}`);
    }
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (reasons.length === 0) {
      passed++;
      console.log(`ok - ${c.name}`);
    } else {
      failed++;
      console.log(`not ok - ${c.name}: ${reasons.join('; ')}`);
      for (const e of seen.slice(0, 20)) note(`  ${e.kind}: ${e.text}`);
      if (app.page && !app.page.isClosed()) {
        const safe = c.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60);
        await app.page.screenshot({ path: resolve(OUT_DIR, `fail-${safe}.png`), timeout: 15000 }).catch(() => {});
      }
    }
    note(`${c.name}: ${secs} s`);
  }

  await shutdown();
  note(`total ${((Date.now() - STARTED) / 1000).toFixed(1)} s; screenshots in ${OUT_DIR}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.log(`not ok - runner: ${err?.stack ?? err}`);
    await shutdown();
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  },
);
