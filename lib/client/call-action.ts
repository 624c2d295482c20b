'use client';
/**
 * Calls a server action from a form and turns a transport failure into a value,
 * so the form keeps what was typed and says what happened, in the page's language.
 */
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

export type TransportFailure = { ok: false; code: 'network' | 'server'; message: string };

function isNetworkError(error: unknown) {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return true;
  // fetch() rejects with a TypeError ("Failed to fetch", "Load failed", "NetworkError …")
  // when no response arrived at all.
  return error instanceof TypeError;
}

export async function callAction<T>(action: () => Promise<T>, words: Record<TransportFailure['code'], string>): Promise<T | TransportFailure> {
  try {
    return await action();
  } catch (error) {
    // Next.js signals redirect() and notFound() by throwing; let the router handle them.
    if (error instanceof Error && 'digest' in error && String(error.digest).startsWith('NEXT_')) throw error;
    const code = isNetworkError(error) ? 'network' : 'server';
    return { ok: false, code, message: words[code] };
  }
}

/** `callAction` with the page's words for "no connection" and "our fault". */
export function useCallAction() {
  const t = useTranslations('transport');
  return useCallback(<T,>(action: () => Promise<T>) => callAction(action, { network: t('network'), server: t('server') }), [t]);
}

/** A field error from a zod schema is a message key (lib/i18n): this shows it in the page's language. */
export function useFieldError() {
  const t = useTranslations();
  return useCallback((message: string | undefined) => (message ? (t.has(message as never) ? t(message as never) : message) : undefined), [t]);
}
