import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReview } from '../state/review';
import { usePlan } from '../state/plan';
import { useAnalysis } from '../state/analysis';
import { PACKAGE_OWNERS } from '../core/io/redact';
import { DECISIONS, PROPOSAL_KINDS, PROPOSAL_STATES, REASON_CODES, type Decision, type Proposal, type ProposalState, type ReasonCode } from '../core/review/types';
import { countStates, conflicts } from '../core/review/decisions';
import { proposalsFor } from '../core/review/proposals';
import { recordsOf } from '../core/review/records';
import { download } from './download';
import { mapController } from './MapView';
import { STATE_COLORS } from '../map/review-layers';
import { dataWorker } from '../worker/client';

const PAGE = 25;

/** The facts of a proposal as "label value" pairs, in the panel's language. */
function Facts({ p }: { p: Proposal }) {
  const { t } = useTranslation();
  return (
    <dl className="facts small">
      {Object.entries(p.facts)
        .filter(([k, v]) => v !== null && v !== '' && k !== 'phase')
        .map(([k, v]) => (
          <span key={k}>
            <dt>{t(`review.fact.${k}`, { defaultValue: k })}</dt>
            <dd>{typeof v === 'boolean' ? (v ? '✓' : '—') : String(v)}</dd>
          </span>
        ))}
    </dl>
  );
}

export function StateChip({ state }: { state: ProposalState }) {
  const { t } = useTranslation();
  return (
    <span className="state-chip" style={{ background: STATE_COLORS[state] }} data-state={state}>
      {t(`review.state.${state}`)}
    </span>
  );
}

function DecisionForm({ p, carrier }: { p: Proposal; carrier: string }) {
  const { t } = useTranslation();
  const doc = usePlan((s) => s.doc);
  const mine = recordsOf(doc?.reviews)
    .filter((r) => r.carrier === carrier && r.proposal_id === p.id)
    .sort((a, b) => a.round - b.round || a.decided_at.localeCompare(b.decided_at))
    .at(-1);
  const [reason, setReason] = useState<ReasonCode | ''>(mine?.reason ?? '');
  const [comment, setComment] = useState(mine?.comment ?? '');
  // Undo, redo or an import changes the record: the form follows it.
  useEffect(() => {
    setReason(mine?.reason ?? '');
    setComment(mine?.comment ?? '');
  }, [mine?.id, mine?.decided_at, mine?.reason, mine?.comment]);
  const decide = (d: Decision) => {
    if (d !== 'accept' && !reason) return;
    useReview.getState().decide(p.id, d, reason || null, comment);
  };
  return (
    <div className="decision-form" data-testid="decision-form">
      <div className="row">
        <select value={reason} onChange={(e) => setReason(e.target.value as ReasonCode)} data-testid="decision-reason" aria-label={t('review.reason')}>
          <option value="">{t('review.reasonPick')}</option>
          {REASON_CODES.map((r) => (
            <option key={r} value={r}>
              {t(`review.reasons.${r}`)}
            </option>
          ))}
        </select>
        <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('review.comment')} data-testid="decision-comment" />
      </div>
      <div className="row">
        {DECISIONS.map((d) => (
          <button
            key={d}
            className={`decide ${d} ${mine?.decision === d ? 'on' : ''}`}
            onClick={() => decide(d)}
            disabled={d !== 'accept' && !reason}
            title={d !== 'accept' && !reason ? t('review.needReason') : ''}
            data-testid={`decide-${d}`}
          >
            {t(`review.decision.${d}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

export function ReviewPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const r = useReview();
  const doc = usePlan((s) => s.doc);
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<string>('');
  const [stateFilter, setStateFilter] = useState<ProposalState | ''>('');
  const [shown, setShown] = useState(PAGE);
  const [pkgFor, setPkgFor] = useState('Viettel');
  useEffect(() => r.activate(), [r]);
  useEffect(() => {
    useReview.getState().set({ open: true });
    return () => useReview.getState().set({ open: false });
  }, []);
  const isSo = r.as === 'so';
  const list = useMemo(() => {
    const base = isSo ? r.proposals : proposalsFor(r.as, r.proposals);
    // The plan's own proposals first; the many clusters of existing sites after them.
    const order = { site_share: 0, duct_reuse: 1, joint_build: 2, cluster: 3 } as const;
    return base
      .filter((p) => (!kind || p.kind === kind) && (!stateFilter || r.statuses.get(p.id)?.state === stateFilter))
      .sort((a, b) => order[a.kind] - order[b.kind] || a.id.localeCompare(b.id));
  }, [r.proposals, r.as, r.statuses, isSo, kind, stateFilter]);
  const scope = isSo ? r.proposals : proposalsFor(r.as, r.proposals);
  const counts = countStates(scope, recordsOf(doc?.reviews));
  const conflictList = isSo ? conflicts(r.proposals, recordsOf(doc?.reviews)) : [];
  const records = recordsOf(doc?.reviews).sort((a, b) => b.decided_at.localeCompare(a.decided_at));
  const go = (p: Proposal) => {
    r.set({ selected: p.id });
    useAnalysis.getState().select(p.id, [[p.lon, p.lat]]);
    const c = mapController();
    if (c) void c.flyTo(p.lon, p.lat, Math.max(c.map.getZoom(), 15));
  };
  const onFiles = async (fl: FileList | null) => {
    if (!fl || fl.length === 0) return;
    const files = await Promise.all([...fl].map(async (f) => ({ name: f.name, text: await f.text() })));
    r.importFiles(files);
    if (fileRef.current) fileRef.current.value = '';
  };
  return (
    <section className="panel-section review" data-testid="review-panel">
      <h2>{t('review.title')}</h2>
      <label className="review-as">
        {t('review.as')}{' '}
        <select value={r.as} onChange={(e) => r.setAs(e.target.value)} data-testid="review-as">
          <option value="so">{t('review.so')}</option>
          {PACKAGE_OWNERS.filter((o) => o !== 'city').map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{isSo ? t('review.soNote') : t('review.carrierNote', { carrier: r.as })}</p>
      {r.error && (
        <p className="error small" role="alert">
          {r.error}
        </p>
      )}
      {r.importError && (
        <p className="error small" role="alert" data-testid="review-error">
          {t('review.refused', { msg: r.importError })}
        </p>
      )}
      <div className="chips state-counts" data-testid="review-counts">
        {PROPOSAL_STATES.map((s) => (
          <button key={s} className={`chip ${stateFilter === s ? 'on' : ''}`} onClick={() => setStateFilter(stateFilter === s ? '' : s)} data-testid={`review-count-${s}`}>
            <i className="swatch-sq" style={{ background: STATE_COLORS[s] }} />
            {t(`review.state.${s}`)} {counts[s]}
          </button>
        ))}
      </div>
      <div className="review-actions">
        {isSo ? (
          <>
            <button onClick={() => fileRef.current?.click()} data-testid="review-import">
              {t('review.import')}
            </button>
            <input ref={fileRef} type="file" accept=".geojson,.json,application/geo+json,application/json" multiple hidden onChange={(e) => void onFiles(e.target.files)} data-testid="review-file" />
            <span className="package-for">
              <select value={pkgFor} onChange={(e) => setPkgFor(e.target.value)} aria-label={t('review.packageFor')} data-testid="review-package-carrier">
                {PACKAGE_OWNERS.filter((o) => o !== 'city').map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
              <button
                onClick={async () => {
                  const plan = useAnalysis.getState().plan;
                  if (!plan) return;
                  const text = await dataWorker().reviewPackage(pkgFor, plan, useAnalysis.getState().params, doc?.name ?? null);
                  download(`goi-gop-y-${pkgFor.toLowerCase()}-${new Date().toISOString().slice(0, 10)}.geojson`, text, 'application/geo+json');
                }}
                title={t('review.packageNote')}
                data-testid="review-package"
              >
                {t('review.package')}
              </button>
            </span>
            <button
              onClick={() => {
                const f = r.logFile(lang);
                download(f.name, f.text, 'text/csv;charset=utf-8');
              }}
              disabled={records.length === 0}
              data-testid="review-log-csv"
            >
              {t('review.logCsv')}
            </button>
          </>
        ) : (
          <button
            className="primary"
            onClick={() => {
              const f = r.exportFile();
              if (f) download(f.name, f.text, 'application/geo+json');
            }}
            data-testid="review-export"
          >
            {t('review.export', { carrier: r.as })}
          </button>
        )}
        <label className="small">
          <input type="checkbox" checked={r.showOnMap} onChange={(e) => r.set({ showOnMap: e.target.checked })} /> {t('review.showOnMap')}
        </label>
      </div>
      {r.imported && (
        <ul className="import-summary small" data-testid="review-imported">
          {r.imported.map((s) => (
            <li key={s.file}>{t('review.importedLine', { file: s.file, carrier: s.carrier, round: s.round, attached: s.attached, stale: s.stale, unknown: s.unknown.length, duplicates: s.duplicates })}</li>
          ))}
        </ul>
      )}
      {conflictList.length > 0 && (
        <div className="conflicts" data-testid="review-conflicts">
          <h3>{t('review.conflicts', { n: conflictList.length })}</h3>
          <ul className="small">
            {conflictList.map((c) => (
              <li key={c.id}>
                <button className="link" onClick={() => { const p = r.proposals.find((x) => x.id === c.id); if (p) go(p); }}>{c.id}</button>: {t('review.conflictLine', { yes: c.accepted.join(', '), no: c.rejected.join(', ') })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="chips">
        <button className={`chip ${kind === '' ? 'on' : ''}`} onClick={() => setKind('')}>
          {t('review.allKinds')} {scope.length}
        </button>
        {PROPOSAL_KINDS.map((k) => (
          <button key={k} className={`chip ${kind === k ? 'on' : ''}`} onClick={() => setKind(kind === k ? '' : k)} data-testid={`review-kind-${k}`}>
            {t(`review.kind.${k}`)} {scope.filter((p) => p.kind === k).length}
          </button>
        ))}
      </div>
      {r.loading && r.proposals.length === 0 && <p className="muted">{t('review.loading')}</p>}
      <ul className="proposals" data-testid="proposal-list">
        {list.slice(0, shown).map((p) => {
          const st = r.statuses.get(p.id);
          const role = p.parties.find((x) => x.owner === r.as)?.role;
          return (
            <li key={p.id} className={`proposal ${r.selected === p.id ? 'on' : ''}`} data-testid="proposal" data-proposal-id={p.id} data-state={st?.state ?? 'pending'}>
              <div className="proposal-head">
                <button className="link" onClick={() => go(p)}>
                  {t(`review.kind.${p.kind}`)}
                </button>
                <StateChip state={st?.state ?? 'pending'} />
              </div>
              <div className="small">{lang === 'en' ? p.summary.en : p.summary.vi}</div>
              <div className="muted small">
                {p.id} · {t('review.phase')} {p.phase === 'baseline' ? '2025' : p.phase} · {p.parties.map((x) => `${x.owner} (${t(`review.role.${x.role}`)})`).join(', ')}
                {role && ` · ${t('review.yourRole', { role: t(`review.role.${role}`) })}`}
              </div>
              <Facts p={p} />
              {st && st.latest.length > 0 && (
                <ul className="decisions small">
                  {st.waiting.length > 0 && <li className="muted">{t('review.waiting', { who: st.waiting.join(', ') })}</li>}
                  {st.latest.map((d) => (
                    <li key={d.id}>
                      {d.carrier}: <b>{t(`review.decision.${d.decision}`)}</b>
                      {d.reason ? ` · ${t(`review.reasons.${d.reason}`)}` : ''}
                      {d.comment ? ` · “${d.comment}”` : ''} <span className="muted">({t('review.round', { n: d.round })})</span>
                    </li>
                  ))}
                </ul>
              )}
              {!isSo && role && <DecisionForm p={p} carrier={r.as} key={`${p.id}-${r.as}`} />}
            </li>
          );
        })}
      </ul>
      {list.length > shown && (
        <button className="link" onClick={() => setShown(shown + PAGE)}>
          {t('review.more', { n: Math.min(PAGE, list.length - shown) })}
        </button>
      )}
      {isSo && (
        <div data-testid="review-log">
          <h3>{t('review.log', { n: records.length })}</h3>
          {records.length === 0 ? (
            <p className="muted small">{t('review.logEmpty')}</p>
          ) : (
            <table className="commune-table log-table">
              <thead>
                <tr>
                  <th>{t('review.when')}</th>
                  <th>{t('review.who')}</th>
                  <th>{t('review.what')}</th>
                  <th>{t('review.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {records.slice(0, 50).map((d) => (
                  <tr key={d.id} data-testid="log-row">
                    <td>{d.decided_at.slice(0, 16).replace('T', ' ')}</td>
                    <td>
                      {d.carrier} <span className="muted">r{d.round}</span>
                    </td>
                    <td>
                      {t(`review.decision.${d.decision}`)} <span className="muted">{d.proposal_id}</span>
                    </td>
                    <td>
                      {d.reason ? t(`review.reasons.${d.reason}`) : ''}
                      {d.comment ? ` · ${d.comment}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
