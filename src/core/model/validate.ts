/**
 * Schema check of one asset's properties against the taxonomy: the common fields every asset
 * carries (COMMON_FIELDS) and the fields of its code (CODE_FIELDS). Pure, no I/O: used by the
 * seed tests and usable for carrier uploads. Extra fields are allowed; they are not checked.
 */
import { ASSET_CODES, CODE_FIELDS, COMMON_FIELDS, type AssetCode, type FieldSpec } from './taxonomy';

export interface ValidateOptions {
  /** When given, `commune_code` must be one of these codes. */
  communeCodes?: ReadonlySet<string>;
}

/** Items of a comma list ("4G,5G"); the empty string is the empty list. */
export function listItems(v: string): string[] {
  return v === '' ? [] : v.split(',').map((s) => s.trim());
}

function checkField(spec: FieldSpec, props: Record<string, unknown>, errors: string[]): void {
  const v = props[spec.name];
  if (v === undefined || v === null) {
    if (spec.required) errors.push(`${spec.name}: required`);
    return;
  }
  const fail = (msg: string) => errors.push(`${spec.name}: ${msg} (got ${JSON.stringify(v)})`);
  const range = (n: number) => {
    if (spec.min !== undefined && n < spec.min) fail(`below minimum ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) fail(`above maximum ${spec.max}`);
  };
  switch (spec.type) {
    case 'string':
      if (typeof v !== 'string') fail('expected a string');
      else if (spec.required && v === '') fail('must not be empty');
      break;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail('expected a finite number');
      else range(v);
      break;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('expected an integer');
      else range(v);
      break;
    case 'bool':
      if (typeof v !== 'boolean') fail('expected true or false');
      break;
    case 'enum':
      if (typeof v !== 'string') fail('expected a string');
      else if (spec.values && !spec.values.includes(v)) fail(`not one of ${spec.values.join('|')}`);
      break;
    case 'list': {
      if (typeof v !== 'string') {
        fail('expected a comma-separated list');
        break;
      }
      const items = listItems(v);
      if (spec.required && items.length === 0) fail('must list at least one item');
      const bad = spec.values ? items.filter((s) => !spec.values!.includes(s)) : [];
      if (bad.length) fail(`items not in ${spec.values!.join('|')}: ${bad.join(',')}`);
      if (new Set(items).size !== items.length) fail('duplicate items');
      break;
    }
  }
}

/** Problems with one asset's properties, as readable messages; empty when it is valid. */
export function validateAsset(props: Record<string, unknown>, opts: ValidateOptions = {}): string[] {
  const errors: string[] = [];
  for (const spec of COMMON_FIELDS) checkField(spec, props, errors);
  const code = props.code;
  if (typeof code === 'string' && (ASSET_CODES as readonly string[]).includes(code)) {
    for (const spec of CODE_FIELDS[code as AssetCode]) checkField(spec, props, errors);
  }
  if (opts.communeCodes && typeof props.commune_code === 'string' && !opts.communeCodes.has(props.commune_code)) {
    errors.push(`commune_code: unknown commune (got ${JSON.stringify(props.commune_code)})`);
  }
  return errors;
}
