import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { vi } from './vi';
import { en } from './en';

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('hatang.lang') : null;
export const initialLang: Lang = saved === 'en' ? 'en' : 'vi';

i18next.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: initialLang,
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});

export function setLang(lang: Lang) {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  localStorage.setItem('hatang.lang', lang);
}

export function formatNumber(n: number, lang: string, digits = 0): string {
  return n.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: digits });
}

export default i18next;
