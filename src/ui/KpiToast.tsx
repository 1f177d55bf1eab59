import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKpi } from '../state/kpi';
import { useView } from '../state/view';
import { formatNumber } from '../i18n';

/** What the last edit did to the indicators, over the map for a few seconds. */
export function KpiToast() {
  const { t, i18n } = useTranslation();
  const change = useKpi((s) => s.change);
  const names = useView((s) => s.communeNames);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!change) return;
    setShown(true);
    const id = setTimeout(() => setShown(false), 6000);
    return () => clearTimeout(id);
  }, [change]);
  if (!change || !shown) return null;
  return (
    <div className="kpi-toast" role="status" data-testid="kpi-toast">
      {change.items.slice(0, 2).map((c, i) => (
        <div key={i} className={c.people > 0 ? 'up' : 'down'}>
          {t(c.kind === '5g' ? 'kpi.change5g' : 'kpi.changeFibre', {
            n: `${c.people > 0 ? '+' : '−'}${formatNumber(Math.abs(c.people), i18n.language)}`,
            commune: names.find((n) => n.code === c.commune)?.name ?? c.commune,
          })}
        </div>
      ))}
      <span className="muted small">{change.phase}</span>
    </div>
  );
}
