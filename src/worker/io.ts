/**
 * File import and export in the data worker: parsing never blocks the page; progress is
 * reported through a callback and an import can be cancelled between chunks.
 */
import * as Comlink from 'comlink';
import { importFile } from '../core/io/import';
import { exportFeatures } from '../core/io/export';
import type { ExportFormat, ExportMeta, ExportOutput, ExportProfile, ImportOptions, ImportResult } from '../core/io/types';
import { ImportCancelled, ImportError } from '../core/io/types';
import type { GeoFeature } from '../core/io/fgb';

const jobs = new Map<number, { aborted: boolean }>();

/** Parsed features stay in the worker until the user imports them: a million rows never cross to the page just to be shown a report. */
const parsed = new Map<number, ImportResult['features']>();

export type ImportOutcome =
  | { ok: true; report: ImportResult['report'] }
  | { ok: false; cancelled: boolean; code?: string; message: { vi: string; en: string } };

export async function runImport(job: number, input: Blob | Uint8Array, opts: Omit<ImportOptions, 'onProgress' | 'signal'>, onProgress?: (done: number, total: number) => void): Promise<ImportOutcome> {
  const signal = { aborted: false };
  jobs.set(job, signal);
  try {
    // A File crosses to the worker as a cheap handle; its bytes are read here, off the page's thread.
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(await input.arrayBuffer());
    const result = await importFile(bytes, { ...opts, signal, onProgress });
    parsed.clear();
    parsed.set(job, result.features);
    return { ok: true, report: result.report };
  } catch (e) {
    if (e instanceof ImportCancelled) return { ok: false, cancelled: true, message: { vi: 'Đã huỷ nhập tệp.', en: 'Import cancelled.' } };
    if (e instanceof ImportError) return { ok: false, cancelled: false, code: e.code, message: e.msg };
    const m = e instanceof Error ? e.message : String(e);
    return { ok: false, cancelled: false, message: { vi: `Không đọc được tệp: ${m}`, en: `Could not read the file: ${m}` } };
  } finally {
    jobs.delete(job);
  }
}

/** The valid features of a finished import, handed over once. */
export function takeImport(job: number): ImportResult['features'] {
  const f = parsed.get(job) ?? [];
  parsed.delete(job);
  return f;
}

export function cancelImport(job: number) {
  const j = jobs.get(job);
  if (j) j.aborted = true;
}

export function runExport(features: GeoFeature[], profile: ExportProfile, format: ExportFormat, meta: ExportMeta, layer?: string): ExportOutput {
  const out = exportFeatures(features, { profile, format, meta, layer });
  return Comlink.transfer(out, [out.bytes.buffer as ArrayBuffer]);
}
