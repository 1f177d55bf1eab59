import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlan } from '../state/plan';
import { useEditor } from '../state/editor';
import { PlanTable } from './PlanTable';
import { FeatureForm } from './FeatureForm';
import { PlanCompare } from './PlanCompare';
import { ImportDialog } from './ImportDialog';
import { ExportDialog } from './ExportDialog';
import { download } from './download';

/** Scenarios, plan files, the plan table and the selected feature's form. */
export function PlanPanel() {
  const { t } = useTranslation();
  const doc = usePlan((s) => s.doc);
  const plans = usePlan((s) => s.plans);
  const saveError = usePlan((s) => s.saveError);
  const selected = useEditor((s) => s.selected);
  const fileInput = useRef<HTMLInputElement>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState<File | null>(null);
  const [exporting, setExporting] = useState(false);
  if (!doc) return <section className="panel-section">{t('plan.loading')}</section>;
  const sel = selected.length === 1 ? doc.features.find((f) => String(f.properties.id) === selected[0]) : undefined;
  const save = () => {
    const { name, text } = usePlan.getState().fileFor();
    download(name, text, 'application/geo+json');
  };
  const open = async (file: File) => {
    setOpenError(null);
    setNotice(null);
    try {
      await usePlan.getState().openFile(await file.text());
      setNotice(t('plan.opened', { name: file.name }));
    } catch (e) {
      setOpenError(t('plan.openError', { name: file.name, msg: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <section className="panel-section plan-panel" data-testid="plan-panel">
      <h2>{t('plan.title')}</h2>
      <div className="field-row">
        <label className="field">
          <span>{t('plan.scenario')}</span>
          <select value={doc.id} onChange={(e) => void usePlan.getState().switchTo(e.target.value)} data-testid="scenario">
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="btn-row">
        <button onClick={() => void usePlan.getState().newPlan(t('plan.newName'))}>{t('plan.new')}</button>
        <button onClick={() => void usePlan.getState().duplicate(`${doc.name} (${t('plan.copy')})`)} data-testid="duplicate">
          {t('plan.duplicate')}
        </button>
        <button
          onClick={() => {
            const name = prompt(t('plan.renamePrompt'), doc.name);
            if (name && name.trim()) usePlan.getState().rename(name.trim());
          }}
        >
          {t('plan.rename')}
        </button>
        <button
          disabled={plans.length < 2}
          onClick={() => {
            if (confirm(t('plan.deleteConfirm', { name: doc.name }))) void usePlan.getState().deletePlan(doc.id);
          }}
        >
          {t('plan.deletePlan')}
        </button>
      </div>
      <div className="btn-row">
        <button onClick={save} data-testid="save-file">
          ⤓ {t('plan.save')}
        </button>
        <button onClick={() => fileInput.current?.click()} data-testid="open-file">
          ⤒ {t('plan.open')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          hidden
          data-testid="open-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void open(f);
            e.target.value = '';
          }}
        />
      </div>
      <div className="btn-row">
        <button onClick={() => importInput.current?.click()} data-testid="import-file">
          ⇪ {t('io.import')}
        </button>
        <button onClick={() => setExporting(true)} data-testid="export-open">
          ⇩ {t('io.exportBtn')}
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".geojson,.json,.fgb,.csv,.xlsx,.kml,.kmz,.zip"
          hidden
          data-testid="import-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) setImporting(f);
            e.target.value = '';
          }}
        />
      </div>
      {importing && <ImportDialog file={importing} onClose={() => setImporting(null)} />}
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
      {openError && (
        <div className="error-box" role="alert" data-testid="open-error">
          {openError}
          <button className="link" onClick={() => setOpenError(null)}>
            {t('attribution.close')}
          </button>
        </div>
      )}
      {notice && <div className="muted small">{notice}</div>}
      {saveError && (
        <div className="error-box" role="alert">
          {t('plan.saveError', { msg: saveError })}
        </div>
      )}
      <div className="muted small" data-testid="plan-meta">
        {t('plan.meta', { n: doc.features.length, author: doc.author, modified: doc.modified.replace('T', ' ').slice(0, 16) })}
      </div>
      <PlanTable />
      {sel && <FeatureForm feature={sel} />}
      <PlanCompare />
    </section>
  );
}
