import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dataWorker } from '../worker/client';
import type { SearchResult } from '../worker/data.worker';
import { mapController } from './MapView';
import { useView } from '../state/view';

export function Search() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SearchResult[]>([]);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    const h = setTimeout(() => {
      void dataWorker()
        .search(q)
        .then((r) => {
          if (live) {
            setResults(r);
            setActive(0);
          }
        });
    }, 120);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [q]);
  useEffect(() => {
    // "/" focuses search, as in many map tools.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && document.activeElement?.tagName !== 'INPUT' && document.activeElement?.tagName !== 'SELECT') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const go = (r: SearchResult) => {
    const c = mapController();
    if (!c) return;
    if (r.kind === 'commune' && r.bbox) {
      c.fitBounds(r.bbox);
      useView.getState().setFilters({});
    } else {
      c.map.flyTo({ center: [r.lon, r.lat], zoom: 16, duration: 600 });
      c.selectRow(r.layerId, r.row);
    }
    setResults([]);
    setQ(r.label);
    input.current?.blur();
  };
  return (
    <div className="search">
      <input
        ref={input}
        data-testid="search"
        type="search"
        value={q}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          if (e.key === 'Enter' && results[active]) go(results[active]);
          if (e.key === 'Escape') setResults([]);
        }}
      />
      {q.length >= 2 && document.activeElement === input.current && (
        <ul className="search-results" role="listbox">
          {results.length === 0 && <li className="muted">{t('search.none')}</li>}
          {results.map((r, i) => (
            <li
              key={`${r.layerId}-${r.row}`}
              data-testid="search-result"
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                go(r);
              }}
            >
              <span className="muted">{r.kind === 'commune' ? t('search.commune') : t(`layers.${r.layerId}`)}</span> {r.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
