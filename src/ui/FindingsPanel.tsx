import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnalysis } from '../state/analysis';
import { useView } from '../state/view';
import { dataWorker } from '../worker/client';
import { mapController } from './MapView';
import { formatNumber } from '../i18n';
import { withParams } from '../core/analysis/params';
import type { AnnotatedFinding } from '../worker/analysis';
import { css, OWNER_COLORS } from '../map/colors';
import { PART_COLORS } from '../map/plan-layers';
import { ProposalChips, proposalIdsOfCorridor, proposalIdsOfFinding } from './ProposalChips';
import { useReview } from '../state/review';

const RULES = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R9'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;
const PAGE = 30;

function evidenceLabel(t: (k: string) => string, e: string): string {
  return e === 'I' ? t('analysis.inferred') : e === 'S' ? t('analysis.sourced') : t('analysis.partial');
}

export function FindingsPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const a = useAnalysis();
  const communes = useView((s) => s.communeNames);
  const [open, setOpen] = useState<Record<string, boolean>>({ 'R1:error': true, 'R2:error': true, 'R5:error': true, 'R6:error': true, 'R9:warning': true });
  const [shown, setShown] = useState<Record<string, number>>({});
  const findings = a.result?.report.findings ?? [];
  const filtered = useMemo(
    () => findings.filter((f) => (!a.filters.owner || f.owners.includes(a.filters.owner)) && (!a.filters.commune || f.communes.includes(a.filters.commune))),
    [findings, a.filters],
  );
  const groups = useMemo(() => {
    const m = new Map<string, AnnotatedFinding[]>();
    for (const f of filtered) {
      const k = `${f.rule}:${f.severity}`;
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(f);
    }
    return m;
  }, [filtered]);
  const owners = useMemo(() => [...new Set(findings.flatMap((f) => f.owners))].sort(), [findings]);
  const p = withParams(a.params);
  const go = async (f: AnnotatedFinding) => {
    const c = mapController();
    const pos = a.plan ? await dataWorker().positionsOf(f.featureIds, a.plan) : [];
    useAnalysis.getState().select(f.id, pos);
    if (c) void c.flyTo(f.lon, f.lat, Math.max(c.map.getZoom(), 15.5));
  };
  const corridors = a.result?.report.corridors ?? [];
  const proposals = useReview((s) => s.proposals);
  const flyToCorridor = (id: string) => {
    const f = a.plan?.features.find((x) => String(x.properties.id) === id);
    const c = mapController();
    if (!f || !c) return;
    const pts = f.geometry.coordinates as number[][];
    const xs = pts.map((q) => q[0]);
    const ys = pts.map((q) => q[1]);
    c.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    useAnalysis.getState().select(id, [[pts[0][0], pts[0][1]], [pts[pts.length - 1][0], pts[pts.length - 1][1]]]);
  };
  return (
    <section className="panel-section findings" data-testid="findings-panel">
      <h2>{t('analysis.title')}</h2>
      {a.plan && (
        <div className="muted">
          {t('analysis.plan')}: <strong>{String(a.plan.metadata?.name ?? '')}</strong>
        </div>
      )}
      {a.error && <div className="error-text">{t('analysis.error', { msg: a.error })}</div>}
      {!a.result && !a.error && <div className="muted">{a.plan ? t('analysis.running') : t('analysis.waiting')}</div>}
      {a.result && (
        <>
          <div className="muted" data-testid="findings-summary">
            {t('analysis.summary', { n: formatNumber(findings.length, lang), ms: formatNumber(a.result.ms, lang, 1), computed: a.result.computed })}
            {a.running ? ' · …' : ''}
          </div>
          <div className="muted small">{t('analysis.params', { p: p.shareDistance_m.phuong, x: p.shareDistance_m.xa, t: p.tolerance_m })}</div>
          <label className="check">
            <input type="checkbox" checked={a.showPlan} onChange={() => a.toggle('showPlan')} /> {t('analysis.showPlan')}
          </label>
          <label className="check">
            <input type="checkbox" checked={a.showClusters} onChange={() => a.toggle('showClusters')} /> {t('analysis.showClusters')}
          </label>
          <div className="muted small parts-legend">
            {PART_COLORS.map((c, i) => (
              <span key={i} className="swatch" style={{ background: css(c), width: 18, height: 5, display: 'inline-block', marginRight: 4 }} />
            ))}
            {t('analysis.partsLegend')}
          </div>
          <h3>{t('analysis.corridors')}</h3>
          <table className="corridors" data-testid="corridor-table">
            <thead>
              <tr>
                <th />
                <th>{t('analysis.length')}</th>
                <th>{t('analysis.reuse')}</th>
                <th>{t('analysis.newBuild')}</th>
                <th title={t('analysis.costNote')}>{t('analysis.cost')}*</th>
              </tr>
            </thead>
            <tbody>
              {corridors.map((c) => (
                <tr
                  key={c.id}
                  className="clickable"
                  onClick={() => flyToCorridor(c.id)}
                  title={`${c.id} · ${t('analysis.along')}: ${formatNumber(c.along_poles_m / 1000, lang, 2)} km${c.jointWith.length ? ` · ${t('analysis.joint')}: ${c.jointWith.map((j) => `${j.id} (${j.owner}, ${Math.round(j.shared_m)} m)`).join(', ')}` : ''}`}
                >
                  <td>
                    <span className="swatch dot" style={{ background: css(OWNER_COLORS[c.owner] ?? [128, 128, 128, 255]) }} />
                    <span className="mono">{c.id.replace('plan-', '')}</span>
                    {c.jointWith.length > 0 && <span className="badge">⇄</span>}
                    <ProposalChips ids={proposalIdsOfCorridor(c.id, proposals)} />
                  </td>
                  <td>{formatNumber(c.length_m / 1000, lang, 1)} km</td>
                  <td>{c.length_m ? Math.round((100 * c.reuse_duct_m) / c.length_m) : 0}%</td>
                  <td>{formatNumber(c.new_build_m / 1000, lang, 1)} km</td>
                  <td>{formatNumber(c.cost.total / 1e6, lang, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="muted small">* {t('analysis.costNote')}</div>
          <div className="field-row">
            <label className="field">
              <span>{t('analysis.owner')}</span>
              <select value={a.filters.owner ?? ''} onChange={(e) => a.setFilters({ owner: e.target.value || null })} data-testid="findings-owner">
                <option value="">{t('analysis.all')}</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    {t(`owners.${o}`, { defaultValue: o })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('analysis.commune')}</span>
              <select value={a.filters.commune ?? ''} onChange={(e) => a.setFilters({ commune: e.target.value || null })}>
                <option value="">{t('analysis.all')}</option>
                {communes.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {filtered.length === 0 && <div className="muted">{t('analysis.none')}</div>}
          {SEVERITIES.flatMap((sev) =>
            RULES.map((rule) => {
              const k = `${rule}:${sev}`;
              const list = groups.get(k);
              if (!list) return null;
              const n = shown[k] ?? PAGE;
              return (
                <div key={k} className={`finding-group sev-${sev}`} data-testid={`finding-group-${rule}-${sev}`}>
                  <button className="group-head" onClick={() => setOpen({ ...open, [k]: !open[k] })} aria-expanded={!!open[k]}>
                    <span className={`sev-dot sev-${sev}`} />
                    <span className="group-title">{t(`rules.${rule}`)}</span>
                    <span className="muted">{t(`severity.${sev}`)}</span>
                    <span className="count">{formatNumber(list.length, lang)}</span>
                  </button>
                  {open[k] && (
                    <ul>
                      {list.slice(0, n).map((f) => (
                        <li key={f.id} data-testid="finding" data-finding-id={f.id} data-lon={f.lon} data-lat={f.lat} className={a.selected === f.id ? 'selected' : ''}>
                          <button className="finding-btn" onClick={() => void go(f)} title={`${t('analysis.source')}: ${f.source.ref} (${evidenceLabel(t, f.source.evidence)})`}>
                            {f.message[lang]} <ProposalChips ids={proposalIdsOfFinding(f)} />
                            <span className="muted small">
                              {' '}
                              · {t('analysis.value', { v: formatNumber(f.value, lang, 1), t: formatNumber(f.threshold, lang, 1) })} · {evidenceLabel(t, f.source.evidence)}
                            </span>
                          </button>
                        </li>
                      ))}
                      {list.length > n && (
                        <li>
                          <button className="link" onClick={() => setShown({ ...shown, [k]: n + PAGE })}>
                            {t('analysis.more', { n: Math.min(PAGE, list.length - n) })}
                          </button>
                        </li>
                      )}
                    </ul>
                  )}
                </div>
              );
            }),
          )}
        </>
      )}
    </section>
  );
}
