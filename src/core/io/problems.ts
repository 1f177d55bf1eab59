/**
 * Per-row problems of an import, in both languages, each naming its row (or feature) and id,
 * and the translation of validateAsset's English phrases.
 */
import type { Msg, RowProblem } from './types';

export type ProblemKind =
  | 'missing_coordinates'
  | 'bad_coordinates'
  | 'invalid_geometry'
  | 'wrong_geometry_type'
  | 'self_intersection'
  | 'missing_code'
  | 'unknown_code'
  | 'duplicate_id'
  | 'missing_field'
  | 'out_of_range'
  | 'invalid_value'
  | 'outside_city';

export const MAX_LISTED = 500;

export class ProblemList {
  readonly listed: RowProblem[] = [];
  readonly counts: Record<string, number> = {};

  constructor(private readonly tabular: boolean) {}

  add(kind: ProblemKind, row: number, featureId: string | undefined, what: Msg, severity: 'error' | 'warning' = 'error', field?: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    if (this.listed.length >= MAX_LISTED) return;
    const idVi = featureId ? ` (mã ${featureId})` : '';
    const idEn = featureId ? ` (id ${featureId})` : '';
    const p: RowProblem = {
      row,
      severity,
      message: {
        vi: `${this.tabular ? 'Dòng' : 'Đối tượng'} ${row}${idVi}: ${what.vi}`,
        en: `${this.tabular ? 'Row' : 'Feature'} ${row}${idEn}: ${what.en}`,
      },
    };
    if (featureId !== undefined) p.featureId = featureId;
    if (field !== undefined) p.field = field;
    this.listed.push(p);
  }
}

export function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** geometryProblem's English reason -> both languages. */
export function geometryMsg(reason: string): Msg {
  if (reason === 'no geometry') return { vi: 'không có hình học', en: 'no geometry' };
  let m = /^unsupported geometry type (.*)$/.exec(reason);
  if (m) return { vi: `kiểu hình học ${m[1]} không được hỗ trợ`, en: `unsupported geometry type ${m[1]}` };
  m = /^(\w+) coordinates are missing/.exec(reason);
  if (m)
    return {
      vi: `tọa độ của ${m[1]} bị thiếu, không phải số, ngoài phạm vi kinh/vĩ độ hoặc quá ít điểm`,
      en: `${m[1]} coordinates are missing, not numbers, outside the longitude/latitude range or too few`,
    };
  return { vi: reason, en: reason };
}

/**
 * One validateAsset phrase ("height_m: above maximum 200 (got 250)") -> kind, field and message.
 */
export function validationMsg(e: string): { kind: ProblemKind; field: string; msg: Msg } {
  const m = /^([\w]+): (.*?)(?: \(got (.*)\))?$/.exec(e);
  if (!m) return { kind: 'invalid_value', field: '', msg: { vi: e, en: e } };
  const [, f, what, got] = m;
  const gv = got !== undefined ? ` (giá trị ${got})` : '';
  const ge = got !== undefined ? ` (got ${got})` : '';
  let r: RegExpExecArray | null;
  const out = (kind: ProblemKind, vi: string, en: string) => ({ kind, field: f, msg: { vi: `${vi}${gv}`, en: `${en}${ge}` } });
  if (what === 'required') return out('missing_field', `thiếu trường bắt buộc ${f}`, `${f} is required`);
  if (what === 'must not be empty') return out('missing_field', `${f} không được để trống`, `${f} must not be empty`);
  if ((r = /^below minimum (.*)$/.exec(what))) return out('out_of_range', `${f} nhỏ hơn mức tối thiểu ${r[1]}`, `${f} is below the minimum ${r[1]}`);
  if ((r = /^above maximum (.*)$/.exec(what))) return out('out_of_range', `${f} vượt quá mức tối đa ${r[1]}`, `${f} is above the maximum ${r[1]}`);
  if (what === 'expected a string') return out('invalid_value', `${f} phải là chuỗi ký tự`, `${f} must be text`);
  if (what === 'expected a finite number') return out('invalid_value', `${f} phải là số`, `${f} must be a number`);
  if (what === 'expected an integer') return out('invalid_value', `${f} phải là số nguyên`, `${f} must be a whole number`);
  if (what === 'expected true or false') return out('invalid_value', `${f} phải là có/không`, `${f} must be yes/no`);
  if ((r = /^not one of (.*)$/.exec(what))) return out('invalid_value', `${f} không thuộc các giá trị ${r[1]}`, `${f} is not one of ${r[1]}`);
  if (what === 'expected a comma-separated list') return out('invalid_value', `${f} phải là danh sách cách nhau bằng dấu phẩy`, `${f} must be a comma-separated list`);
  if (what === 'must list at least one item') return out('missing_field', `${f} phải có ít nhất một mục`, `${f} must list at least one item`);
  if ((r = /^items not in (.*?): (.*)$/.exec(what))) return out('invalid_value', `${f} có mục không hợp lệ ${r[2]} (cho phép ${r[1]})`, `${f} has items ${r[2]} not in ${r[1]}`);
  if (what === 'duplicate items') return out('invalid_value', `${f} có mục lặp lại`, `${f} has duplicate items`);
  return out('invalid_value', `${f}: ${what}`, `${f}: ${what}`);
}
