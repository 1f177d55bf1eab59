/** Builds public/data with the default seed when it is missing (used by `npm start` and `npm test`). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './shared-path';

if (!existsSync(resolve(REPO_ROOT, 'public', 'data', 'manifest.json'))) {
  execFileSync(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'seeds', 'seed.ts')], { stdio: 'inherit' });
}
