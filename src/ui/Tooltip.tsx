import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';
import { dataWorker } from '../worker/client';
import { formatValue } from './format';

/** A short hover card: type, owner and id, fetched from the worker. */
export function Tooltip() {
  const { t, i18n } = useTranslation();
  const hover = useView((s) => s.hover);
  const communes = useView((s) => s.communeNames);
  const [p, setP] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    let live = true;
    if (!hover) setP(null);
    else void dataWorker().props(hover.layerId, hover.row).then((x) => live && setP(x));
    return () => {
      live = false;
    };
  }, [hover?.layerId, hover?.row]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!hover || !p) return null;
  const cn = (code: string) => communes.find((c) => c.code === code)?.name;
  const title = p.code ? formatValue(t, i18n.language, 'code', p.code, cn) : t(`layers.${hover.layerId}`);
  return (
    <div className="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} role="tooltip">
      <strong>{title}</strong>
      {p.owner !== undefined && <div>{formatValue(t, i18n.language, 'owner', p.owner, cn)}</div>}
      {hover.layerId === 'popcells' && <div>{t('stats.people', { n: formatValue(t, i18n.language, 'population', p.population, cn) })}</div>}
      {p.commune_code !== undefined && <div className="muted">{cn(String(p.commune_code))}</div>}
      <div className="muted mono">{String(p.id ?? '')}</div>
    </div>
  );
}
