import type { TFunction } from 'i18next';
import { formatNumber } from '../i18n';

/** A property value as a person reads it, in the current language. */
export function formatValue(t: TFunction, lang: string, key: string, v: unknown, communeName: (code: string) => string | undefined): string {
  if (v === null || v === undefined || v === '') return t('values.empty');
  if (typeof v === 'boolean') return t(`values.${v}`);
  // Years and codes read as plain digits, not "2.008".
  if (typeof v === 'number') return key.startsWith('year') ? String(v) : formatNumber(v, lang, 2);
  const s = String(v);
  switch (key) {
    case 'owner':
    case 'operator':
      return t(`owners.${s}`, { defaultValue: s });
    case 'status':
      return t(`statuses.${s}`, { defaultValue: s });
    case 'phase':
      return t(`phases.${s}`, { defaultValue: s });
    case 'code':
      return `${t(`codes.${s}`, { defaultValue: s })} (${s})`;
    case 'type':
      return t(`communeTypes.${s}`, { defaultValue: s });
    case 'commune_code': {
      const n = communeName(s);
      return n ? `${n} (${s})` : s;
    }
    case 'tenants':
      return s
        .split(',')
        .filter(Boolean)
        .map((o) => t(`owners.${o}`, { defaultValue: o }))
        .join(', ');
    case 'structure':
    case 'subtype':
    case 'kind':
    case 'road_class':
    case 'tier':
      return t(`enum.${s}`, { defaultValue: s });
    default:
      return s;
  }
}
