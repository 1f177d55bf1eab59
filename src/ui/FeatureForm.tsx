import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_FIELDS, OWNERS, type AssetCode, type FieldSpec } from '../core/model/taxonomy';
import { validateAsset } from '../core/model/validate';
import { usePlan } from '../state/plan';
import type { GeoFeature } from '../core/io/fgb';

const EDITABLE_COMMON: FieldSpec[] = [
  { name: 'name', type: 'string' },
  { name: 'owner', type: 'enum', required: true, values: OWNERS },
  { name: 'status', type: 'enum', required: true, values: ['planned', 'upgrade', 'convert', 'remove'] },
  { name: 'phase', type: 'enum', required: true, values: ['2030', '2040'] },
];

function parseValue(spec: FieldSpec, raw: string): unknown {
  if (raw === '') return null;
  if (spec.type === 'number' || spec.type === 'int') return Number(raw.replace(',', '.'));
  if (spec.type === 'bool') return raw === 'true';
  return raw;
}

/** The validator's English reason in the interface language. */
function reason(t: TFunction, msg: string): string {
  const m = msg.replace(/^[^:]+:\s*/, '').replace(/\s*\(got .*\)$/, '');
  let x: RegExpMatchArray | null;
  if (m === 'required') return t('form.required');
  if ((x = m.match(/^below minimum (.+)$/))) return t('form.min', { v: x[1] });
  if ((x = m.match(/^above maximum (.+)$/))) return t('form.max', { v: x[1] });
  if (m === 'expected a finite number') return t('form.number');
  if (m === 'expected an integer') return t('form.int');
  if (m.startsWith('not one of')) return t('form.enum');
  if ((x = m.match(/^items not in ([^:]+): (.+)$/))) return t('form.items', { bad: x[2], ok: x[1].split('|').join(', ') });
  if (m === 'duplicate items') return t('form.duplicate');
  if (m === 'must list at least one item') return t('form.atLeastOne');
  if (m === 'must not be empty') return t('form.empty');
  return m;
}

/** One field's problems from the validator (messages start with the field name). */
function fieldErrors(errors: string[], name: string): string[] {
  return errors.filter((e) => e.startsWith(`${name}:`) || e.startsWith(`${name} `));
}

/** The attribute form of one plan feature: typed inputs, errors beside the field, valid edits commit. */
export function FeatureForm({ feature }: { feature: GeoFeature }) {
  const { t } = useTranslation();
  const code = String(feature.properties.code) as AssetCode;
  const specs = [...EDITABLE_COMMON, ...(CODE_FIELDS[code] ?? [])];
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(() => setDraft({}), [feature]);
  const merged: Record<string, unknown> = { ...feature.properties };
  for (const [k, v] of Object.entries(draft)) {
    const spec = specs.find((s) => s.name === k)!;
    merged[k] = parseValue(spec, v);
  }
  const errors = validateAsset(merged as never);
  const commit = (name: string, raw: string) => {
    const next = { ...draft, [name]: raw };
    setDraft(next);
    const spec = specs.find((s) => s.name === name)!;
    const props = { ...feature.properties, [name]: parseValue(spec, raw) };
    if (fieldErrors(validateAsset(props as never), name).length === 0) {
      usePlan.getState().update([{ ...feature, properties: props }], `edit ${name}`);
    }
  };
  return (
    <div className="feature-form" data-testid="feature-form">
      <h3>
        <span className="mono">{String(feature.properties.id)}</span> · {t(`codes.${code}`, { defaultValue: code })}
      </h3>
      {specs.map((s) => {
        const raw = s.name in draft ? draft[s.name] : feature.properties[s.name] === null || feature.properties[s.name] === undefined ? '' : String(feature.properties[s.name]);
        const errs = fieldErrors(errors, s.name);
        const id = `ff-${s.name}`;
        return (
          <div key={s.name} className={`ff-row ${errs.length ? 'invalid' : ''}`}>
            <label htmlFor={id}>
              {t(`fields.${s.name}`, { defaultValue: s.name })}
              {s.required ? ' *' : ''}
            </label>
            {s.type === 'enum' ? (
              <select id={id} value={raw} onChange={(e) => commit(s.name, e.target.value)} data-testid={`field-${s.name}`}>
                {!s.required && <option value="">—</option>}
                {s.values!.map((v) => (
                  <option key={v} value={v}>
                    {s.name === 'owner' ? t(`owners.${v}`) : s.name === 'status' ? t(`statuses.${v}`) : s.name === 'phase' ? t(`phases.${v}`) : t(`enum.${v}`, { defaultValue: v })}
                  </option>
                ))}
              </select>
            ) : s.type === 'bool' ? (
              <select id={id} value={raw} onChange={(e) => commit(s.name, e.target.value)} data-testid={`field-${s.name}`}>
                <option value="">—</option>
                <option value="true">{t('values.true')}</option>
                <option value="false">{t('values.false')}</option>
              </select>
            ) : (
              <input
                id={id}
                type="text"
                inputMode={s.type === 'number' || s.type === 'int' ? 'decimal' : undefined}
                value={raw}
                onChange={(e) => commit(s.name, e.target.value)}
                data-testid={`field-${s.name}`}
                aria-invalid={errs.length > 0}
                placeholder={s.type === 'list' ? (s.values ?? []).join(',') : ''}
              />
            )}
            {errs.length > 0 && (
              <div className="ff-error" role="alert" data-testid={`error-${s.name}`}>
                {errs.map((e) => reason(t, e)).join('; ')}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
