// Dependency-free static server for the built hatang app (node:http only).
//
//   startServer({ port, dataDir, distDir, host, maxTries }) -> Promise<{ url, port, close, server }>
//
// - `/data/*` is served from dataDir (default public/data); a missing data file is a 404, never
//   index.html, so the app sees a real error instead of parsing HTML as FlatGeobuf.
// - Everything else is served from distDir (default dist). A path whose last segment has no
//   extension (e.g. /, /plan/3) that is not a file falls back to dist/index.html (SPA routing);
//   a missing file with an extension (e.g. /assets/x.js) is a 404.
// - GET and HEAD only. Single-range `Range: bytes=` requests get 206 (416 when unsatisfiable);
//   multi-range requests get the whole file (200), which HTTP allows.
// - Caching: every response is `Cache-Control: no-cache` with an ETag and Last-Modified, so the
//   browser always revalidates (a rebuilt app or a re-seeded dataset is never served stale) and
//   an unchanged file costs a 304. If-Range is honoured, so a cached partial FlatGeobuf is never
//   stitched together with bytes of a newer file.
// - Binds 127.0.0.1 by default. port 0 picks a free port; a busy port tries the next ones.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DIST_DIR = resolve(REPO_ROOT, 'dist');
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'public', 'data');
export const DEFAULT_PORT = 5173;

const TEXT = '; charset=utf-8';
export const CONTENT_TYPES = {
  '.html': 'text/html' + TEXT,
  '.htm': 'text/html' + TEXT,
  '.js': 'text/javascript' + TEXT,
  '.mjs': 'text/javascript' + TEXT,
  '.cjs': 'text/javascript' + TEXT,
  '.css': 'text/css' + TEXT,
  '.json': 'application/json' + TEXT,
  '.map': 'application/json' + TEXT,
  '.webmanifest': 'application/manifest+json' + TEXT,
  '.geojson': 'application/geo+json' + TEXT,
  '.fgb': 'application/octet-stream',
  '.pbf': 'application/x-protobuf',
  '.mvt': 'application/vnd.mapbox-vector-tile',
  '.pmtiles': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml' + TEXT,
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain' + TEXT,
  '.md': 'text/markdown' + TEXT,
  '.csv': 'text/csv' + TEXT,
};

export function contentTypeOf(path) {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a URL path below root; null when it escapes root or is malformed. */
function safeJoin(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return full;
}

async function statFile(path) {
  if (path === null) return null;
  try {
    const s = await stat(path);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

function etagOf(s) {
  // Strong validator in the nginx style (size + mtime), so If-Range can use it.
  return `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
}

/** Parses a single `bytes=` range; returns {start,end}, 'unsatisfiable', or null (ignore header). */
export function parseRange(header, size) {
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return null;
  const specs = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  if (specs.length !== 1) return null; // multi-range: serve the whole file
  const r = /^(\d*)\s*-\s*(\d*)$/.exec(specs[0]);
  if (!r || (r[1] === '' && r[2] === '')) return null;
  let start;
  let end;
  if (r[1] === '') {
    const suffix = Number(r[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(r[1]);
    end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[2] !== '' && Number(r[2]) < start) return null; // invalid range: ignore
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}

function etagMatches(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const weak = (t) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => weak(t) === weak(etag));
}

function sendText(req, res, status, text, extra = {}) {
  const body = Buffer.from(text + '\n');
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendFile(req, res, path, s) {
  const etag = etagOf(s);
  const lastModified = new Date(Math.floor(s.mtimeMs / 1000) * 1000).toUTCString();
  const headers = {
    'Content-Type': contentTypeOf(path),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-cache',
    ETag: etag,
    'Last-Modified': lastModified,
    'X-Content-Type-Options': 'nosniff',
  };

  // Conditional GET (If-None-Match wins over If-Modified-Since, and over Range).
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const notModified = inm
    ? etagMatches(inm, etag)
    : ims !== undefined && !Number.isNaN(Date.parse(ims)) && Math.floor(s.mtimeMs / 1000) * 1000 <= Date.parse(ims);
  if (notModified) {
    res.writeHead(304, headers);
    res.end();
    return;
  }

  let range = null;
  const rangeHeader = req.headers.range;
  if (rangeHeader !== undefined) {
    const ifRange = req.headers['if-range'];
    let rangeValid = true;
    if (ifRange !== undefined) {
      const v = ifRange.trim();
      rangeValid = v.startsWith('"') ? v === etag // strong comparison
        : v.startsWith('W/') ? false
        : Date.parse(v) === Date.parse(lastModified);
    }
    if (rangeValid) range = parseRange(rangeHeader, s.size);
  }

  if (range === 'unsatisfiable') {
    sendText(req, res, 416, 'Range Not Satisfiable', { 'Content-Range': `bytes */${s.size}`, 'Accept-Ranges': 'bytes' });
    return;
  }

  let status = 200;
  let start = 0;
  let end = s.size - 1;
  if (range) {
    status = 206;
    ({ start, end } = range);
    headers['Content-Range'] = `bytes ${start}-${end}/${s.size}`;
  }
  headers['Content-Length'] = s.size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || s.size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(path, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

function makeHandler({ distDir, dataDir }) {
  const indexHtml = resolve(distDir, 'index.html');
  return async function handle(req, res) {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(req, res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
        return;
      }
      let pathname;
      try {
        pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      } catch {
        sendText(req, res, 400, 'Bad Request');
        return;
      }

      if (pathname === '/data' || pathname.startsWith('/data/')) {
        const file = safeJoin(dataDir, pathname.slice('/data'.length));
        const s = await statFile(file);
        if (!s) return sendText(req, res, file === null ? 400 : 404, file === null ? 'Bad Request' : 'Not Found');
        return sendFile(req, res, file, s);
      }

      const file = safeJoin(distDir, pathname);
      if (file === null) return sendText(req, res, 400, 'Bad Request');
      let s = await statFile(file);
      if (s) return sendFile(req, res, file, s);

      // A directory with an index.html (e.g. "/" itself).
      const dirIndex = await statFile(resolve(file, 'index.html'));
      if (dirIndex) return sendFile(req, res, resolve(file, 'index.html'), dirIndex);

      const last = pathname.split('/').pop() ?? '';
      if (!last.includes('.')) {
        s = await statFile(indexHtml);
        if (s) return sendFile(req, res, indexHtml, s);
        return sendText(req, res, 404, `Not Found (no ${indexHtml}; run \`npx vite build\` first)`);
      }
      return sendText(req, res, 404, 'Not Found');
    } catch (err) {
      if (!res.headersSent) sendText(req, res, 500, 'Internal Server Error');
      else res.destroy();
      if (process.env.HATANG_SERVER_DEBUG) console.error('hatang server error:', err);
    }
  };
}

function listenOnce(server, port, host) {
  return new Promise((resolveListen, rejectListen) => {
    const onError = (err) => {
      server.off('listening', onListening);
      rejectListen(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Starts the server. Resolves once it is listening.
 * @param {{port?: number, dataDir?: string, distDir?: string, host?: string, maxTries?: number}} [opts]
 * @returns {Promise<{url: string, port: number, host: string, close: () => Promise<void>, server: import('node:http').Server}>}
 */
export async function startServer(opts = {}) {
  const host = opts.host ?? '127.0.0.1';
  const distDir = resolve(opts.distDir ?? DEFAULT_DIST_DIR);
  const dataDir = resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const firstPort = opts.port === undefined || opts.port === null ? DEFAULT_PORT : Number(opts.port);
  if (!Number.isInteger(firstPort) || firstPort < 0 || firstPort > 65535) throw new Error(`invalid port: ${opts.port}`);
  const maxTries = firstPort === 0 ? 1 : (opts.maxTries ?? 20);

  const server = createServer(makeHandler({ distDir, dataDir }));
  server.keepAliveTimeout = 5000;

  let lastErr;
  for (let i = 0; i < maxTries && firstPort + i <= 65535; i++) {
    try {
      await listenOnce(server, firstPort + i, host);
      lastErr = undefined;
      break;
    } catch (err) {
      lastErr = err;
      if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
    }
  }
  if (lastErr) throw new Error(`no free port in ${firstPort}..${firstPort + maxTries - 1} on ${host}: ${lastErr.message}`);

  const port = server.address().port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  let closing;
  const close = () => {
    closing ??= new Promise((resolveClose) => {
      server.close(() => resolveClose());
      server.closeAllConnections?.();
    });
    return closing;
  };
  return { url, port, host, close, server, distDir, dataDir };
}
