import { useTranslation } from 'react-i18next';
import { useAnalysis } from '../state/analysis';
import { DEFAULT_PARAMS, RULE_SOURCES, withParams, type AnalysisParams } from '../core/analysis/params';

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

export function SettingsPanel() {
  const { t } = useTranslation();
  const params = useAnalysis((s) => s.params);
  const setParams = useAnalysis((s) => s.setParams);
  const reset = useAnalysis((s) => s.resetParams);
  const p = withParams(params);
  return (
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
  );
}
