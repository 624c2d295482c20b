'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button, buttonClass } from '@/components/ui/button';
import { EmailAddress } from '@/components/ui/email-address';
import { FormAlert } from '@/components/ui/form-alert';
import { EnvelopeIcon } from '@/components/ui/icons';
import { TextField } from '@/components/ui/text-field';
import { reauthWithBiometrics, usePlatformBiometrics } from '@/lib/client/biometrics';
import { useCallAction, useFieldError } from '@/lib/client/call-action';
import { emailChangeSchema, reauthPasswordSchema, type EmailChangeInput, type ReauthPasswordInput } from '@/lib/email-change/schema';
import { suggestAddress } from '@/lib/email-change/suggest';
import { reauthWithPasswordAction, requestEmailChangeAction } from './actions';

type Step = { name: 'email' } | { name: 'reauth' } | { name: 'sent'; email: string };

/** UC02/UC04: address → (re-authenticate if needed) → link sent. */
export function EmailChangeFlow({
  currentEmail,
  initialEmail,
  hasPasskey,
  lockedMessage,
}: {
  currentEmail: string | null;
  initialEmail?: string;
  hasPasskey: boolean;
  lockedMessage?: string;
}) {
  const t = useTranslations('flow');
  const callAction = useCallAction();
  const fieldError = useFieldError();
  const biometricsOnDevice = usePlatformBiometrics();
  const offerBiometrics = hasPasskey && biometricsOnDevice;
  const [step, setStep] = useState<Step>({ name: 'email' });
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<string | undefined>(lockedMessage);
  const [locked, setLocked] = useState(Boolean(lockedMessage));
  const emailForm = useForm<EmailChangeInput>({
    resolver: zodResolver(emailChangeSchema),
    // One key per submission: a retry after a lost response is the same submission.
    defaultValues: { email: initialEmail ?? '', idempotencyKey: crypto.randomUUID() },
  });
  const passwordForm = useForm<ReauthPasswordInput>({ resolver: zodResolver(reauthPasswordSchema), defaultValues: { password: '' } });
  // "Did you mean …?" once the address looks complete; a hint, never a gate.
  const typed = emailForm.watch('email');
  const [dismissed, setDismissed] = useState<string>();
  const suggestion = typed && typed !== dismissed ? suggestAddress(typed) : null;
  const emailError = emailForm.formState.errors.email;

  function submitEmail(values: EmailChangeInput) {
    setAlert(undefined);
    startTransition(async () => {
      const result = await callAction(() => requestEmailChangeAction(values));
      if (result.ok) return setStep({ name: 'sent', email: result.email });
      if (result.code === 'reauth_required') return setStep({ name: 'reauth' });
      if ('field' in result && result.field === 'email') return emailForm.setError('email', { message: result.message }, { shouldFocus: true });
      if (result.code === 'locked') setLocked(true);
      // A changed address is a new submission; anything else may be retried as it is.
      setAlert(result.message);
      if (result.code === 'rate_limited') emailForm.setValue('idempotencyKey', crypto.randomUUID());
    });
  }

  const onEmail = emailForm.handleSubmit(submitEmail);

  function reauthenticated() {
    passwordForm.reset();
    setStep({ name: 'email' });
    submitEmail(emailForm.getValues());
  }

  function useBiometrics() {
    setAlert(undefined);
    startTransition(async () => {
      const result = await callAction(reauthWithBiometrics);
      if (result.ok) return reauthenticated();
      if (result.code === 'locked') {
        setLocked(true);
        setStep({ name: 'email' });
        return setAlert(result.message);
      }
      // Whatever went wrong, the password is the way on.
      setAlert(result.message);
      passwordForm.setFocus('password');
    });
  }

  const onPassword = passwordForm.handleSubmit((values) => {
    setAlert(undefined);
    startTransition(async () => {
      const result = await callAction(() => reauthWithPasswordAction(values));
      if (result.ok) return reauthenticated();
      if (result.code === 'locked') {
        setLocked(true);
        setStep({ name: 'email' });
        return setAlert(result.message);
      }
      if ('field' in result && result.field === 'password') {
        return passwordForm.setError('password', { message: result.message }, { shouldFocus: true });
      }
      setAlert(result.message);
    });
  });

  if (step.name === 'sent') {
    return (
      <div className="flex flex-col gap-4" data-testid="link-sent">
        <div className="grid size-12 place-items-center rounded-full bg-emerald-50 text-emerald-700" aria-hidden>
          <EnvelopeIcon />
        </div>
        <h2 className="text-xl font-bold">{t('sentTitle')}</h2>
        <p className="text-slate-600">
          {t.rich('sentBody', {
            email: () => (
              <strong className="text-slate-900">
                <EmailAddress value={step.email} />
              </strong>
            ),
          })}{' '}
          {currentEmail ? t('sentUntil', { current: currentEmail }) : ''}
        </p>
        <Link href="/profile" className={buttonClass('secondary')}>
          {t('backToProfile')}
        </Link>
      </div>
    );
  }

  if (step.name === 'reauth') {
    return (
      <form onSubmit={onPassword} noValidate className="flex flex-col gap-5" aria-labelledby="reauth-heading">
        <div>
          <h2 id="reauth-heading" className="text-xl font-bold">
            {t('reauthTitle')}
          </h2>
          <p className="mt-1 text-slate-600">{t(offerBiometrics ? 'reauthBiometrics' : 'reauthPassword')}</p>
        </div>
        {offerBiometrics && (
          <>
            <Button type="button" onClick={useBiometrics} pending={pending}>
              {t('useBiometrics')}
            </Button>
            <p className="text-center text-sm text-slate-500">{t('orPassword')}</p>
          </>
        )}
        <TextField label={t('password')} type="password" autoComplete="current-password" autoFocus={!offerBiometrics} error={fieldError(passwordForm.formState.errors.password?.message)} {...passwordForm.register('password')} />
        <FormAlert message={alert} />
        <div className="flex flex-col gap-3 sm:flex-row-reverse">
          <Button type="submit" variant={offerBiometrics ? 'secondary' : 'primary'} pending={pending}>
            {t('confirm')}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setStep({ name: 'email' })}>
            {t('back')}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <form onSubmit={onEmail} noValidate className="flex flex-col gap-5">
      <TextField
        label={t('emailLabel')}
        type="email"
        inputMode="email"
        autoComplete="email"
        placeholder="name@example.com"
        hint={currentEmail ? t('hintCurrent', { current: currentEmail }) : t('hintNew')}
        error={fieldError(emailForm.formState.errors.email?.message)}
        {...emailForm.register('email', { onChange: () => emailForm.setValue('idempotencyKey', crypto.randomUUID()) })}
      />
      {suggestion && (
        <div aria-live="polite" className="-mt-3 flex flex-col gap-1 text-sm text-slate-700" data-testid="suggestion">
          {/* A refusal above already asks "Did you mean …?": then only the one tap is offered. */}
          {!emailError && (
            <p>{t.rich('didYouMean', { suggestion: () => <strong className="[overflow-wrap:anywhere]">{suggestion}</strong> })}</p>
          )}
          <div className="-mx-2 flex flex-wrap gap-x-2">
            <button
              type="button"
              className="rounded-lg px-2 py-1 text-left font-semibold text-brand-700 [overflow-wrap:anywhere] hover:bg-brand-50"
              onClick={() => {
                emailForm.setValue('email', suggestion, { shouldValidate: true });
                emailForm.setValue('idempotencyKey', crypto.randomUUID());
              }}
            >
              {t('use', { suggestion })}
            </button>
            {!emailError && (
              <button type="button" className="rounded-lg px-2 py-1 text-slate-600 hover:bg-slate-100" onClick={() => setDismissed(typed)}>
                {t('keep')}
              </button>
            )}
          </div>
        </div>
      )}
      <FormAlert message={alert} />
      <Button type="submit" pending={pending} disabled={locked}>
        {t('continue')}
      </Button>
    </form>
  );
}
