/**
 * `npm run seed [-- --scale N] [--out DIR] [--seed S]`: builds the default Hai Phong dataset
 * deterministically into public/data (same input, byte-identical output).
 */
import { resolve } from 'node:path';
import { loadBase } from './base';
import { generateDataset, DEFAULT_SEED } from './generate/index';
import { writeDataset } from './write';
import { REPO_ROOT } from './shared-path';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const scale = Number(arg('scale') ?? 1);
const seed = Number(arg('seed') ?? DEFAULT_SEED);
const out = resolve(arg('out') ?? resolve(REPO_ROOT, 'public', 'data'));
if (!Number.isInteger(scale) || scale < 1 || scale > 100) {
  console.error(`seed: --scale must be a whole number from 1 to 100 (got ${arg('scale')})`);
  process.exit(2);
}
const t0 = performance.now();
const base = loadBase();
console.log(
  base.source === 'shared'
    ? 'seed: real base geography from ../shared/data'
    : 'seed: ../shared/data not found: building the approximate fallback from seeds/facts/communes.json',
);
const ds = generateDataset(base, { scale, seed, log: (m) => console.log(`seed: ${m}`) });
const manifest = writeDataset(ds, base, out, { seed, scale });
for (const l of manifest.layers) console.log(`seed: ${l.id.padEnd(12)} ${String(l.count).padStart(9)} features ${(l.bytes / 1e6).toFixed(2).padStart(8)} MB`);
console.log(`seed: wrote ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s (scale ${scale})`);
