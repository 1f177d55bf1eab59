import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useKpi, type GapKind, type Indicator } from '../state/kpi';
import { useEditor } from '../state/editor';
import { useView } from '../state/view';
import { useAnalysis } from '../state/analysis';
import { withKpiParams } from '../core/kpi/params';
import type { KpiPhase } from '../core/kpi/types';
import { formatNumber } from '../i18n';
import { scoreRows } from './scorecard';
import { CommuneTable } from './CommuneTable';
import { DcPanel } from './DcPanel';
import { CHORO_CLASSES, GAP_COLORS, WIFI_COLORS } from '../map/kpi-layers';
import { mapController } from './MapView';
import { dataWorker } from '../worker/client';
import { useReview } from '../state/review';
import { usePlan } from '../state/plan';
import type { GeoFeature } from '../core/io/fgb';
import { inYear } from '../core/plan/phase';

const YEARS: KpiPhase[] = ['2025', '2030', '2040'];
const NO_FEATURES: GeoFeature[] = [];

export function ScorecardPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const k = useKpi();
  const year = useEditor((s) => s.year);
  const setYear = useEditor((s) => s.setYear);
  const names = useView((s) => s.communeNames);
  const review = useReview();
  const planFeatures = usePlan((s) => s.doc?.features ?? NO_FEATURES);
  useEffect(() => review.activate(), [review]);
  const nameOf = (code: string) => names.find((c) => c.code === code)?.name ?? code;
  if (!k.report) {
    return (
      <section className="panel-section" data-testid="kpi-panel">
        <h2>{t('kpi.title')}</h2>
        <p className="muted">{k.error ?? t('kpi.waiting')}</p>
      </section>
    );
  }
  const r = k.report;
  const rows = scoreRows(r, t, lang);
  // Sharing agreed by the carriers (accepted or conditional) apart from sharing merely proposed.
  const agreedBy = Object.fromEntries(
    YEARS.map((y) => {
      const inY = review.proposals.filter((p) => p.phase === 'baseline' || inYear(p.phase, y));
      const ok = inY.filter((p) => ['accepted', 'conditional'].includes(review.statuses.get(p.id)?.state ?? '')).length;
      return [y, { ok, all: inY.length }];
    }),
  ) as Record<KpiPhase, { ok: number; all: number }>;
  const agreed = (y: KpiPhase) => agreedBy[y];
  if (review.proposals.length) {
    const at = rows.findIndex((x) => x.key === 'shared') + 1;
    rows.splice(at, 0, {
      key: 'sharing_agreed',
      label: t('kpi.rows.sharing_agreed'),
      values: Object.fromEntries(YEARS.map((y) => [y, `${agreed(y).ok}/${agreed(y).all}`])) as Record<KpiPhase, string>,
      target: t('kpi.increase'),
      progress: (y) => (agreed(y).all ? agreed(y).ok / agreed(y).all : null),
      gap: (y) => t('kpi.agreedNote', { n: agreed(y).all - agreed(y).ok }),
    });
  }
  const p = withKpiParams(k.params);
  const focus: KpiPhase = year;
  const contributions = r.phases[focus].contributions.filter((c) => c.people !== 0).slice(0, 8);
  // A proposal by its name; an action on an existing site by what it does (such sites have no name).
  const labelOf = (id: string) => {
    const p = planFeatures.find((f) => String(f.properties.id) === id)?.properties;
    if (p?.name) return String(p.name);
    if (p?.ref_id && p.action === 'upgrade') return t('kpi.upgradeOf', { ref: String(p.ref_id) });
    if (p?.ref_id && p.status === 'remove') return t('kpi.removeOf', { ref: String(p.ref_id) });
    return id;
  };
  const flyToFeature = async (id: string) => {
    const plan = useAnalysis.getState().plan;
    const c = mapController();
    if (!plan || !c) return;
    const pos = await dataWorker().positionsOf([id], plan);
    if (pos.length) {
      useAnalysis.getState().select(id, pos);
      void c.flyTo(pos[0][0], pos[0][1], Math.max(c.map.getZoom(), 14));
    }
  };
  return (
    <>
      <section className="panel-section kpi" data-testid="kpi-panel">
        <h2>
          {t('kpi.title')}
          <button className="link" onClick={() => useKpi.getState().set({ printing: true })} data-testid="kpi-print">
            🖨 {t('kpi.print')}
          </button>
        </h2>
        <table className="scorecard" data-testid="scorecard">
          <thead>
            <tr>
              <th>{t('kpi.indicator')}</th>
              {YEARS.map((y) => (
                <th key={y} className={`year ${y === focus ? 'on' : ''}`} onClick={() => setYear(y)} title={t('kpi.clickYear')} data-testid={`kpi-year-${y}`}>
                  {y}
                </th>
              ))}
              <th>{t('kpi.target')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const prog = row.progress(focus);
              return (
                <tr key={row.key} data-kpi={row.key}>
                  <td>
                    {row.label}
                    {prog !== null && (
                      <div className="bar" title={t('kpi.progress', { year: focus })}>
                        <span style={{ width: `${Math.max(0, Math.min(1, prog)) * 100}%`, background: prog >= 1 ? '#1a9850' : prog >= 0.8 ? '#d9a400' : '#d73027' }} />
                      </div>
                    )}
                    {row.gap(focus) && <div className="muted small">{row.gap(focus)}</div>}
                  </td>
                  {YEARS.map((y) => (
                    <td key={y} className={`num ${y === focus ? 'on' : ''}`} data-testid={`kpi-${row.key}-${y}`} title={row.detail?.[y]}>
                      {row.values[y]}
                    </td>
                  ))}
                  <td className="num">{row.target}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="muted small">
          {t('kpi.assumption', { p: p.radius5g_m.phuong, x: p.radius5g_m.xa, d: p.radius5g_m.dac_khu, drop: p.fibreDrop_m })} {t('kpi.summary', { ms: k.ms, computed: r.computed })}
        </p>
        {k.change && (
          <div className="kpi-change" data-testid="kpi-change">
            <strong>{t('kpi.change', { year: k.change.phase })}</strong>
            <ul>
              {k.change.items.slice(0, 4).map((c, i) => (
                <li key={i} className={c.people > 0 ? 'up' : 'down'}>
                  {t(c.kind === '5g' ? 'kpi.change5g' : 'kpi.changeFibre', { n: `${c.people > 0 ? '+' : '−'}${formatNumber(Math.abs(c.people), lang)}`, commune: nameOf(c.commune) })}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section className="panel-section">
        <h3>{t('kpi.overlays', { year: focus })}</h3>
        <div className="kpi-overlay">
          <span className="small">{t('kpi.choropleth')}</span>
          <div className="chips">
            {(['none', 'pct_5g', 'pct_fibre', 'wifi'] as Indicator[]).map((i) => (
              <button key={i} className={`chip ${k.indicator === i ? 'on' : ''}`} onClick={() => k.set({ indicator: i })} data-testid={`choro-${i}`}>
                {i === 'none' ? t('kpi.none') : i === 'wifi' ? t('kpi.colWifi') : i === 'pct_5g' ? t('kpi.col5g') : t('kpi.colFibre')}
              </button>
            ))}
          </div>
          {k.indicator !== 'none' && (
            <div className="choro-legend small" data-testid="choro-legend">
              {k.indicator === 'wifi' ? (
                <>
                  <span><i style={{ background: WIFI_COLORS.yes }} /> {t('kpi.wifiYes')}</span>
                  <span><i style={{ background: WIFI_COLORS.no }} /> {t('kpi.wifiNo')}</span>
                </>
              ) : (
                CHORO_CLASSES.map((c, i) => (
                  <span key={c.min}>
                    <i style={{ background: c.color }} /> {i === 0 ? '100%' : `${c.min}–${CHORO_CLASSES[i - 1].min}%`}
                  </span>
                ))
              )}
            </div>
          )}
          <span className="small">{t('kpi.gaps')}</span>
          <div className="chips">
            {(['none', '5g', 'fibre'] as GapKind[]).map((g) => (
              <button key={g} className={`chip ${k.gaps === g ? 'on' : ''}`} onClick={() => k.set({ gaps: g })} data-testid={`gaps-${g}`}>
                {g !== 'none' && <i className="swatch-sq" style={{ background: `rgb(${GAP_COLORS[g].join(',')})` }} />}
                {g === 'none' ? t('kpi.none') : g === '5g' ? t('kpi.gaps5g') : t('kpi.gapsFibre')}
              </button>
            ))}
          </div>
        </div>
      </section>
      <section className="panel-section">
        <h3>{t('kpi.contributions', { year: focus })}</h3>
        <p className="muted small">{t('kpi.contribNote')}</p>
        {contributions.length === 0 ? (
          <p className="muted small">{t('kpi.noContrib')}</p>
        ) : (
          <ul className="contributions" data-testid="kpi-contributions">
            {contributions.map((c) => (
              <li key={`${c.id}-${c.kind}`}>
                <button className="link" onClick={() => void flyToFeature(c.id)} title={c.id}>
                  {labelOf(c.id)}
                </button>{' '}
                <span className={c.people > 0 ? 'up' : 'down'}>
                  {c.people > 0 ? '+' : '−'}
                  {formatNumber(Math.abs(c.people), lang)}
                </span>{' '}
                {c.kind === '5g' ? t('kpi.kind5g') : t('kpi.kindFibre')}
                {c.communes[0] && <span className="muted small"> · {nameOf(c.communes[0].code)}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <CommuneTable phase={focus} />
      <DcPanel phase={focus} />
    </>
  );
}
