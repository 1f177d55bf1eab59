/**
 * A plan document (one scenario) and its file form: a GeoJSON FeatureCollection (RFC 7946, so
 * no `crs` member) whose `metadata` carries the plan's name, author, created/modified times and
 * the thresholds used (docs/schema.md, "Plan files"). Pure, no DOM.
 *
 * `parsePlanFile` checks everything before it returns: a damaged file throws a PlanFileError
 * whose message is one sentence naming what is wrong and where, and nothing is built from it.
 */
import type { PlanFile } from '../analysis/types';
import { geometryProblem } from '../geo/valid';
import type { GeoFeature } from '../io/fgb';
import { ASSET_CODES } from '../model/taxonomy';
import { validateAsset } from '../model/validate';
import { slug } from '../slug';

export interface PlanDoc {
  id: string;
  name: string;
  author: string;
  /** ISO 8601. */
  created: string;
  modified: string;
  /** The thresholds stored with the plan (from its file), or null. */
  thresholds: Record<string, unknown> | null;
  features: GeoFeature[];
  /** Carrier review decisions on the plan's sharing proposals (src/core/review), as Point features. */
  reviews?: GeoFeature[];
}

/** Version of the plan file format written in `metadata.hatang`. */
export const PLAN_FORMAT = 1;

/** Statuses and phases a plan feature may have. */
export const PLAN_STATUSES = ['planned', 'upgrade', 'convert', 'remove'] as const;
export const PLAN_PHASES = ['2030', '2040'] as const;

export interface PlanProblem {
  /** 0-based index in `features`, absent for a problem of the file as a whole. */
  feature?: number;
  id?: string;
  message: string;
}

export class PlanFileError extends Error {
  readonly problems: PlanProblem[];
  constructor(message: string, problems: PlanProblem[] = [{ message }]) {
    super(message);
    this.name = 'PlanFileError';
    this.problems = problems;
  }
}

export function newPlanDoc(name: string, author: string, nowIso: string, id: string): PlanDoc {
  return { id, name, author, created: nowIso, modified: nowIso, thresholds: null, features: [] };
}

/** The file form of `doc`, with `params` as the thresholds used. */
export function toPlanFile(doc: PlanDoc, params: object | null): PlanFile {
  return {
    type: 'FeatureCollection',
    metadata: {
      name: doc.name,
      author: doc.author,
      created: doc.created,
      modified: doc.modified,
      thresholds: params ?? doc.thresholds,
      hatang: PLAN_FORMAT,
      ...(doc.reviews?.length ? { reviews: doc.reviews } : {}),
    },
    features: doc.features,
  };
}

/** JSON text of a plan file: the metadata first, then one feature per line. */
export function planFileText(file: PlanFile): string {
  const head = JSON.stringify({ type: file.type, metadata: file.metadata ?? {} });
  const body = file.features.map((f) => JSON.stringify(f)).join(',\n');
  return `${head.slice(0, -1)},"features":[\n${body}\n]}\n`;
}

/** A file name for `name`: ASCII, no diacritics, dashes, `.geojson`. */
export function planFileName(name: string): string {
  const base = slug(name, '');
  return `${base || 'plan'}.geojson`;
}

/** `prefix-NNN` one above the highest number already used with this prefix (at least 3 digits). */
export function nextFeatureId(features: readonly GeoFeature[], prefix: string): string {
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  let max = 0;
  for (const f of features) {
    const m = re.exec(String(f.properties?.id ?? ''));
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}-${String(max + 1).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Reading

function lineCol(text: string, pos: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  return `line ${line}, column ${pos - last}`;
}

/** Where and why `text` is not JSON (a small strict scanner, run only after JSON.parse failed). */
function jsonSyntaxError(text: string): string {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(readonly expected: string) {}
  }
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (expected: string): never => {
    throw new Stop(expected);
  };
  const str = () => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('four hex digits after \\u');
          }
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          i++;
          fail('a valid escape after a backslash');
        }
        i += 2;
        continue;
      }
      if (c < 32) fail('a closing double quote (strings cannot span lines)');
      i++;
    }
    fail('a closing double quote');
  };
  const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (depth: number): void => {
    if (depth > 200) fail('less deeply nested data');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        str();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']'");
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      num.lastIndex = i;
      if (!num.test(text)) fail('a number');
      i = num.lastIndex;
      return;
    }
    for (const lit of ['true', 'false', 'null'])
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    fail('a value');
  };
  try {
    value(0);
    ws();
    if (i < n) fail('the end of the file');
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const where = lineCol(text, i);
    if (i >= n) return `it ends too early (${where}), where ${e.expected} was expected`;
    return `unexpected ${JSON.stringify(text[i])} at ${where}, where ${e.expected} was expected`;
  }
  return 'it could not be read';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const FIELD_CHECKED_HERE = /^(id|code|status|phase): /;

/** Problems of one feature, as short phrases. */
function featureProblems(f: unknown, seen: Set<string>): { id?: string; problems: string[] } {
  if (!isObject(f) || f.type !== 'Feature') return { problems: ['is not a GeoJSON Feature'] };
  const problems: string[] = [];
  const geo = geometryProblem(f.geometry);
  if (geo) problems.push(`bad geometry (${geo})`);
  if (!isObject(f.properties)) {
    problems.push('has no properties object');
    return { problems };
  }
  const p = f.properties;
  let id: string | undefined;
  if (p.id === undefined || p.id === null || p.id === '') problems.push('missing id');
  else if (typeof p.id !== 'string') problems.push(`id must be text (got ${describe(p.id)})`);
  else {
    id = p.id;
    if (seen.has(id)) problems.push('duplicate id');
    seen.add(id);
  }
  const known = typeof p.code === 'string' && (ASSET_CODES as readonly string[]).includes(p.code);
  if (!known) problems.push(p.code === undefined || p.code === null ? 'missing code' : `unknown code ${describe(p.code)}`);
  if (!(PLAN_STATUSES as readonly unknown[]).includes(p.status)) problems.push(`status must be ${PLAN_STATUSES.join('|')} (got ${describe(p.status)})`);
  if (!(PLAN_PHASES as readonly unknown[]).includes(p.phase)) problems.push(`phase must be 2030 or 2040 (got ${describe(p.phase)})`);
  if (known) for (const e of validateAsset(p)) if (!FIELD_CHECKED_HERE.test(e)) problems.push(e);
  return { id, problems };
}

const SHOWN = 3;

/**
 * Check a parsed plan file and build its document. Throws PlanFileError naming the first few
 * problems (feature numbers are 1-based in the message, 0-based in `problems`).
 */
export function docFromPlanFile(value: unknown, nowIso: string, id: string, fallbackName = 'Untitled plan'): PlanDoc {
  if (!isObject(value) || value.type !== 'FeatureCollection') {
    const t = isObject(value) ? describe(value.type) : Array.isArray(value) ? 'an array' : describe(value);
    throw new PlanFileError(`The file is not a GeoJSON FeatureCollection (its type is ${t}).`);
  }
  if (!Array.isArray(value.features)) throw new PlanFileError('The FeatureCollection has no "features" array.');
  const meta = value.metadata === undefined || value.metadata === null ? {} : value.metadata;
  if (!isObject(meta)) throw new PlanFileError(`The plan's "metadata" must be an object (got ${describe(meta)}).`);
  if (typeof meta.hatang === 'number' && meta.hatang > PLAN_FORMAT)
    throw new PlanFileError(`The plan file was written in format ${meta.hatang} by a newer hatang; this version reads format ${PLAN_FORMAT}.`);

  const all: PlanProblem[] = [];
  const seen = new Set<string>();
  const n = value.features.length;
  value.features.forEach((f, i) => {
    const r = featureProblems(f, seen);
    for (const message of r.problems) all.push({ feature: i, id: r.id, message });
  });
  if (all.length) {
    const where = (p: PlanProblem) => `feature ${p.feature! + 1} of ${n}${p.id ? ` (id ${p.id})` : ''}`;
    const shown = all.slice(0, SHOWN).map((p) => `${where(p)}: ${p.message}`);
    const more = all.length > SHOWN ? `; and ${all.length - SHOWN} more` : '';
    const head = all.length === 1 ? 'The plan file has a problem' : `The plan file has ${all.length} problems`;
    throw new PlanFileError(`${head}: ${shown.join('; ')}${more}.`, all);
  }

  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const features = (value.features as Record<string, unknown>[]).map(
    (f): GeoFeature => ({ type: 'Feature', geometry: structuredClone(f.geometry) as GeoFeature['geometry'], properties: structuredClone(f.properties) as Record<string, unknown> }),
  );
  return {
    id,
    name: text(meta.name)?.trim() || fallbackName,
    author: text(meta.author) ?? '',
    created: text(meta.created) ?? nowIso,
    modified: text(meta.modified) ?? nowIso,
    thresholds: isObject(meta.thresholds) ? structuredClone(meta.thresholds) : null,
    features,
    ...(Array.isArray(meta.reviews) ? { reviews: reviewFeatures(meta.reviews) } : {}),
  };
}

/** Review decisions kept in a plan file: Point features with an id; anything else is dropped. */
function reviewFeatures(list: unknown[]): GeoFeature[] {
  return list
    .filter((f): f is Record<string, unknown> => isObject(f) && isObject(f.properties) && typeof (f.properties as Record<string, unknown>).id === 'string' && isObject(f.geometry))
    .map((f) => ({ type: 'Feature', geometry: structuredClone(f.geometry) as GeoFeature['geometry'], properties: structuredClone(f.properties) as Record<string, unknown> }));
}

/** Read a plan file's text; throws PlanFileError (one sentence) when it is damaged. */
export function parsePlanFile(text: string, nowIso: string, id: string, fallbackName?: string): { doc: PlanDoc } {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.trim() === '') throw new PlanFileError('The file is empty.');
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    throw new PlanFileError(`The file is not valid JSON: ${jsonSyntaxError(t)}.`);
  }
  return { doc: docFromPlanFile(value, nowIso, id, fallbackName) };
}
