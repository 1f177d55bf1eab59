import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';
import { dataWorker } from '../worker/client';
import { formatValue } from './format';

export function Inspector() {
  const { t, i18n } = useTranslation();
  const sel = useView((s) => s.selection);
  const select = useView((s) => s.select);
  const communes = useView((s) => s.communeNames);
  const [props, setProps] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    let live = true;
    setProps(null);
    if (sel) void dataWorker().props(sel.layerId, sel.row).then((p) => live && setProps(p));
    return () => {
      live = false;
    };
  }, [sel]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && select(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);
  if (!sel) return null;
  const communeName = (code: string) => communes.find((c) => c.code === code)?.name;
  return (
    <aside className="inspector" data-testid="inspector" aria-label={t('inspector.title')}>
      <header>
        <div>
          <div className="muted">{t(`layers.${sel.layerId}`)}</div>
          <h2 data-testid="inspector-id">{props ? String(props.id ?? props.code ?? '') : t('inspector.loading')}</h2>
        </div>
        <button className="icon-btn" onClick={() => select(null)} aria-label={t('inspector.close')} title={`${t('inspector.close')} (Esc)`}>
          ×
        </button>
      </header>
      {props && (
        <table>
          <tbody>
            {Object.entries(props)
              .filter(([k]) => k !== 'id')
              .map(([k, v]) => (
                <tr key={k} data-field={k}>
                  <th>{t(`fields.${k}`, { defaultValue: k })}</th>
                  <td>{formatValue(t, i18n.language, k, v, communeName)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
