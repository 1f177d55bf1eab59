/**
 * CSV (and tab / semicolon separated text) with papaparse, parsed in chunks: progress is
 * reported and the cancel signal checked between chunks, yielding to the event loop so a
 * worker can receive the cancel message.
 */
import Papa from 'papaparse';
import { checkCancel, decodeText, fail, type RawData, type ReadContext } from './raw';
import { tableToRaw } from './table';
import { ImportCancelled } from './types';

const CHUNK = 256 * 1024;

export async function readCsv(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  if (!text.trim()) fail('empty', 'Tệp CSV trống.', 'The CSV file is empty.');
  const rows: unknown[][] = [];
  const lineOf: number[] = [];
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    let failed: unknown = null;
    // papaparse streams a string in chunks too (its StringStreamer), though its typings only
    // declare `chunk` for files; hence the loose signature.
    const parse = Papa.parse as unknown as (input: string, config: object) => void;
    parse(text, {
      chunkSize: CHUNK,
      skipEmptyLines: false,
      delimitersToGuess: [',', ';', '\t', '|'],
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        try {
          for (const r of results.data) {
            rows.push(r);
            lineOf.push(line);
            // A quoted cell may span lines; count them so row numbers match the file.
            for (const c of r) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) line++;
            line++;
          }
          ctx.onProgress?.(Math.min(results.meta.cursor, text.length), text.length);
          checkCancel(ctx.signal);
          parser.pause();
          setTimeout(() => parser.resume(), 0);
        } catch (e) {
          failed = e;
          parser.abort();
        }
      },
      complete() {
        if (failed) reject(failed instanceof Error ? failed : new ImportCancelled('Import cancelled'));
        else resolve();
      },
      error(err: Error) {
        reject(err);
      },
    });
  });
  // The user sees CSV lines numbered from 1, like a spreadsheet's rows.
  const raw = tableToRaw(rows, (i) => lineOf[i]);
  if (!raw.items.length) fail('no_rows', 'Tệp CSV không có dòng dữ liệu nào dưới dòng tiêu đề.', 'The CSV file has no data rows below its header.');
  return raw;
}
