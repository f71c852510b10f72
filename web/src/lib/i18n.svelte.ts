/**
 * Chinese (zh-CN) by default, English switchable; the choice is kept on the device. Every
 * user-facing string is a key of MESSAGES, which holds both languages side by side, so a string
 * without its translation does not compile.
 */
import { MESSAGES, type MessageKey } from './messages.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'skills.locale';

function initial(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage unavailable (private mode): the default
  }
  return 'zh-CN';
}

export type Params = Readonly<Record<string, string | number>>;

class I18n {
  locale = $state<Locale>(initial());

  constructor() {
    document.documentElement.lang = this.locale;
  }

  set(locale: Locale): void {
    this.locale = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // the choice lasts this visit only
    }
  }

  /** The message in the current language, with {name} placeholders filled in. */
  t = (key: MessageKey, params?: Params): string => {
    const text = MESSAGES[key][this.locale === 'zh-CN' ? 0 : 1];
    return params === undefined
      ? text
      : text.replace(/\{(\w+)\}/g, (all, name: string) =>
          params[name] === undefined ? all : String(params[name]),
        );
  };

  /** A date and time as the judge reads it. */
  time = (iso: string | number): string =>
    new Date(iso).toLocaleString(this.locale, {
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
}

export const i18n = new I18n();
export const t = i18n.t;
