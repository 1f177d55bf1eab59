import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, type Tool, type Year } from '../state/editor';
import { usePlan } from '../state/plan';
import { OWNERS } from '../core/model/taxonomy';

const TOOLS: { tool: Tool; key: string }[] = [
  { tool: 'select', key: 'V' },
  { tool: 'corridor', key: 'C' },
  { tool: 'site', key: 'S' },
  { tool: 'duct', key: 'D' },
  { tool: 'aerial', key: 'A' },
  { tool: 'pole', key: 'P' },
  { tool: 'station', key: '' },
  { tool: 'service', key: '' },
  { tool: 'dc', key: '' },
  { tool: 'road', key: 'R' },
  { tool: 'zone', key: 'Z' },
];
const YEARS: Year[] = ['2025', '2030', '2040'];

function typing(): boolean {
  const el = document.activeElement;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || (el as HTMLElement).isContentEditable);
}

/** Undo/redo and tool shortcuts: Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, Delete, Esc, and tool letters. */
export function useEditorKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z' && !typing()) {
        e.preventDefault();
        if (e.shiftKey) usePlan.getState().redo();
        else usePlan.getState().undo();
        return;
      }
      if (mod && k === 'y' && !typing()) {
        e.preventDefault();
        usePlan.getState().redo();
        return;
      }
      if (typing() || mod || e.altKey) return;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        const sel = useEditor.getState().selected;
        if (sel.length && useEditor.getState().tool === 'select') {
          e.preventDefault();
          usePlan.getState().remove(sel);
          useEditor.getState().select([]);
        }
        return;
      }
      if (e.key === 'Escape') {
        useEditor.getState().setTool('select');
        return;
      }
      const t = TOOLS.find((x) => x.key.toLowerCase() === k);
      if (t) useEditor.getState().setTool(t.tool);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function EditorToolbar() {
  const { t } = useTranslation();
  const ed = useEditor();
  const canUndo = usePlan((s) => s.history.past.length > 0);
  const canRedo = usePlan((s) => s.history.future.length > 0);
  const lastUndo = usePlan((s) => s.history.past[s.history.past.length - 1]?.label);
  useEditorKeys();
  return (
    <div className="toolbar" data-testid="editor-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      <div className="tool-group">
        {TOOLS.map(({ tool, key }) => (
          <button
            key={tool}
            className={ed.tool === tool ? 'on' : ''}
            aria-pressed={ed.tool === tool}
            onClick={() => ed.setTool(tool)}
            title={`${t(`editor.tools.${tool}`)}${key ? ` (${key})` : ''}`}
            data-testid={`tool-${tool}`}
          >
            {t(`editor.tools.${tool}`)}
          </button>
        ))}
      </div>
      <div className="tool-group">
        {ed.tool === 'site' && (
          <select value={ed.siteCode} onChange={(e) => ed.set({ siteCode: e.target.value })} data-testid="site-code" aria-label={t('editor.siteType')}>
            {['ANT_A1A', 'ANT_A1B', 'ANT_A2A', 'ANT_A2B'].map((c) => (
              <option key={c} value={c}>
                {t(`codes.${c}`)}
              </option>
            ))}
          </select>
        )}
        {ed.tool === 'zone' && (
          <select value={ed.zoneCode} onChange={(e) => ed.set({ zoneCode: e.target.value })} aria-label={t('editor.zoneType')}>
            {['ZONE_A1_ONLY', 'ZONE_IZ', 'ZONE_UNDERGROUND_REQUIRED', 'ZONE_HERITAGE'].map((c) => (
              <option key={c} value={c}>
                {t(`codes.${c}`)}
              </option>
            ))}
          </select>
        )}
        <span className="tool-label">{t('editor.newOwner')}</span>
        <select value={ed.owner} onChange={(e) => ed.set({ owner: e.target.value })} data-testid="draw-owner" aria-label={t('fields.owner')} title={t('fields.owner')}>
          {OWNERS.map((o) => (
            <option key={o} value={o}>
              {t(`owners.${o}`)}
            </option>
          ))}
        </select>
        <span className="tool-label">{t('fields.phase')}</span>
        <select value={ed.phase} onChange={(e) => ed.set({ phase: e.target.value as '2030' | '2040' })} aria-label={t('fields.phase')} title={t('fields.phase')}>
          <option value="2030">{t('phases.2030')}</option>
          <option value="2040">{t('phases.2040')}</option>
        </select>
        <label className="check" title={t('editor.snapHint')}>
          <input type="checkbox" checked={ed.snapping} onChange={() => ed.set({ snapping: !ed.snapping })} data-testid="snapping" />
          {t('editor.snapping')}
        </label>
      </div>
      <div className="tool-group">
        <button onClick={() => usePlan.getState().undo()} disabled={!canUndo} title={`${t('editor.undo')} (Ctrl+Z)${lastUndo ? ` — ${lastUndo}` : ''}`} data-testid="undo">
          ↶ {t('editor.undo')}
        </button>
        <button onClick={() => usePlan.getState().redo()} disabled={!canRedo} title={`${t('editor.redo')} (Ctrl+Shift+Z)`} data-testid="redo">
          ↷ {t('editor.redo')}
        </button>
        {ed.selected.length === 1 && (
          <button onClick={() => ed.setTool('split')} className={ed.tool === 'split' ? 'on' : ''} title={t('editor.splitHint')} data-testid="tool-split">
            ✂ {t('editor.tools.split')}
          </button>
        )}
      </div>
      <div className="tool-group timeline" role="radiogroup" aria-label={t('editor.year')} data-testid="timeline">
        {YEARS.map((y) => (
          <button key={y} role="radio" aria-checked={ed.year === y} className={ed.year === y ? 'on' : ''} onClick={() => ed.setYear(y)} data-testid={`year-${y}`}>
            {y}
          </button>
        ))}
      </div>
    </div>
  );
}
