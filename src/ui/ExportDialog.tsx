import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dataWorker } from '../worker/client';
import { usePlan } from '../state/plan';
import { useAnalysis } from '../state/analysis';
import { useView } from '../state/view';
import { useEditor } from '../state/editor';
import { withParams } from '../core/analysis/params';
import type { ExportFormat, ExportProfile } from '../core/io/types';
import { download } from './download';

const ASSET_LAYERS = ['sites', 'ducts', 'aerial', 'stations', 'service', 'datacentres', 'zones', 'critical', 'manholes', 'poles'];

/** Export the plan (and optionally the dataset) with a profile: public consultation, one carrier, or full. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [profile, setProfile] = useState('public');
  const [format, setFormat] = useState<ExportFormat>('geojson');
  const [scope, setScope] = useState('plan');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    const doc = usePlan.getState().doc;
    if (!doc) return;
    setBusy(true);
    setError(null);
    try {
      const prof: ExportProfile = profile === 'public' ? { kind: 'public' } : profile === 'full' ? { kind: 'full' } : { kind: 'carrier', carrier: profile.slice('carrier:'.length) };
      const manifest = useView.getState().manifest;
      // The plan, the plan with the whole network, or one layer of the network.
      const layers = scope === 'plan' ? [] : scope === 'all' ? ASSET_LAYERS : [scope];
      const planFeatures = scope === 'plan' || scope === 'all' ? doc.features : [];
      const out = await dataWorker().exportData(planFeatures, layers, prof, format, {
        name: doc.name,
        phase: useEditor.getState().year,
        date: new Date().toISOString().slice(0, 10),
        thresholds: withParams(useAnalysis.getState().params) as unknown as Record<string, unknown>,
        attributions: manifest?.attributions ?? [],
      });
      download(out.fileName, out.bytes as BlobPart, out.mime);
      if (out.sidecar) download(out.sidecar.fileName, out.sidecar.text, 'text/markdown');
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('io.exportTitle')} data-testid="export-dialog">
      <div className="modal small-modal">
        <header>
          <h2>{t('io.exportTitle')}</h2>
          <button className="icon-btn" onClick={onClose} aria-label={t('attribution.close')}>
            ×
          </button>
        </header>
        <label className="field">
          <span>{t('io.profile')}</span>
          <select value={profile} onChange={(e) => setProfile(e.target.value)} data-testid="export-profile">
            <option value="public">{t('io.profiles.public')}</option>
            {['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile', 'TowerCo'].map((c) => (
              <option key={c} value={`carrier:${c}`}>
                {t('io.profiles.carrier', { carrier: t(`owners.${c}`) })}
              </option>
            ))}
            <option value="full">{t('io.profiles.full')}</option>
          </select>
        </label>
        <p className="muted small">{t(`io.profileHelp.${profile.startsWith('carrier:') ? 'carrier' : profile}`)}</p>
        <label className="field">
          <span>{t('io.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
            <option value="geojson">GeoJSON (RFC 7946)</option>
            <option value="fgb">FlatGeobuf</option>
            <option value="csv">CSV (WKT / lon, lat)</option>
            <option value="kml">KML</option>
          </select>
        </label>
        <label className="field">
          <span>{t('io.scope')}</span>
          <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="export-scope">
            <option value="plan">{t('io.scopePlan')}</option>
            <option value="all">{t('io.withData')}</option>
            {ASSET_LAYERS.map((l) => (
              <option key={l} value={l}>
                {t('io.scopeLayer', { layer: t(`layers.${l}`) })}
              </option>
            ))}
          </select>
        </label>
        {error && <div className="error-box">{error}</div>}
        <footer>
          <button onClick={onClose}>{t('io.cancel')}</button>
          <button className="primary" disabled={busy} onClick={() => void go()} data-testid="export-go">
            {busy ? '…' : t('io.export')}
          </button>
        </footer>
      </div>
    </div>
  );
}
