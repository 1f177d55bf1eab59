import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n';
import { useEditor } from '../state/editor';

/** The reuse split of the corridor being drawn, next to the cursor. */
export function LiveLabel() {
  const { t, i18n } = useTranslation();
  const live = useEditor((s) => s.live);
  if (!live) return null;
  const r = live;
  const pct = (v: number) => (r.length_m ? Math.round((100 * v) / r.length_m) : 0);
  const km = (v: number) => (v >= 1000 ? `${formatNumber(v / 1000, i18n.language, 2)} km` : `${formatNumber(v, i18n.language, 0)} m`);
  return (
    <div
      className="live-label"
      // Near the right edge the card flips to the cursor's left so it is never squeezed.
      style={live.x > window.innerWidth - 700 ? { left: live.x - 18, top: live.y + 18, transform: 'translateX(-100%)' } : { left: live.x + 18, top: live.y + 18 }} data-testid="live-label" data-reuse-pct={pct(r.reuse_duct_m)}>
      <strong>{km(r.length_m)}</strong>
      <div>
        <span className="k reuse" /> {t('analysis.reuse')}: {km(r.reuse_duct_m)} ({pct(r.reuse_duct_m)}%)
      </div>
      <div>
        <span className="k along" /> {t('analysis.along')}: {km(Math.max(0, r.length_m - r.new_build_m - r.reuse_duct_m))}
      </div>
      <div>
        <span className="k new" /> {t('analysis.newBuild')}: {km(r.new_build_m)} ({pct(r.new_build_m)}%)
      </div>
    </div>
  );
}
