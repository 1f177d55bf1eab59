import { useTranslation } from 'react-i18next';
import { useKpi } from '../state/kpi';
import { usePlan } from '../state/plan';
import { useEditor } from '../state/editor';
import type { KpiPhase } from '../core/kpi/types';
import { SITING_WEIGHTS } from '../core/kpi/params';
import { nextFeatureId } from '../core/plan/doc';
import type { GeoFeature } from '../core/io/fgb';
import { dataWorker } from '../worker/client';
import { formatNumber } from '../i18n';

/**
 * Data centres: the existing ones and their upgrade, the candidates scored on stated criteria
 * (each criterion's points shown). Proposing a candidate or an upgrade adds a plan action
 * pointing at it (ref_id), undoable like every edit.
 */
export function DcPanel({ phase }: { phase: KpiPhase }) {
  const { t, i18n } = useTranslation();
  const report = useKpi((s) => s.report);
  const doc = usePlan((s) => s.doc);
  if (!report || !doc) return null;
  const dc = report.phases[phase].datacentres;
  const actionOn = (id: string) => doc.features.find((f) => f.properties.ref_id === id && f.properties.code === 'DC');
  const addAction = async (id: string, status: 'planned' | 'upgrade') => {
    const loc = await dataWorker().locateAny(id);
    const row = await dataWorker().locate('datacentres', id);
    if (!loc || !row) return;
    const props = (await dataWorker().props('datacentres', row.row)) ?? {};
    delete props.synthetic;
    const f: GeoFeature = {
      type: 'Feature',
      geometry: loc.geometry,
      properties: {
        ...props,
        id: nextFeatureId(usePlan.getState().doc!.features, status === 'planned' ? 'plan-dc' : 'plan-act'),
        ref_id: id,
        code: 'DC',
        status,
        action: status === 'planned' ? 'propose' : 'upgrade',
        phase: useEditor.getState().phase,
      },
    };
    usePlan.getState().add([f], `${status === 'planned' ? 'propose' : 'upgrade'} ${id}`);
  };
  return (
    <section className="panel-section" data-testid="dc-panel">
      <h3>{t('kpi.existingDc')}</h3>
      <ul className="dc-list">
        {dc.centres
          .filter((c) => c.status === 'existing')
          .map((c) => {
            const act = actionOn(c.id);
            return (
              <li key={c.id}>
                <strong>{c.name}</strong> <span className="muted small">PUE {formatNumber(c.pue, i18n.language, 2)}</span>{' '}
                {act ? (
                  <span className="ok small">{t('kpi.upgraded', { id: String(act.properties.id) })}</span>
                ) : (
                  <button className="small" onClick={() => void addAction(c.id, 'upgrade')} data-testid={`dc-upgrade-${c.id}`}>
                    {t('kpi.upgrade')}
                  </button>
                )}
              </li>
            );
          })}
      </ul>
      <h3>{t('kpi.siting')}</h3>
      <p className="muted small">{t('kpi.sitingNote')}</p>
      <ul className="dc-list">
        {report.siting.map((s) => (
          <li key={s.id} data-testid={`siting-${s.id}`}>
            <div className="dc-head">
              <strong>{s.name}</strong>
              <span className={`badge ${s.green ? 'green' : ''}`}>
                PUE {formatNumber(s.pue, i18n.language, 2)} · {s.green ? t('kpi.green') : t('kpi.notGreen')}
              </span>
            </div>
            <div className="score-parts" title={`${s.score}/100`}>
              {(Object.keys(SITING_WEIGHTS) as (keyof typeof SITING_WEIGHTS)[]).map((k) => (
                <span key={k} className={`part ${s.parts[k] > 0 ? 'ok' : 'no'}`} style={{ flex: SITING_WEIGHTS[k] }} title={`${t(`kpi.parts.${k}`)}: ${s.parts[k]}/${SITING_WEIGHTS[k]}`}>
                  <i style={{ width: `${(s.parts[k] / SITING_WEIGHTS[k]) * 100}%` }} />
                </span>
              ))}
              <b>{formatNumber(s.score, i18n.language, 1)}</b>
            </div>
            <div className="muted small">
              {(Object.keys(SITING_WEIGHTS) as (keyof typeof SITING_WEIGHTS)[]).map((k) => `${t(`kpi.parts.${k}`)} ${s.parts[k]}/${SITING_WEIGHTS[k]}`).join(' · ')}
              <br />
              {s.backbone_m === null ? t('kpi.backboneFar') : t('kpi.backboneM', { m: formatNumber(s.backbone_m, i18n.language) })}
              {s.coast_m !== null && ` · ${t('kpi.coastM', { m: formatNumber(s.coast_m, i18n.language) })}`}
            </div>
            {s.proposed_by ? (
              <span className="ok small">{t('kpi.proposed', { id: s.proposed_by })}</span>
            ) : (
              <button className="small" onClick={() => void addAction(s.id, 'planned')} data-testid={`dc-propose-${s.id}`}>
                {t('kpi.propose')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
