import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';

/** Progress while layers load; an explicit message instead of a blank map on failure. */
export function Loading() {
  const { t } = useTranslation();
  const load = useView((s) => s.load);
  if (load.phase === 'ready') return null;
  if (load.phase === 'error') {
    return (
      <div className="loading error" role="alert" data-testid="load-error">
        {load.error === 'webgl2' ? t('loading.noWebgl') : t('loading.error', { msg: load.error })}
      </div>
    );
  }
  const pct = load.totalBytes ? Math.min(100, Math.round((100 * load.loadedBytes) / load.totalBytes)) : 0;
  return (
    <div className="loading" data-testid="loading" role="status" aria-live="polite">
      <div>
        <strong>{t('loading.title')}</strong> {load.current ? t('loading.layer', { layer: t(`layers.${load.current}`) }) : ''}
      </div>
      <div className="bar" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <div className="muted">
        {pct}% · {load.layersDone}/{load.layersTotal}
      </div>
    </div>
  );
}
