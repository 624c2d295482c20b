// Message keys are checked by the compiler: a key missing from messages/en.json is a type error.
import type en from '@/messages/en.json';
import type { Locale } from './locales';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
