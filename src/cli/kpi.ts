/** `hatang kpi`: computes the Plan 317 indicators of a plan against a dataset and writes them as JSON. */
import { Analyzer } from '../core/analysis/analyze';
import type { PlanFile } from '../core/analysis/types';
import { KpiEngine } from '../core/kpi/engine';
import { TARGETS } from '../core/kpi/params';
import { KPI_PHASES, type KpiPhase, type KpiReport } from '../core/kpi/types';
import { parseFlags, type Command, type Io } from './args';
import { writeText } from './files';
import { CliError, readKpiInput } from './load-data';
import { planInputs } from './plan-inputs';

const DEFAULT_PHASE: KpiPhase = '2030';
const TOP_CONTRIBUTIONS = 20;

const HELP = `Usage: hatang kpi [--data DIR] [--plan FILE.geojson] [--phase 2025|2030|2040] [--out FILE]

Computes the Plan 317 indicators of a plan for one phase (5G and fibre coverage of the
population, public Wi-Fi at commune centres, data centres, infrastructure sharing) and
writes them as JSON. 2025 is the dataset alone; 2030 adds the plan's 2030 features; 2040 adds
the 2040 ones too. Coverage is screened with planning radii, not radio predictions.

Options:
  --data DIR         dataset folder with manifest.json (default: public/data; build it with npm run seed)
  --plan FILE        plan as a GeoJSON FeatureCollection (default: the dataset's demo plan)
  --phase YEAR       ${KPI_PHASES.join(', ')} (default: ${DEFAULT_PHASE})
  --out FILE         write the indicators to FILE and a one-line summary to stderr (default: JSON on stdout)
  -h, --help         show this help

Output: { phase, population_total, population_5g, pct_5g, population_fibre, pct_fibre,
          wifi_centres_pct, datacentres, sharing, communes, params, wifi_centres,
          wifi_centres_total, gaps, targets, trend, siting, contributions, plan, timings_ms }
Exit codes: 0 done, 2 bad usage or unreadable input, 1 computation failure.
`;

function parsePhase(raw: string): KpiPhase {
  const s = raw.trim();
  if ((KPI_PHASES as readonly string[]).includes(s)) return s as KpiPhase;
  throw new CliError(`--phase: expected one of ${KPI_PHASES.join(', ')}, got '${raw}'`);
}

/** The JSON document for one phase: the headline figures first, then the detail. */
export function kpiDocument(r: KpiReport, phase: KpiPhase, plan: PlanFile, extra: { dataDir: string; planFile: string; timings_ms: Record<string, number> }) {
  const k = r.phases[phase];
  const name = plan.metadata?.name;
  return {
    phase: k.phase,
    population_total: k.population_total,
    population_5g: k.population_5g,
    pct_5g: k.pct_5g,
    population_fibre: k.population_fibre,
    pct_fibre: k.pct_fibre,
    wifi_centres_pct: k.wifi_centres_pct,
    datacentres: k.datacentres,
    sharing: k.sharing,
    communes: k.communes.map((c) => ({
      code: c.code,
      name: c.name,
      population: c.population,
      pct_5g: c.pct_5g,
      pct_fibre: c.pct_fibre,
      population_5g: c.population_5g,
      population_fibre: c.population_fibre,
      wifi: c.wifi,
      sites: c.sites,
      sites_5g: c.sites_5g,
      type: c.type,
    })),
    params: { ...r.params, dataDir: extra.dataDir, planFile: extra.planFile },
    wifi_centres: k.wifi_centres,
    wifi_centres_total: k.wifi_centres_total,
    gaps: k.gaps,
    targets: TARGETS,
    trend: Object.fromEntries(
      KPI_PHASES.map((ph) => [ph, { pct_5g: r.phases[ph].pct_5g, pct_fibre: r.phases[ph].pct_fibre, wifi_centres_pct: r.phases[ph].wifi_centres_pct }]),
    ) as Record<KpiPhase, { pct_5g: number; pct_fibre: number; wifi_centres_pct: number }>,
    siting: r.siting,
    contributions: k.contributions.slice(0, TOP_CONTRIBUTIONS),
    plan: typeof name === 'string' && name !== '' ? name : null,
    timings_ms: extra.timings_ms,
  };
}

async function run(argv: string[], io: Io): Promise<number> {
  const v = parseFlags('kpi', argv, {
    data: { type: 'string' },
    plan: { type: 'string' },
    phase: { type: 'string' },
    out: { type: 'string' },
  });
  const phase = typeof v.phase === 'string' ? parsePhase(v.phase) : DEFAULT_PHASE;
  const { dataDir, planFile, plan, outFile } = planInputs(v, io);

  const input = await readKpiInput(dataDir);
  const t0 = performance.now();
  const analyzer = new Analyzer(input);
  const engine = new KpiEngine(input, analyzer.ctx, (f, ap) => analyzer.corridor(f, ap));
  const build = Math.round((performance.now() - t0) * 10) / 10;
  const r = engine.compute(plan);
  const doc = kpiDocument(r, phase, plan, { dataDir, planFile, timings_ms: { build, ...r.timings_ms } });
  const json = JSON.stringify(doc, null, 2) + '\n';
  if (!outFile) {
    io.out(json);
    return 0;
  }
  writeText(outFile, json);
  const dc = doc.datacentres;
  io.err(
    `hatang: wrote ${outFile}: phase ${phase}, 5G ${doc.pct_5g}% and fibre ${doc.pct_fibre}% of ${doc.population_total.toLocaleString('en-US')} people, ` +
      `Wi-Fi at ${doc.wifi_centres}/${doc.wifi_centres_total} commune centres, data centres ${dc.green_new} green new / ${dc.upgraded} upgraded, ` +
      `${doc.sharing.pct_shared}% of sites shared`,
  );
  return 0;
}

export const kpi: Command = {
  name: 'kpi',
  summary: 'compute the Plan 317 indicators of a plan for one phase as JSON',
  help: HELP,
  run,
};
