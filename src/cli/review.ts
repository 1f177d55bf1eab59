/**
 * `hatang review`: carrier review of sharing proposals (issue 7) from the command line.
 *
 * - `review package --carrier NAME`: the review package sent to one carrier (the proposals it is
 *   a party to, with the features involved), as the app's "review package" button writes it;
 * - `review merge REVIEW...`: the carriers' signed review files merged into one decision log
 *   against the plan's current proposals (all or nothing), as GeoJSON or as a CSV log.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Analyzer } from '../core/analysis/analyze';
import { withParams } from '../core/analysis/params';
import type { PlanFile } from '../core/analysis/types';
import type { GeoFeature } from '../core/io/fgb';
import { conflicts, countStates, logCsv, statusAll } from '../core/review/decisions';
import { REVIEW_OWNERS, ReviewFileError, importReviews, parseReviewFile, reviewOwner, writePackage } from '../core/review/file';
import { buildProposals, partiesText, proposalsFor } from '../core/review/proposals';
import { PROPOSAL_KINDS, PROPOSAL_STATES, type Proposal } from '../core/review/types';
import { parseCommandLine, parseFlags, userPath, type Command, type FlagSpec, type Io } from './args';
import { writeText } from './files';
import { planInputs } from './plan-inputs';
import { CliError, readAnalysisInput, readManifest, readLayer } from './load-data';

const SUBCOMMANDS = ['package', 'merge'] as const;
const LANGS = ['vi', 'en'] as const;
type Lang = (typeof LANGS)[number];

/** Dataset layers that hold no assets a proposal can involve. */
const NO_ASSET_LAYERS = ['popcells', 'land', 'neighbours', 'roads'];
/** Conflicting proposal ids named on the summary line; the rest are counted. */
const MAX_LISTED = 5;

const HELP = `Usage: hatang review package --carrier NAME [--data DIR] [--plan FILE] --out FILE
       hatang review merge REVIEW... [--data DIR] [--plan FILE] [--lang vi|en] --out FILE

Carrier review of the plan's sharing proposals (site sharing, cluster consolidation, duct
reuse, joint build), as in the app's review panel.

  package   writes the review package for one carrier: a GeoJSON with one point per proposal
            the carrier is a party to (its facts, decision: pending) and the plan and dataset
            features involved (other owners' confidential attributes removed)
  merge     reads the carriers' signed review files (GeoJSON) and merges their decisions with
            the plan's current proposals, all or nothing: an unreadable, altered or foreign
            file (of another plan) stops the merge and nothing is written

Options:
  --carrier NAME     package: the carrier (${REVIEW_OWNERS.join(', ')}) (required)
  --data DIR         dataset folder with manifest.json (default: public/data; build it with npm run seed)
  --plan FILE        plan as a GeoJSON FeatureCollection (default: the dataset's demo plan)
  --out FILE         file to write (required); merge: FILE.csv writes the decision log as CSV
                     (UTF-8 with BOM), any other name a GeoJSON with one point per decided proposal
  --lang vi|en       merge: column headers of the CSV log (default: vi)
  -h, --help         show this help

Merge GeoJSON: metadata { hatang_review_merge, plan, files, counts, conflicts, log }, one Point
per proposal with a decision: { proposal_id, kind, state, parties, decisions, waiting, ... }.
Exit codes: 0 written, 2 bad usage or an unreadable, altered or foreign review file, 1 other failure.
`;

const see = "see 'hatang review --help'";

const PACKAGE_FLAGS: FlagSpec = {
  carrier: { type: 'string' },
  data: { type: 'string' },
  plan: { type: 'string' },
  out: { type: 'string' },
};

const MERGE_FLAGS: FlagSpec = {
  data: { type: 'string' },
  plan: { type: 'string' },
  out: { type: 'string' },
  lang: { type: 'string' },
};

/** The subcommand (the first positional) and the other arguments. Every flag of review takes a value. */
function splitSubcommand(argv: string[]): { sub: string | null; rest: string[] } {
  const takesValue = new Set([...Object.keys(PACKAGE_FLAGS), ...Object.keys(MERGE_FLAGS)]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { sub: argv[i + 1] ?? null, rest: [...argv.slice(0, i + 1), ...argv.slice(i + 2)] };
    if (a.startsWith('-') && a !== '-') {
      if (a.startsWith('--') && !a.includes('=') && takesValue.has(a.slice(2))) i++;
      continue;
    }
    return { sub: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { sub: null, rest: argv };
}

interface Loaded {
  plan: PlanFile;
  planName: string | null;
  proposals: Proposal[];
  /** Any feature (plan first, then dataset) by id. */
  feature: (id: string) => GeoFeature | undefined;
}

/** The plan's proposals, built as the app's worker builds them (default parameters, every phase). */
async function loadProposals(dataDir: string, plan: PlanFile): Promise<Loaded> {
  const manifest = readManifest(dataDir);
  const input = await readAnalysisInput(dataDir);
  const held: Record<string, GeoFeature[]> = { ...input };
  const others = manifest.layers.map((l) => l.id).filter((id) => !NO_ASSET_LAYERS.includes(id) && !(id in held));
  const read = await Promise.all(others.map((id) => readLayer(dataDir, manifest, id)));
  others.forEach((id, i) => (held[id] = read[i]));
  const byId = new Map<string, GeoFeature>();
  for (const [id, features] of Object.entries(held)) {
    if (NO_ASSET_LAYERS.includes(id)) continue;
    for (const f of features) {
      const fid = String(f.properties?.id ?? '');
      if (fid && !byId.has(fid)) byId.set(fid, f);
    }
  }
  const planById = new Map(plan.features.map((f) => [String(f.properties.id), f]));
  const feature = (id: string) => planById.get(id) ?? byId.get(id);
  const analyzer = new Analyzer(input);
  const params = withParams({});
  const report = analyzer.analyze(plan, params);
  const proposals = buildProposals({ report, plan, ctx: analyzer.ctx, feature, params });
  const name = plan.metadata?.name;
  return { plan, planName: typeof name === 'string' && name.trim() !== '' ? name : null, proposals, feature };
}

/** `5 site_share, 3 duct_reuse`: the non-zero counts of each kind, in kind order. */
function byKind(proposals: Proposal[]): string {
  const parts = PROPOSAL_KINDS.map((k) => [k, proposals.filter((p) => p.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function runPackage(argv: string[], io: Io): Promise<number> {
  const v = parseFlags('review package', argv, PACKAGE_FLAGS);
  if (typeof v.carrier !== 'string') throw new CliError(`--carrier NAME is required: one of ${REVIEW_OWNERS.join(', ')} (${see})`);
  const carrier = reviewOwner(v.carrier);
  if (!carrier) throw new CliError(`--carrier: unknown carrier '${v.carrier}' (one of ${REVIEW_OWNERS.join(', ')})`);
  if (typeof v.out !== 'string') throw new CliError(`--out FILE is required (${see})`);
  // Cheap checks first: the manifest, the plan and the output folder, before the layers are read.
  const { dataDir, plan } = planInputs(v, io);
  const outFile = userPath(v.out, io);

  const { planName, proposals, feature } = await loadProposals(dataDir, plan);
  const mine = proposalsFor(carrier, proposals);
  const involved = [...new Set(mine.flatMap((p) => p.featureIds))];
  const features = involved.map(feature).filter((f): f is GeoFeature => f !== undefined);
  const text = writePackage({ carrier, date: new Date().toISOString(), plan: planName, proposals: mine, features });
  writeText(outFile, text);
  const written = (JSON.parse(text) as { features: unknown[] }).features.length - mine.length;
  io.err(`hatang: wrote ${outFile}: ${plural(mine.length, 'proposal')} for ${carrier}${byKind(mine)}, ${plural(written, 'context feature')}`);
  return 0;
}

function parseLang(raw: string): Lang {
  const s = raw.trim().toLowerCase();
  if ((LANGS as readonly string[]).includes(s)) return s as Lang;
  throw new CliError(`--lang: expected one of ${LANGS.join(', ')}, got '${raw}'`);
}

/** A review file's text; the name is the path as the user typed it. */
function readReview(name: string, io: Io): { name: string; text: string } {
  const path = userPath(name, io);
  if (!existsSync(path)) throw new CliError(`${name}: file not found`);
  if (statSync(path).isDirectory()) throw new CliError(`${name}: is a folder, not a file`);
  try {
    return { name, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new CliError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

async function runMerge(argv: string[], io: Io): Promise<number> {
  // Any number of review files: one name per argument.
  const { values: v, positionals: names } = parseCommandLine('review merge', argv, MERGE_FLAGS, Array(Math.max(argv.length, 1)).fill('REVIEW file'), 1);
  const lang = typeof v.lang === 'string' ? parseLang(v.lang) : 'vi';
  if (typeof v.out !== 'string') throw new CliError(`--out FILE is required (${see})`);
  const { dataDir, plan } = planInputs(v, io);
  const outFile = userPath(v.out, io);
  const csv = /\.csv$/i.test(outFile);
  const files = names.map((n) => readReview(n, io));
  try {
    // Unreadable or altered files fail here, before the dataset is read; foreign ones below.
    for (const f of files) parseReviewFile(f.text, f.name);
  } catch (e) {
    if (e instanceof ReviewFileError) throw new CliError(e.message);
    throw e;
  }

  const { planName, proposals } = await loadProposals(dataDir, plan);
  let merged;
  try {
    merged = importReviews([], files, proposals);
  } catch (e) {
    if (e instanceof ReviewFileError) throw new CliError(e.message);
    throw e;
  }
  const { records, report } = merged;
  const counts = countStates(proposals, records);
  const conflicting = conflicts(proposals, records).map((c) => ({ id: c.id, accepted: c.accepted, rejected: c.rejected }));

  if (csv) writeText(outFile, logCsv(records, proposals, lang));
  else {
    const statuses = statusAll(proposals, records);
    const features = proposals
      .filter((p) => (statuses.get(p.id)?.latest.length ?? 0) > 0)
      .map((p) => {
        const s = statuses.get(p.id)!;
        return {
          type: 'Feature' as const,
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
          properties: {
            proposal_id: p.id,
            kind: p.kind,
            state: s.state,
            parties: partiesText(p),
            decisions: s.latest.map((r) => `${r.carrier}:${r.decision}${r.reason ? `/${r.reason}` : ''}`).join('; '),
            waiting: s.waiting.join(','),
            phase: p.phase,
            summary_vi: p.summary.vi,
            summary_en: p.summary.en,
          },
        };
      });
    const metadata = {
      hatang_review_merge: 1,
      plan: planName,
      files: report.map((r) => ({ file: r.file, carrier: r.carrier, round: r.round, attached: r.attached, stale: r.stale, unknown: r.unknown, duplicates: r.duplicates })),
      counts,
      conflicts: conflicting,
      log: records,
    };
    writeText(outFile, JSON.stringify({ type: 'FeatureCollection', metadata, features }, null, 1) + '\n');
  }

  const decided = proposals.filter((p) => records.some((r) => r.proposal_id === p.id)).length;
  const states = PROPOSAL_STATES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const stale = report.reduce((n, r) => n + r.stale, 0);
  const unknown = report.reduce((n, r) => n + r.unknown.length, 0);
  const notes = [stale ? `${stale} stale` : '', unknown ? `${unknown} not for a proposal of its carrier, left out` : ''].filter(Boolean).join(', ');
  const ids = conflicting.map((c) => c.id);
  const listed = ids.length ? `: ${ids.slice(0, MAX_LISTED).join(', ')}${ids.length > MAX_LISTED ? `, +${ids.length - MAX_LISTED} more` : ''}` : '';
  io.err(
    `hatang: wrote ${outFile}: ${plural(records.length, 'decision')} from ${plural(files.length, 'file')}${notes ? ` (${notes})` : ''} ` +
      `on ${decided} of ${plural(proposals.length, 'proposal')}; ${states}; ${plural(ids.length, 'conflict')}${listed}`,
  );
  return 0;
}

async function run(argv: string[], io: Io): Promise<number> {
  const { sub, rest } = splitSubcommand(argv);
  if (sub === null) throw new CliError(`missing subcommand: ${SUBCOMMANDS.join(' or ')} (${see})`);
  if (sub === 'package') return runPackage(rest, io);
  if (sub === 'merge') return runMerge(rest, io);
  throw new CliError(`unknown subcommand '${sub}' (${SUBCOMMANDS.join(', ')}; ${see})`);
}

export const review: Command = {
  name: 'review',
  summary: 'carrier review: write a carrier review package, merge returned review files',
  help: HELP,
  run,
};
