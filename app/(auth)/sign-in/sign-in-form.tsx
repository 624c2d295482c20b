'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { TextField } from '@/components/ui/text-field';
import { signInSchema, type SignInInput } from '@/lib/auth/schema';
import { useCallAction, useFieldError } from '@/lib/client/call-action';
import { signInAction } from './actions';

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations('signIn');
  const callAction = useCallAction();
  const fieldError = useFieldError();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const form = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { mobileNumber: '', password: '' },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await callAction(() => signInAction(values, callbackUrl));
      setMessage(result.message);
      if (result.code === 'invalid_credentials') form.setFocus('password');
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <TextField
        label={t('mobile')}
        type="tel"
        inputMode="tel"
        autoComplete="username"
        placeholder="98XXXXXXXX"
        error={fieldError(errors.mobileNumber?.message)}
        {...form.register('mobileNumber')}
      />
      <TextField
        label={t('password')}
        type="password"
        autoComplete="current-password"
        error={fieldError(errors.password?.message)}
        {...form.register('password')}
      />
      <FormAlert message={message} />
      <Button type="submit" pending={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
