/**
 * The part of a catalogue the browser needs: the namespaces client components read
 * (`useTranslations` in a 'use client' file, and the schemas' field-error keys).
 * The root layout hands only these to NextIntlClientProvider; the whole catalogue
 * would be serialised into every page's payload (about 26 KB in English, twice that
 * in Nepali), and server components read the full catalogue on the server anyway.
 * lib/i18n/client-messages.test.ts checks this list against the client files.
 */
import type { Locale } from './locales';
import { catalogues } from './translator';

export const clientNamespaces = ['transport', 'validation', 'errorPage', 'signIn', 'flow', 'code', 'resend', 'biometrics', 'verify', 'recover'] as const;

type Catalogue = (typeof catalogues)[Locale];
export type ClientMessages = Pick<Catalogue, (typeof clientNamespaces)[number]>;

const picked = new Map<Locale, ClientMessages>();

export function clientMessages(locale: Locale): ClientMessages {
  let messages = picked.get(locale);
  if (!messages) {
    const catalogue = catalogues[locale];
    messages = Object.fromEntries(clientNamespaces.map((namespace) => [namespace, catalogue[namespace]])) as ClientMessages;
    picked.set(locale, messages);
  }
  return messages;
}
