import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/styles.css';
import i18n from './i18n';
import { App } from './ui/App';

document.documentElement.lang = i18n.language;
document.title = i18n.t('app.title');
i18n.on('languageChanged', () => (document.title = i18n.t('app.title')));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
