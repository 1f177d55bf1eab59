import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';
import { ASSET_LAYERS } from '../map/controller';
import { MIN_ZOOM } from '../map/layers';
import { formatNumber } from '../i18n';
import { LayerSwatch } from './Swatch';

/** Asset layers in the panel's order (most used first). */
const PANEL_ORDER = ['sites', 'ducts', 'aerial', 'poles', 'manholes', 'stations', 'service', 'datacentres', 'zones', 'critical', 'popcells'];

export function LayerPanel() {
  const { t, i18n } = useTranslation();
  const manifest = useView((s) => s.manifest);
  const visible = useView((s) => s.visible);
  const toggle = useView((s) => s.toggle);
  const zoom = useView((s) => s.zoom);
  const load = useView((s) => s.load);
  if (!manifest) return null;
  return (
    <section className="panel-section" data-testid="layer-panel">
      <h2 data-testid="layer-panel-title">{t('layers.title')}</h2>
      <ul className="layer-list">
        {PANEL_ORDER.filter((id) => ASSET_LAYERS.includes(id)).map((id) => {
          const l = manifest.layers.find((x) => x.id === id);
          if (!l) return null;
          const minZ = MIN_ZOOM[id];
          const pending = load.phase === 'loading' && ASSET_LAYERS.indexOf(id) >= ASSET_LAYERS.indexOf(load.current) && load.current !== '';
          return (
            <li key={id} data-testid={`layer-row-${id}`} className={visible[id] ? '' : 'off'}>
              <label>
                <input type="checkbox" checked={!!visible[id]} onChange={() => toggle(id)} />
                <LayerSwatch id={id} />
                <span className="layer-name">{t(`layers.${id}`)}</span>
                <span className="layer-count" data-testid="layer-count">
                  {formatNumber(l.count, i18n.language)}
                </span>
              </label>
              {minZ !== undefined && visible[id] && zoom < minZ && <div className="layer-note">{t('layers.minZoom', { zoom: minZ })}</div>}
              {pending && <div className="layer-note">…</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
