import { useTranslation } from 'react-i18next';
import { useView } from '../state/view';
import { PHASES, STATUSES } from '../core/model/taxonomy';
import { css, OWNER_COLORS } from '../map/colors';

const FILTER_OWNERS = ['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile', 'TowerCo', 'FPT', 'city', 'EVN', 'shared'];

function toggleIn(list: string[] | null, all: readonly string[], v: string): string[] | null {
  const cur = list ?? [...all];
  const next = cur.includes(v) ? cur.filter((x) => x !== v) : [...cur, v];
  return next.length === all.length ? null : next;
}

export function Filters() {
  const { t } = useTranslation();
  const filters = useView((s) => s.filters);
  const setFilters = useView((s) => s.setFilters);
  const reset = useView((s) => s.resetFilters);
  const communes = useView((s) => s.communeNames);
  const active = filters.owners || filters.statuses || filters.phases || filters.commune;
  return (
    <section className="panel-section" data-testid="filters">
      <h2>
        {t('filters.title')}
        {active && (
          <button className="link" onClick={reset} data-testid="filters-reset">
            {t('filters.reset')}
          </button>
        )}
      </h2>
      <label className="field">
        <span>{t('filters.commune')}</span>
        <select value={filters.commune ?? ''} onChange={(e) => setFilters({ commune: e.target.value || null })} data-testid="filter-commune">
          <option value="">{t('filters.allCommunes')}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <span>{t('filters.owner')}</span>
        <div className="chips">
          {FILTER_OWNERS.map((o) => {
            const on = !filters.owners || filters.owners.includes(o);
            return (
              <button
                key={o}
                className={`chip ${on ? 'on' : ''}`}
                aria-pressed={on}
                onClick={() => setFilters({ owners: toggleIn(filters.owners, FILTER_OWNERS, o) })}
                data-testid={`filter-owner-${o}`}
              >
                <span className="swatch dot" style={{ background: css(OWNER_COLORS[o]) }} />
                {t(`owners.${o}`)}
              </button>
            );
          })}
        </div>
      </div>
      <div className="field-row">
        <label className="field">
          <span>{t('filters.status')}</span>
          <select value={filters.statuses?.[0] ?? ''} onChange={(e) => setFilters({ statuses: e.target.value ? [e.target.value] : null })}>
            <option value="">{t('filters.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('filters.phase')}</span>
          <select value={filters.phases?.[0] ?? ''} onChange={(e) => setFilters({ phases: e.target.value ? [e.target.value] : null })}>
            <option value="">{t('filters.all')}</option>
            {PHASES.map((p) => (
              <option key={p} value={p}>
                {t(`phases.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
