import { useTranslation } from 'react-i18next';
import { MapView } from './MapView';
import { Sidebar } from './Sidebar';
import { EditorToolbar } from './EditorToolbar';
import { LiveLabel } from './LiveLabel';
import { Inspector } from './Inspector';
import { Tooltip } from './Tooltip';
import { Search } from './Search';
import { Attribution } from './Attribution';
import { Loading } from './Loading';
import { setLang } from '../i18n';
import { KpiToast } from './KpiToast';
import { PrintSheet } from './PrintSheet';

export function App() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'vi' : 'en';
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.short')}</strong>
          <span>{t('app.subtitle')}</span>
        </div>
        <Search />
        <button className="lang" data-testid="lang-toggle" onClick={() => setLang(other)} lang={other}>
          {t('lang.toggle')}
        </button>
      </header>
      <main className="body">
        <Sidebar />
        <div className="map-wrap">
          <MapView />
          <EditorToolbar />
          <LiveLabel />
          <Loading />
          <Tooltip />
          <Inspector />
          <Attribution />
          <KpiToast />
        </div>
      </main>
      <PrintSheet />
    </div>
  );
}
