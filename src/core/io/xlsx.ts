/**
 * Excel workbooks (.xlsx, .xls, .ods) with SheetJS: the first sheet that has data, its header
 * row found below any title lines; rows numbered as Excel shows them.
 */
import * as XLSX from 'xlsx';
import { fail, type RawData, type ReadContext } from './raw';
import { tableToRaw } from './table';

export async function readXlsx(bytes: Uint8Array, ctx: ReadContext): Promise<RawData> {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellDates: false, dense: false });
  } catch {
    fail('bad_xlsx', 'Không đọc được tệp Excel (tệp hỏng hoặc không phải bảng tính).', 'Could not read the Excel file (it is damaged or not a spreadsheet).');
  }
  ctx.onProgress?.(bytes.length / 2, bytes.length);
  const name = wb.SheetNames.find((n) => wb.Sheets[n]?.['!ref']) ?? wb.SheetNames[0];
  const ws = name ? wb.Sheets[name] : undefined;
  if (!ws || !ws['!ref']) fail('empty', 'Bảng tính Excel trống.', 'The Excel workbook is empty.');
  const start = XLSX.utils.decode_range(ws['!ref']).s.r;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
  const raw = tableToRaw(rows, (i) => start + i + 1);
  if (!raw.items.length) fail('no_rows', `Trang tính “${name}” không có dòng dữ liệu nào dưới dòng tiêu đề.`, `Sheet “${name}” has no data rows below its header.`);
  if (wb.SheetNames.length > 1)
    raw.warnings.push({
      vi: `Tệp có ${wb.SheetNames.length} trang tính; chỉ đọc trang “${name}”.`,
      en: `The workbook has ${wb.SheetNames.length} sheets; only “${name}” was read.`,
    });
  ctx.onProgress?.(bytes.length, bytes.length);
  return raw;
}
