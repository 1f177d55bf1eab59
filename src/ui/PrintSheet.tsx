import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useKpi } from '../state/kpi';
import { useEditor } from '../state/editor';
import { usePlan } from '../state/plan';
import { useView } from '../state/view';
import { KPI_SOURCES, withKpiParams } from '../core/kpi/params';
import { scoreRows } from './scorecard';
import { mapController } from './MapView';
import { css, OWNER_COLORS } from '../map/colors';
import { PART_COLORS } from '../map/plan-layers';
import { CHORO_CLASSES, GAP_COLORS, WIFI_COLORS } from '../map/kpi-layers';
import { formatNumber } from '../i18n';

type Paper = 'A4' | 'A3';

/** A round distance and its share of the map image's width, for the scale bar. */
export function scaleBar(metresPerPixel: number, widthPx: number): { metres: number; fraction: number } {
  const target = metresPerPixel * widthPx * 0.2;
  const pow = 10 ** Math.floor(Math.log10(target));
  const metres = [1, 2, 5, 10].map((m) => m * pow).filter((m) => m <= target).pop() ?? pow;
  return { metres, fraction: metres / (metresPerPixel * widthPx) };
}

/**
 * The printable scorecard: title, plan name and date, the map as it is on screen with a
 * legend, scale bar and north arrow, the scorecard table, the weakest communes and the sources.
 * Printed through the browser (print to PDF); the @page rule follows the paper chosen.
 */
export function PrintSheet() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const k = useKpi();
  const year = useEditor((s) => s.year);
  const doc = usePlan((s) => s.doc);
  const manifest = useView((s) => s.manifest);
  const [paper, setPaper] = useState<Paper>('A4');
  const [shot, setShot] = useState<{ url: string; metresPerPixel: number; width: number; bearing: number } | null>(null);
  useEffect(() => {
    if (!k.printing) return;
    const c = mapController();
    if (!c) return;
    const m = c.map;
    // The map canvas keeps its drawing buffer, so it can be read after the frame is drawn.
    m.once('render', () => {
      const canvas = m.getCanvas();
      const lat = m.getCenter().lat;
      const metresPerPixel = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** m.getZoom());
      setShot({ url: canvas.toDataURL('image/png'), metresPerPixel, width: canvas.clientWidth, bearing: m.getBearing() });
    });
    m.triggerRepaint();
  }, [k.printing]);
  const rows = useMemo(() => (k.report ? scoreRows(k.report, t, lang) : []), [k.report, t, lang]);
  if (!k.printing || !k.report) return null;
  const r = k.report;
  const p = withKpiParams(k.params);
  const weakest = [...r.phases[year].communes].sort((a, b) => a.pct_5g - b.pct_5g || a.name.localeCompare(b.name, 'vi')).slice(0, 10);
  const bar = shot ? scaleBar(shot.metresPerPixel, shot.width) : null;
  const date = new Date().toLocaleDateString(lang === 'en' ? 'en-GB' : 'vi-VN');
  return createPortal(
    <div className={`print-root paper-${paper}`} data-testid="print-sheet">
      <style>{`@page { size: ${paper} landscape; margin: 10mm; }`}</style>
      <div className="print-toolbar no-print">
        <label>
          {t('print.paper')}{' '}
          <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)} data-testid="print-paper">
            <option value="A4">A4</option>
            <option value="A3">A3</option>
          </select>
        </label>
        <button className="primary" onClick={() => window.print()} data-testid="print-go">
          {t('print.print')}
        </button>
        <button onClick={() => useKpi.getState().set({ printing: false })} data-testid="print-close">
          {t('print.close')}
        </button>
      </div>
      <article className="sheet">
        <header>
          <div className="muted small">{t('print.heading')}</div>
          <h1>{t('print.title')}</h1>
          <div className="small">
            {t('print.plan')}: <strong>{doc?.name ?? '—'}</strong> · {t('print.date')}: {date} · {t('print.year')}: <strong>{year}</strong>
          </div>
        </header>
        <div className="sheet-body">
          <figure className="sheet-map">
            <div className="sheet-map-inner">
            {shot ? <img src={shot.url} alt={t('print.title')} data-testid="print-map" /> : <div className="muted">…</div>}
            <div className="north" style={{ transform: `rotate(${-(shot?.bearing ?? 0)}deg)` }} aria-label="north">
              <svg viewBox="0 0 20 30" width="20" height="30">
                <polygon points="10,0 18,26 10,20 2,26" fill="#222" />
              </svg>
              <span>{t('print.north')}</span>
            </div>
            {bar && (
              <div className="scalebar" data-testid="print-scalebar">
                {/* The box is the image width less 16 px of padding: the bar is `fraction` of the whole image. */}
                <div style={{ width: `calc(${bar.fraction * 100}% + ${bar.fraction * 16}px)` }} />
                <span>{bar.metres >= 1000 ? `${formatNumber(bar.metres / 1000, lang)} km` : `${bar.metres} m`}</span>
              </div>
            )}
            </div>
            <figcaption className="sheet-legend" data-testid="print-legend">
              <strong>{t('print.legend')}</strong>
              <span className="small">{t('print.sites')}:</span>
              {Object.entries(OWNER_COLORS)
                .slice(0, 6)
                .map(([o, c]) => (
                  <span key={o} className="small">
                    <i style={{ background: css(c) }} /> {o}
                  </span>
                ))}
              <span className="small">
                <i className="line" style={{ background: css(PART_COLORS[0]) }} />
                <i className="line" style={{ background: css(PART_COLORS[1]) }} />
                <i className="line" style={{ background: css(PART_COLORS[2]) }} /> {t('print.planLegend')}
              </span>
              {k.indicator !== 'none' &&
                (k.indicator === 'wifi' ? (
                  <>
                    <span className="small"><i style={{ background: WIFI_COLORS.yes }} /> {t('kpi.wifiYes')}</span>
                    <span className="small"><i style={{ background: WIFI_COLORS.no }} /> {t('kpi.wifiNo')}</span>
                  </>
                ) : (
                  CHORO_CLASSES.map((c, i) => (
                    <span key={c.min} className="small">
                      <i style={{ background: c.color }} /> {k.indicator === 'pct_5g' ? '5G' : t('kpi.colFibre')} {i === 0 ? '100%' : `${c.min}–${CHORO_CLASSES[i - 1].min}%`}
                    </span>
                  ))
                ))}
              {k.gaps !== 'none' && (
                <span className="small">
                  <i style={{ background: `rgb(${GAP_COLORS[k.gaps].join(',')})` }} /> {k.gaps === '5g' ? t('kpi.gaps5g') : t('kpi.gapsFibre')}
                </span>
              )}
            </figcaption>
          </figure>
          <div className="sheet-tables">
            <table className="scorecard print" data-testid="print-table">
              <thead>
                <tr>
                  <th>{t('kpi.indicator')}</th>
                  <th>2025</th>
                  <th>2030</th>
                  <th>2040</th>
                  <th>{t('kpi.target')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    <td>{row.label}</td>
                    <td className="num">{row.values['2025']}</td>
                    <td className="num">{row.values['2030']}</td>
                    <td className="num">{row.values['2040']}</td>
                    <td className="num">{row.target}</td>
                    <td className="small">{row.gap('2030')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>{t('print.communeTable', { year })}</h2>
            <table className="scorecard print">
              <thead>
                <tr>
                  <th>{t('kpi.colName')}</th>
                  <th>{t('kpi.colPop')}</th>
                  <th>{t('kpi.col5g')}</th>
                  <th>{t('kpi.colFibre')}</th>
                  <th>{t('kpi.colWifi')}</th>
                </tr>
              </thead>
              <tbody>
                {weakest.map((c) => (
                  <tr key={c.code}>
                    <td>{c.name}</td>
                    <td className="num">{formatNumber(c.population, lang)}</td>
                    <td className="num">{formatNumber(c.pct_5g, lang, 1)}%</td>
                    <td className="num">{formatNumber(c.pct_fibre, lang, 1)}%</td>
                    <td className="num">{c.wifi ? '✓' : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <footer className="sheet-sources small">
          <strong>{t('print.sources')}</strong>
          <p>{t('kpi.assumption', { p: p.radius5g_m.phuong, x: p.radius5g_m.xa, d: p.radius5g_m.dac_khu, drop: p.fibreDrop_m })}</p>
          <ul>
            {Object.entries(KPI_SOURCES).map(([key, s]) => (
              <li key={key}>
                {s.ref} {s.evidence === 'I' ? `(${t('analysis.inferred')})` : ''}
              </li>
            ))}
            {manifest?.attributions.map((a) => <li key={a.id}>{a.text}</li>)}
            {manifest && <li>{lang === 'en' ? manifest.synthetic_notice.en : manifest.synthetic_notice.vi}</li>}
          </ul>
        </footer>
      </article>
    </div>,
    document.body,
  );
}
