import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LayerPanel } from './LayerPanel';
import { Filters } from './Filters';
import { Legend } from './Legend';
import { FindingsPanel } from './FindingsPanel';
import { SettingsPanel } from './SettingsPanel';
import { PlanPanel } from './PlanPanel';
import { useAnalysis } from '../state/analysis';
import { ScorecardPanel } from './ScorecardPanel';
import { ReviewPanel } from './ReviewPanel';

const TABS = ['map', 'plan', 'analysis', 'kpi', 'review', 'settings'] as const;
type Tab = (typeof TABS)[number];

export function Sidebar() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(() => (TABS.includes(localStorage.getItem('hatang.tab') as Tab) ? (localStorage.getItem('hatang.tab') as Tab) : 'map'));
  const errors = useAnalysis((s) => s.result?.report.findings.filter((f) => f.severity === 'error').length ?? 0);
  const choose = (x: Tab) => {
    setTab(x);
    localStorage.setItem('hatang.tab', x);
  };
  return (
    <nav className={`sidebar ${tab === 'kpi' || tab === 'review' ? 'wide' : ''}`}>
      <div className="tabs" role="tablist">
        {TABS.map((x) => (
          <button key={x} role="tab" aria-selected={tab === x} className={tab === x ? 'on' : ''} onClick={() => choose(x)} data-testid={`tab-${x}`}>
            {t(`tabs.${x}`)}
            {x === 'analysis' && errors > 0 && <span className="badge err">{errors}</span>}
          </button>
        ))}
      </div>
      {tab === 'map' && (
        <>
          <LayerPanel />
          <Filters />
          <Legend />
        </>
      )}
      {tab === 'plan' && <PlanPanel />}
      {tab === 'analysis' && <FindingsPanel />}
      {tab === 'kpi' && <ScorecardPanel />}
      {tab === 'review' && <ReviewPanel />}
      {tab === 'settings' && <SettingsPanel />}
    </nav>
  );
}
