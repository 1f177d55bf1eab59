import * as Comlink from 'comlink';
import type { DataApi } from './data.worker';

let remote: Comlink.Remote<DataApi> | null = null;

/** The one data worker of the page. */
export function dataWorker(): Comlink.Remote<DataApi> {
  if (!remote) {
    remote = Comlink.wrap<DataApi>(new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module' }));
  }
  return remote;
}
export { Comlink };
