import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlan } from '../state/plan';
import { useAnalysis } from '../state/analysis';
import { loadPlanState } from '../state/persist';
import { toPlanFile } from '../core/plan/doc';
import { comparePlans } from '../core/plan/compare';
import { dataWorker } from '../worker/client';
import { formatNumber } from '../i18n';

/** A short comparison of the current plan with another scenario: counts and km of reuse vs new build. */
export function PlanCompare() {
  const { t, i18n } = useTranslation();
  const doc = usePlan((s) => s.doc);
  const plans = usePlan((s) => s.plans);
  const result = useAnalysis((s) => s.result);
  const params = useAnalysis((s) => s.params);
  const [other, setOther] = useState('');
  const [cmp, setCmp] = useState<ReturnType<typeof comparePlans> | null>(null);
  useEffect(() => {
    let live = true;
    setCmp(null);
    if (!other || !doc || !result) return;
    void (async () => {
      const st = await loadPlanState(other);
      if (!st || !live) return;
      const r = await dataWorker().analyze(toPlanFile(st.doc, params), params, -1);
      if (!live) return;
      setCmp(comparePlans({ doc, report: result.report as never }, { doc: st.doc, report: r.report as never }));
    })();
    return () => {
      live = false;
    };
  }, [other, doc, result, params]);
  const others = plans.filter((p) => p.id !== doc?.id);
  if (!doc || others.length === 0) return null;
  const km = (v: number | undefined) => formatNumber(v ?? 0, i18n.language, 1);
  return (
    <div className="compare" data-testid="compare">
      <h3>{t('plan.compare')}</h3>
      <select value={other} onChange={(e) => setOther(e.target.value)} aria-label={t('plan.compare')}>
        <option value="">—</option>
        {others.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {cmp && (
        <table className="corridors">
          <thead>
            <tr>
              <th />
              <th>{t('plan.thisPlan')}</th>
              <th>{t('plan.otherPlan')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{t('plan.features')}</td>
              <td>{cmp.a.features}</td>
              <td>{cmp.b.features}</td>
            </tr>
            <tr>
              <td>{t('analysis.reuse')} (km)</td>
              <td>{km(cmp.a.corridors?.reuse_km)}</td>
              <td>{km(cmp.b.corridors?.reuse_km)}</td>
            </tr>
            <tr>
              <td>{t('analysis.newBuild')} (km)</td>
              <td>{km(cmp.a.corridors?.new_build_km)}</td>
              <td>{km(cmp.b.corridors?.new_build_km)}</td>
            </tr>
            <tr>
              <td>{t('severity.error')}</td>
              <td>{cmp.a.findings?.error ?? '—'}</td>
              <td>{cmp.b.findings?.error ?? '—'}</td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
