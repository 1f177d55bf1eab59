/** The inputs of the plan commands (analyze, kpi, review): --data, --plan and --out, checked before any layer is read. */
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../../seeds/shared-path';
import type { PlanFile } from '../core/analysis/types';
import { userPath, type FlagValues, type Io } from './args';
import { checkWritable } from './files';
import { CliError, readManifest, readPlan } from './load-data';

export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'public', 'data');

export interface PlanInputs {
  dataDir: string;
  planFile: string;
  plan: PlanFile;
  /** null: write to stdout. */
  outFile: string | null;
}

/**
 * The dataset folder (default public/data), the plan (default: the dataset's demo plan) and the
 * output file. The cheap checks come first: the manifest, the plan, the output folder.
 */
export function planInputs(v: FlagValues, io: Io): PlanInputs {
  const dataDir = typeof v.data === 'string' ? userPath(v.data, io) : DEFAULT_DATA_DIR;
  const manifest = readManifest(dataDir);
  let planFile: string;
  if (typeof v.plan === 'string') planFile = userPath(v.plan, io);
  else if (manifest.plan) planFile = join(dataDir, manifest.plan);
  else throw new CliError(`${dataDir}: the dataset names no demo plan; pass --plan FILE`);
  const plan = readPlan(planFile);
  const outFile = typeof v.out === 'string' ? userPath(v.out, io) : null;
  if (outFile) checkWritable(outFile);
  return { dataDir, planFile, plan, outFile };
}
