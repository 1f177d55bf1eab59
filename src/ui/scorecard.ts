/** The scorecard's rows, shared by the panel and the printable sheet. */
import type { TFunction } from 'i18next';
import type { KpiPhase, KpiReport, PhaseKpi } from '../core/kpi/types';
import { TARGETS } from '../core/kpi/params';
import { formatNumber } from '../i18n';

export interface ScoreRow {
  key: string;
  label: string;
  /** Display value per year. */
  values: Record<KpiPhase, string>;
  /** Hover text per year (the counts behind a percentage). */
  detail?: Record<KpiPhase, string>;
  target: string;
  /** 0..1 progress of the focus year towards the target (null: no bar). */
  progress: (ph: KpiPhase) => number | null;
  gap: (ph: KpiPhase) => string;
}

const PH: KpiPhase[] = ['2025', '2030', '2040'];

export function scoreRows(r: KpiReport, t: TFunction, lang: string): ScoreRow[] {
  const n = (v: number, d = 0) => formatNumber(v, lang, d);
  const per = (f: (k: PhaseKpi) => string) => Object.fromEntries(PH.map((p) => [p, f(r.phases[p])])) as Record<KpiPhase, string>;
  return [
    {
      key: 'pct_5g',
      label: t('kpi.rows.pct_5g'),
      values: per((k) => `${n(k.pct_5g, 1)}%`),
      detail: per((k) => t('kpi.peopleOf', { n: n(k.population_5g), total: n(k.population_total) })),
      target: `${TARGETS.pct_5g}%`,
      progress: (p) => r.phases[p].pct_5g / TARGETS.pct_5g,
      gap: (p) => (r.phases[p].pct_5g >= TARGETS.pct_5g ? t('kpi.met') : t('kpi.gapPeople', { n: n(r.phases[p].population_total - r.phases[p].population_5g) })),
    },
    {
      key: 'pct_fibre',
      label: t('kpi.rows.pct_fibre'),
      values: per((k) => `${n(k.pct_fibre, 1)}%`),
      detail: per((k) => t('kpi.peopleOf', { n: n(k.population_fibre), total: n(k.population_total) })),
      target: `${TARGETS.pct_fibre}%`,
      progress: (p) => r.phases[p].pct_fibre / TARGETS.pct_fibre,
      gap: (p) => (r.phases[p].pct_fibre >= TARGETS.pct_fibre ? t('kpi.met') : t('kpi.gapPeople', { n: n(r.phases[p].population_total - r.phases[p].population_fibre) })),
    },
    {
      key: 'wifi',
      label: t('kpi.rows.wifi'),
      values: per((k) => `${k.wifi_centres}/${k.wifi_centres_total}`),
      target: `${TARGETS.wifi_centres_pct}%`,
      progress: (p) => r.phases[p].wifi_centres_pct / TARGETS.wifi_centres_pct,
      gap: (p) => {
        const k = r.phases[p];
        return k.wifi_centres >= k.wifi_centres_total ? t('kpi.met') : t('kpi.gapCentres', { n: k.wifi_centres_total - k.wifi_centres });
      },
    },
    {
      key: 'dc_upgraded',
      label: t('kpi.rows.dc_upgraded'),
      values: per((k) => `${k.datacentres.upgraded}/${k.datacentres.target_upgraded}`),
      target: String(TARGETS.dc_upgraded),
      progress: (p) => Math.min(1, r.phases[p].datacentres.upgraded / TARGETS.dc_upgraded),
      gap: (p) => (r.phases[p].gaps.dc_upgraded === 0 ? t('kpi.met') : t('kpi.gapCount', { n: r.phases[p].gaps.dc_upgraded })),
    },
    {
      key: 'dc_new',
      label: t('kpi.rows.dc_new'),
      values: per((k) => `${k.datacentres.green_new}/${k.datacentres.proposed_new}`),
      target: `${TARGETS.dc_new_min}–${TARGETS.dc_new_max}`,
      progress: (p) => Math.min(1, r.phases[p].datacentres.green_new / TARGETS.dc_new_min),
      gap: (p) => (r.phases[p].gaps.dc_new === 0 ? t('kpi.met') : t('kpi.gapCount', { n: r.phases[p].gaps.dc_new })),
    },
    {
      key: 'shared',
      label: t('kpi.rows.shared'),
      values: per((k) => `${n(k.sharing.pct_shared, 1)}%`),
      target: t('kpi.increase'),
      progress: () => null,
      gap: (p) => t('kpi.sitesOf', { n: n(r.phases[p].sharing.sites_shared), total: n(r.phases[p].sharing.sites_total) }),
    },
    {
      key: 'a2a1',
      label: t('kpi.rows.a2a1'),
      values: per((k) => n(k.sharing.a2_in_a1_zones)),
      target: '0',
      progress: () => null,
      gap: (p) => (r.phases[p].sharing.a2_in_a1_zones === 0 ? t('kpi.met') : t('kpi.gapCount', { n: r.phases[p].sharing.a2_in_a1_zones })),
    },
    {
      key: 'underground',
      label: t('kpi.rows.underground'),
      values: per((k) => n(k.sharing.undergrounded_ward_km, 1)),
      target: t('kpi.ofKm', { n: n(r.phases['2025'].sharing.aerial_ward_km) }),
      progress: () => null,
      gap: () => '',
    },
    {
      key: 'ducts',
      label: t('kpi.rows.ducts'),
      values: per((k) => `${n(k.sharing.new_duct_km, 1)} / ${n(k.sharing.reused_duct_km, 1)}`),
      target: t('kpi.reuseFirst'),
      progress: () => null,
      gap: () => '',
    },
  ];
}

