import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';
import { dataWorker } from '../worker/client';
import { formatValue } from './format';
import { usePlan } from '../state/plan';
import { useEditor } from '../state/editor';
import { nextFeatureId } from '../core/plan/doc';
import type { GeoFeature } from '../core/io/fgb';
import { dataWorker as worker } from '../worker/client';

type Action = 'upgrade' | 'convert' | 'remove' | 'share';

/**
 * The baseline is read-only: a planner changes an existing asset through a plan action that
 * records the intent (a plan feature pointing at it with ref_id), never by editing it.
 */
function PlanActions({ props }: { props: Record<string, unknown> }) {
  const { t } = useTranslation();
  const doc = usePlan((s) => s.doc);
  const code = String(props.code ?? '');
  if (!doc || !code || props.status === 'planned' || code.startsWith('ZONE_')) return null;
  const existing = doc.features.find((f) => f.properties.ref_id === props.id);
  const actions: Action[] = ['upgrade', 'remove'];
  if (code === 'ANT_A2A' || code === 'ANT_A2B') actions.unshift('convert');
  if (code.startsWith('ANT_') || code.startsWith('POLE_') || code === 'UG_DUCT' || code === 'ROUTE_AERIAL') actions.push('share');
  const act = async (a: Action) => {
    const loc = await worker().locateAny(String(props.id));
    if (!loc) return;
    const geometry = loc.geometry;
    const p: Record<string, unknown> = { ...props };
    delete p.synthetic;
    const f: GeoFeature = {
      type: 'Feature',
      geometry: geometry as GeoFeature['geometry'],
      properties: {
        ...p,
        id: nextFeatureId(usePlan.getState().doc!.features, 'plan-act'),
        ref_id: String(props.id),
        action: a,
        code: a === 'convert' ? 'ANT_A1A' : code,
        status: a === 'share' ? 'upgrade' : a,
        phase: useEditor.getState().phase,
        ...(a === 'convert' ? { height_m: 3, structure: 'camouflaged' } : {}),
      },
    };
    usePlan.getState().add([f], `${a} ${String(props.id)}`);
  };
  return (
    <div className="plan-actions" data-testid="plan-actions">
      <span className="muted small">{t('inspector.actions')}</span>
      {existing ? (
        <span className="small">
          {t('inspector.hasAction', { id: String(existing.properties.id), action: t(`inspector.action.${String(existing.properties.action ?? existing.properties.status)}`) })}
        </span>
      ) : (
        actions.map((a) => (
          <button key={a} onClick={() => void act(a)} data-testid={`action-${a}`}>
            {t(`inspector.action.${a}`)}
          </button>
        ))
      )}
    </div>
  );
}

export function Inspector() {
  const { t, i18n } = useTranslation();
  const sel = useView((s) => s.selection);
  const select = useView((s) => s.select);
  const communes = useView((s) => s.communeNames);
  const [props, setProps] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    let live = true;
    setProps(null);
    if (sel) void dataWorker().props(sel.layerId, sel.row).then((p) => live && setProps(p));
    return () => {
      live = false;
    };
  }, [sel]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && select(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);
  if (!sel) return null;
  const communeName = (code: string) => communes.find((c) => c.code === code)?.name;
  return (
    <aside className="inspector" data-testid="inspector" aria-label={t('inspector.title')}>
      <header>
        <div>
          <div className="muted">{t(`layers.${sel.layerId}`)}</div>
          <h2 data-testid="inspector-id">{props ? String(props.id ?? props.code ?? '') : t('inspector.loading')}</h2>
        </div>
        <button className="icon-btn" onClick={() => select(null)} aria-label={t('inspector.close')} title={`${t('inspector.close')} (Esc)`}>
          ×
        </button>
      </header>
      {props && <PlanActions props={props} />}
      {props && (
        <table>
          <tbody>
            {Object.entries(props)
              .filter(([k]) => k !== 'id')
              .map(([k, v]) => (
                <tr key={k} data-field={k}>
                  <th>{t(`fields.${k}`, { defaultValue: k })}</th>
                  <td>{formatValue(t, i18n.language, k, v, communeName)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
