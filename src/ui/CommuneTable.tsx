import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKpi } from '../state/kpi';
import { useView } from '../state/view';
import type { CommuneKpi, KpiPhase } from '../core/kpi/types';
import { formatNumber } from '../i18n';
import { fold } from '../core/data/columns';
import { dataWorker } from '../worker/client';
import { mapController } from './MapView';
import { choroColor } from '../map/kpi-layers';

type SortKey = 'name' | 'population' | 'pct_5g' | 'pct_fibre' | 'wifi' | 'sites';

/** The 114 communes' indicators: sortable, searchable; a click zooms to the commune and shows its card. */
export function CommuneTable({ phase }: { phase: KpiPhase }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const report = useKpi((s) => s.report);
  const selected = useKpi((s) => s.commune);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'pct_5g', dir: 1 });
  const rows = useMemo(() => {
    const all = report?.phases[phase].communes ?? [];
    const needle = fold(q);
    const list = needle ? all.filter((c) => fold(c.name).includes(needle) || c.code === q.trim()) : [...all];
    const val = (c: CommuneKpi) => (sort.key === 'wifi' ? Number(c.wifi) : c[sort.key]);
    list.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const d = typeof x === 'string' ? x.localeCompare(String(y), 'vi') : (x as number) - (y as number);
      return sort.dir * d || a.name.localeCompare(b.name, 'vi');
    });
    return list;
  }, [report, phase, q, sort]);
  if (!report) return null;
  const card = report.phases[phase].communes.find((c) => c.code === selected);
  const head = (key: SortKey, label: string) => (
    <th className={sort.key === key ? 'sorted' : ''} onClick={() => setSort({ key, dir: sort.key === key ? (-sort.dir as 1 | -1) : key === 'name' ? 1 : -1 })} data-testid={`ct-sort-${key}`}>
      {label}
      {sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
    </th>
  );
  const choose = async (c: CommuneKpi) => {
    useKpi.getState().set({ commune: c.code });
    useView.getState().setFilters({ commune: c.code });
    const hit = (await dataWorker().search(c.code, 1)).find((h) => h.kind === 'commune');
    if (hit?.bbox) mapController()?.fitBounds(hit.bbox);
  };
  return (
    <section className="panel-section" data-testid="commune-table">
      <h3>{t('kpi.communes')}</h3>
      <input className="search-input" type="search" placeholder={t('kpi.search')} value={q} onChange={(e) => setQ(e.target.value)} data-testid="ct-search" />
      {card && (
        <p className="commune-card small" data-testid="commune-card">
          {t('kpi.communeCard', {
            name: card.name,
            pop: formatNumber(card.population, lang),
            p5: formatNumber(card.pct_5g, lang, 1),
            pf: formatNumber(card.pct_fibre, lang, 1),
            sites: card.sites,
            sites5g: card.sites_5g,
            wifi: card.wifi ? t('kpi.yes') : t('kpi.no'),
          })}
        </p>
      )}
      <div className="commune-table-wrap">
        <table className="commune-table">
          <thead>
            <tr>
              {head('name', t('kpi.colName'))}
              {head('population', t('kpi.colPop'))}
              {head('pct_5g', t('kpi.col5g'))}
              {head('pct_fibre', t('kpi.colFibre'))}
              {head('wifi', t('kpi.colWifi'))}
              {head('sites', t('kpi.colSites'))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.code} className={c.code === selected ? 'on' : ''} onClick={() => void choose(c)} data-code={c.code}>
                <td>{c.name}</td>
                <td className="num">{formatNumber(c.population, lang)}</td>
                <td className="num">
                  <i className="swatch-sq" style={{ background: choroColor(c.pct_5g) }} />
                  {formatNumber(c.pct_5g, lang, 1)}
                </td>
                <td className="num">
                  <i className="swatch-sq" style={{ background: choroColor(c.pct_fibre) }} />
                  {formatNumber(c.pct_fibre, lang, 1)}
                </td>
                <td className="num">{c.wifi ? '✓' : '—'}</td>
                <td className="num">{c.sites}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
