import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as Comlink from 'comlink';
import { dataWorker } from '../worker/client';
import type { ImportOutcome } from '../worker/io';
import type { FieldMapping, ImportReport } from '../core/io/types';
import { SUPPORTED_CRS } from '../core/geo/crs';
import { usePlan } from '../state/plan';
import { useEditor } from '../state/editor';
import { nextFeatureId } from '../core/plan/doc';
import { formatNumber } from '../i18n';
import type { GeoFeature } from '../core/io/fgb';

const TARGETS = ['id', 'code', 'owner', 'status', 'phase', 'name', 'lon', 'lat', 'x', 'y', 'height_m', 'tech', 'tenants', 'n_ducts', 'n_free_ducts'];
const PLAN_STATUSES = ['planned', 'upgrade', 'convert', 'remove'];
let jobSeq = 0;

function CrsSelect({ value, onChange, lang, testId, empty }: { value: string; onChange: (v: string) => void; lang: 'vi' | 'en'; testId: string; empty?: boolean }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {empty && <option value="">—</option>}
      {SUPPORTED_CRS.map((c) => (
        <option key={c.code} value={c.code}>
          {c.code} — {c.name[lang]}
        </option>
      ))}
    </select>
  );
}

function mappingKey(fields: string[]): string {
  return 'hatang.mapping.' + [...fields].sort().join('|').slice(0, 300);
}

/** Import a file into the plan: parse in the worker, show the report, import the valid rows as one undoable step. */
export function ImportDialog({ file, onClose }: { file: File; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [crs, setCrs] = useState<string>('');
  const [mapping, setMapping] = useState<FieldMapping | null>(null);
  const [defaultCode, setDefaultCode] = useState('');
  const [needCrs, setNeedCrs] = useState(false);
  const job = useRef(0);

  const run = async (opts: { crs?: string; mapping?: FieldMapping; defaultCode?: string }) => {
    setError(null);
    setReport(null);
    setProgress({ done: 0, total: file.size });
    const id = (job.current = ++jobSeq);
    const out: ImportOutcome = await dataWorker().importFile(
      id,
      file,
      { fileName: file.name, crs: opts.crs || undefined, mapping: opts.mapping ?? undefined, defaultCode: opts.defaultCode || undefined, defaultStatus: 'planned', defaultPhase: useEditor.getState().phase },
      Comlink.proxy((done: number, total: number) => {
        if (job.current === id) setProgress({ done, total });
      }),
    );
    if (job.current !== id) return;
    setProgress(null);
    if (!out.ok) {
      if (out.cancelled) onClose();
      else {
        setError(out.message[lang]);
        setNeedCrs(out.code === 'no_prj' || out.code === 'unknown_prj' || out.code === 'bad_crs');
      }
      return;
    }
    const saved = localStorage.getItem(mappingKey(out.report.fields));
    if (!opts.mapping && saved && saved !== JSON.stringify(out.report.mapping)) {
      // The mapping a planner fixed for files with these columns last time, used again.
      await run({ ...opts, mapping: JSON.parse(saved) as FieldMapping });
      return;
    }
    setReport(out.report);
    setMapping(out.report.mapping);
    if (!opts.crs) setCrs(out.report.crs.code);
  };

  useEffect(() => {
    void run({});
    return () => {
      if (job.current) void dataWorker().cancelImport(job.current);
    };
  }, [file]); // eslint-disable-line react-hooks/exhaustive-deps

  const doImport = async () => {
    if (!report) return;
    const doc = usePlan.getState().doc;
    if (!doc) return;
    const parsed = await dataWorker().takeImport(job.current);
    // Files rarely carry the 2025 commune codes: each feature gets the commune it lies in.
    const first = (c: unknown): [number, number] => {
      let x = c as unknown[];
      while (Array.isArray(x[0])) x = x[0] as unknown[];
      return [Number(x[0]), Number(x[1])];
    };
    const communes = await dataWorker().communesAt(parsed.map((f) => first(f.geometry.coordinates)));
    const taken = new Set(doc.features.map((f) => String(f.properties.id)));
    const all = [...doc.features];
    const features: GeoFeature[] = parsed.map((f, i) => {
      const p = { ...f.properties };
      if (!p.commune_code && communes[i]) p.commune_code = communes[i];
      if (!PLAN_STATUSES.includes(String(p.status))) p.status = 'planned';
      if (p.phase !== '2030' && p.phase !== '2040') p.phase = useEditor.getState().phase;
      let id = String(p.id ?? '');
      if (!id || taken.has(id)) id = nextFeatureId(all, 'plan-imp');
      p.id = id;
      taken.add(id);
      const nf = { ...f, properties: p };
      all.push(nf);
      return nf;
    });
    localStorage.setItem(mappingKey(report.fields), JSON.stringify(report.mapping));
    usePlan.getState().add(features, `import ${file.name}`);
    onClose();
  };

  const r = report;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('io.importTitle')} data-testid="import-dialog">
      <div className="modal">
        <header>
          <h2>
            {t('io.importTitle')}: <span className="mono">{file.name}</span>
          </h2>
          <button className="icon-btn" onClick={onClose} aria-label={t('attribution.close')}>
            ×
          </button>
        </header>
        {progress && (
          <div data-testid="import-progress">
            <div className="bar" role="progressbar" aria-valuenow={Math.round((100 * progress.done) / Math.max(1, progress.total))}>
              <span style={{ width: `${Math.min(100, (100 * progress.done) / Math.max(1, progress.total))}%` }} />
            </div>
            <div className="muted small">
              {t('io.reading', { done: formatNumber(progress.done, lang), total: formatNumber(progress.total, lang) })}{' '}
              <button onClick={() => void dataWorker().cancelImport(job.current)} data-testid="import-cancel">
                {t('io.cancel')}
              </button>
            </div>
          </div>
        )}
        {error && (
          <div className="error-box" role="alert" data-testid="import-error">
            {error}
          </div>
        )}
        {error && needCrs && (
          <div className="field-row">
            <label className="field">
              <span>{t('io.crs')}</span>
              <CrsSelect value={crs} onChange={setCrs} lang={lang} testId="import-crs-retry" empty />
            </label>
            <button disabled={!crs} onClick={() => void run({ crs, defaultCode })}>
              {t('io.recheck')}
            </button>
          </div>
        )}
        {r && (
          <div className="import-report" data-testid="import-report">
            <p>
              {t('io.summary', { format: r.format.toUpperCase(), total: formatNumber(r.total, lang), valid: formatNumber(r.valid, lang), crs: r.crs.code })}
            </p>
            {Object.keys(r.counts).length > 0 && (
              <p className="muted small">
                {Object.entries(r.counts)
                  .map(([c, n]) => `${t(`codes.${c}`, { defaultValue: c })}: ${n}`)
                  .join(' · ')}
              </p>
            )}
            {r.warnings.map((w, i) => (
              <div key={i} className="warn-box" data-testid="import-warning">
                ⚠ {w[lang]}
              </div>
            ))}
            <div className="field-row">
              <label className="field">
                <span>{t('io.crs')}</span>
                <CrsSelect value={crs} onChange={setCrs} lang={lang} testId="import-crs" />
              </label>
              <label className="field">
                <span>{t('io.defaultCode')}</span>
                <select value={defaultCode} onChange={(e) => setDefaultCode(e.target.value)}>
                  <option value="">—</option>
                  {['ANT_A1A', 'ANT_A1B', 'ANT_A2A', 'ANT_A2B', 'UG_DUCT', 'ROUTE_AERIAL', 'POLE_TELECOM', 'STATION', 'SVC_UNSTAFFED', 'DC', 'CORRIDOR'].map((c) => (
                    <option key={c} value={c}>
                      {t(`codes.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {mapping && r.fields.length > 0 && (
              <details open={r.valid < r.total}>
                <summary>{t('io.mapping')}</summary>
                <div className="mapping-grid">
                  {TARGETS.map((target) => (
                    <label key={target}>
                      <span>{t(`fields.${target}`, { defaultValue: target })}</span>
                      <select value={mapping[target] ?? ''} onChange={(e) => setMapping({ ...mapping, [target]: e.target.value || null })} data-testid={`map-${target}`}>
                        <option value="">—</option>
                        {r.fields.map((f) => (
                          <option key={f} value={f}>
                            {f}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                </div>
              </details>
            )}
            <button onClick={() => void run({ crs, mapping: mapping ?? undefined, defaultCode })} data-testid="import-recheck">
              {t('io.recheck')}
            </button>
            {r.problems.length > 0 && (
              <>
                <h3>
                  {t('io.problems', { n: formatNumber(r.total - r.valid, lang) })}{' '}
                  <span className="muted small">
                    {Object.entries(r.problemCounts)
                      .map(([k, n]) => `${k}: ${n}`)
                      .join(' · ')}
                  </span>
                </h3>
                <div className="problems" data-testid="import-problems">
                  <table>
                    <tbody>
                      {r.problems.slice(0, 200).map((p, i) => (
                        <tr key={i} className={p.severity}>
                          <td className="mono">{t('io.row', { n: p.row })}</td>
                          <td>{p.field ?? ''}</td>
                          <td>{p.message[lang]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </div>
        )}
        <footer>
          <button onClick={onClose}>{t('io.cancel')}</button>
          <button className="primary" disabled={!report || report.valid === 0} onClick={() => void doImport()} data-testid="import-confirm">
            {t('io.importValid', { n: formatNumber(report?.valid ?? 0, lang) })}
          </button>
        </footer>
      </div>
    </div>
  );
}
