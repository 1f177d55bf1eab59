import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';

export function Attribution() {
  const { t, i18n } = useTranslation();
  const manifest = useView((s) => s.manifest);
  const [open, setOpen] = useState(false);
  if (!manifest) return null;
  const notice = i18n.language === 'en' ? manifest.synthetic_notice.en : manifest.synthetic_notice.vi;
  return (
    <div className="attribution">
      <div className="synthetic-badge" title={notice}>
        ⚠ {t('attribution.synthetic')}
      </div>
      {manifest.base_source === 'fallback' && <div className="fallback-badge">{t('attribution.fallback')}</div>}
      <button className="link" data-testid="attribution-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        ⓘ {t('attribution.toggle')}
      </button>
      <div className="attribution-panel" data-testid="attribution" hidden={!open}>
        <h2>{t('attribution.title')}</h2>
        <p className="notice">{notice}</p>
        {manifest.base_source === 'fallback' && <p className="notice">{t('attribution.fallback')}</p>}
        <ul>
          {manifest.attributions.map((a) => (
            <li key={a.id}>
              {a.text} <span className="muted">({a.licence})</span>
            </li>
          ))}
        </ul>
        <button onClick={() => setOpen(false)}>{t('attribution.close')}</button>
      </div>
    </div>
  );
}
