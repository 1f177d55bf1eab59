import { useTranslation } from 'react-i18next';
import { useAnalysis } from '../state/analysis';
import { DEFAULT_PARAMS, RULE_SOURCES, withParams, type AnalysisParams } from '../core/analysis/params';
import { DEFAULT_KPI_PARAMS, KPI_SOURCES, withKpiParams, type KpiParams } from '../core/kpi/params';
import { useKpi } from '../state/kpi';

interface Row {
  key: string;
  rule: string;
  inferred?: boolean;
  get: (p: AnalysisParams) => number;
  set: (p: AnalysisParams, v: number) => Partial<AnalysisParams>;
  step?: number;
}

const pair = (k: 'a2a_low' | 'a2a_high' | 'a2b', i: 0 | 1) => ({
  get: (p: AnalysisParams) => p.spacing_m[k][i],
  set: (p: AnalysisParams, v: number) => {
    const next = [...p.spacing_m[k]] as [number, number];
    next[i] = v;
    return { spacing_m: { ...p.spacing_m, [k]: next } };
  },
});

const ROWS: Row[] = [
  { key: 'shareWard', rule: 'R1', get: (p) => p.shareDistance_m.phuong, set: (p, v) => ({ shareDistance_m: { ...p.shareDistance_m, phuong: v } }) },
  { key: 'shareXa', rule: 'R1', get: (p) => p.shareDistance_m.xa, set: (p, v) => ({ shareDistance_m: { ...p.shareDistance_m, xa: v } }) },
  { key: 'shareDk', rule: 'R1', get: (p) => p.shareDistance_m.dac_khu, set: (p, v) => ({ shareDistance_m: { ...p.shareDistance_m, dac_khu: v } }) },
  { key: 'tolerance', rule: 'CORRIDOR', inferred: true, get: (p) => p.tolerance_m, set: (_, v) => ({ tolerance_m: v }) },
  { key: 'jointMin', rule: 'CORRIDOR', inferred: true, get: (p) => p.jointMin_m, set: (_, v) => ({ jointMin_m: v }) },
  { key: 'a2aLowU', rule: 'R2', ...pair('a2a_low', 0) },
  { key: 'a2aLowR', rule: 'R2', ...pair('a2a_low', 1) },
  { key: 'a2aHighU', rule: 'R2', ...pair('a2a_high', 0) },
  { key: 'a2aHighR', rule: 'R2', ...pair('a2a_high', 1) },
  { key: 'a2bU', rule: 'R2', ...pair('a2b', 0) },
  { key: 'a2bR', rule: 'R2', inferred: true, ...pair('a2b', 1) },
  { key: 'a1Ratio', rule: 'R4', step: 0.05, get: (p) => p.a1HeightRatio, set: (_, v) => ({ a1HeightRatio: v }) },
  { key: 'a1Cap', rule: 'R4', step: 0.5, get: (p) => p.a1HeightCap_m, set: (_, v) => ({ a1HeightCap_m: v }) },
  { key: 'aviation', rule: 'R5', get: (p) => p.aviationMarking_m, set: (_, v) => ({ aviationMarking_m: v }) },
  { key: 'poleRoad', rule: 'R6', inferred: true, get: (p) => p.poleRoad_m, set: (_, v) => ({ poleRoad_m: v }) },
  { key: 'priceNew', rule: 'CORRIDOR', inferred: true, step: 10000, get: (p) => p.unitPrice.newDuct, set: (p, v) => ({ unitPrice: { ...p.unitPrice, newDuct: v } }) },
  { key: 'priceReuse', rule: 'CORRIDOR', inferred: true, step: 10000, get: (p) => p.unitPrice.reuseDuct, set: (p, v) => ({ unitPrice: { ...p.unitPrice, reuseDuct: v } }) },
  { key: 'priceAerial', rule: 'CORRIDOR', inferred: true, step: 10000, get: (p) => p.unitPrice.aerial, set: (p, v) => ({ unitPrice: { ...p.unitPrice, aerial: v } }) },
];

interface KpiRow {
  key: string;
  source: string;
  get: (p: KpiParams) => number;
  set: (p: KpiParams, v: number) => Partial<KpiParams>;
}

const KPI_ROWS: KpiRow[] = [
  { key: 'r5gWard', source: 'radius5g_m', get: (p) => p.radius5g_m.phuong, set: (p, v) => ({ radius5g_m: { ...p.radius5g_m, phuong: v } }) },
  { key: 'r5gXa', source: 'radius5g_m', get: (p) => p.radius5g_m.xa, set: (p, v) => ({ radius5g_m: { ...p.radius5g_m, xa: v } }) },
  { key: 'r5gDk', source: 'radius5g_m', get: (p) => p.radius5g_m.dac_khu, set: (p, v) => ({ radius5g_m: { ...p.radius5g_m, dac_khu: v } }) },
  { key: 'drop', source: 'fibreDrop_m', get: (p) => p.fibreDrop_m, set: (_, v) => ({ fibreDrop_m: v }) },
  { key: 'wifi', source: 'wifiSeat_m', get: (p) => p.wifiSeat_m, set: (_, v) => ({ wifiSeat_m: v }) },
  { key: 'coast', source: 'siting', get: (p) => p.coastalStrip_m, set: (_, v) => ({ coastalStrip_m: v }) },
  { key: 'backbone', source: 'siting', get: (p) => p.backboneMax_m, set: (_, v) => ({ backboneMax_m: v }) },
];

/** The scorecard's screening assumptions, all inferred, all editable. */
function KpiSettings() {
  const { t } = useTranslation();
  const k = useKpi();
  const p = withKpiParams(k.params);
  return (
    <section className="panel-section settings" data-testid="kpi-settings">
      <h2>
        {t('kpi.params.title')}
        <button className="link" onClick={k.resetParams}>
          {t('settings.reset')}
        </button>
      </h2>
      {KPI_ROWS.map((r) => {
        const v = r.get(p);
        return (
          <label key={r.key} className={`setting ${v !== r.get(DEFAULT_KPI_PARAMS) ? 'changed' : ''}`} title={KPI_SOURCES[r.source]?.ref}>
            <span>
              {t(`kpi.params.${r.key}`)}
              <em className="inferred"> · {t('analysis.inferred')}</em>
            </span>
            <input
              type="number"
              min={1}
              step={50}
              value={v}
              data-testid={`kpi-setting-${r.key}`}
              onChange={(e) => {
                const n = Number(e.target.value);
                if (e.target.value !== '' && Number.isFinite(n) && n > 0) k.setParams(r.set(p, n));
              }}
            />
          </label>
        );
      })}
    </section>
  );
}

export function SettingsPanel() {
  const { t } = useTranslation();
  const params = useAnalysis((s) => s.params);
  const setParams = useAnalysis((s) => s.setParams);
  const reset = useAnalysis((s) => s.resetParams);
  const p = withParams(params);
  return (
    <>
      <section className="panel-section settings" data-testid="settings-panel">
        <h2>
          {t('settings.title')}
          <button className="link" onClick={reset}>
            {t('settings.reset')}
          </button>
        </h2>
        <p className="muted small">{t('settings.note')}</p>
        {ROWS.map((r) => {
          const v = r.get(p);
          const changed = v !== r.get(DEFAULT_PARAMS);
          return (
            <label key={r.key} className={`setting ${changed ? 'changed' : ''}`} title={RULE_SOURCES[r.rule]?.ref}>
              <span>
                {t(`settings.${r.key}`)}
                {r.inferred && <em className="inferred"> · {t('analysis.inferred')}</em>}
              </span>
              <input
                type="number"
                min={0}
                step={r.step ?? 1}
                value={v}
                data-testid={`setting-${r.key}`}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (e.target.value !== '' && Number.isFinite(n) && n >= 0) setParams(r.set(p, n));
                }}
              />
            </label>
          );
        })}
      </section>
      <KpiSettings />
    </>
  );
}
