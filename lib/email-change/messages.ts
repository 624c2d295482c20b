/**
 * What people read for each outcome of the e-mail flow, in their language (messages/*.json);
 * the web forms and the JSON API use the same words.
 */
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';
import { nptTime } from '@/lib/nepal-time';

export function outcomeMessages(locale: Locale) {
  const t = translator(locale);
  const wait = (seconds: number) => (seconds < 90 ? t('outcomes.seconds', { count: seconds }) : t('outcomes.minutes', { count: Math.ceil(seconds / 60) }));
  return {
    // The form's own check says the same: one message, one key.
    invalid_email: t('validation.emailInvalid'),
    same_email: t('outcomes.sameEmail'),
    email_taken: t('outcomes.emailTaken'),
    reauth_required: t('outcomes.reauthRequired'),
    no_pending_request: t('outcomes.noPending'),
    on_hold: t('outcomes.onHold'),
    renewExpired: t('outcomes.renewExpired'),
    codeShape: t('outcomes.codeShape'),
    codeLocked: t('outcomes.codeLocked'),
    codeExpired: t('outcomes.codeExpired'),
    paused: t('outcomes.paused'),
    disposable: (domain: string, suggestion: string | null) => (suggestion ? t('outcomes.disposableTypo', { domain, suggestion }) : t('outcomes.disposable')),
    noMailServer: (domain: string, suggestion: string | null) => (suggestion ? t('outcomes.noMailServerTypo', { domain, suggestion }) : t('outcomes.noMailServer', { domain })),
    reauthFailed: (attemptsLeft: number) => t('outcomes.reauthFailed', { attemptsLeft }),
    locked: (until: Date) => t('outcomes.locked', { until: nptTime(until, locale) }),
    rateLimited: (seconds: number) => t('outcomes.rateLimited', { wait: wait(seconds) }),
    wrongCode: (left: number) => t('outcomes.wrongCode', { left }),
    tooManyGuesses: (seconds: number) => t('outcomes.tooManyGuesses', { wait: wait(seconds) }),
  };
}
