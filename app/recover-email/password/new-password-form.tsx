'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { TextField } from '@/components/ui/text-field';
import { newPasswordSchema, type NewPasswordInput } from '@/lib/auth/schema';
import { useCallAction, useFieldError } from '@/lib/client/call-action';
import { setPasswordAction } from '../actions';

export function NewPasswordForm() {
  const t = useTranslations('recover');
  const callAction = useCallAction();
  const fieldError = useFieldError();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  const form = useForm<NewPasswordInput>({ resolver: zodResolver(newPasswordSchema), defaultValues: { password: '', confirm: '' } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setMessage(undefined);
    startTransition(async () => {
      const result = await callAction(() => setPasswordAction(values));
      if ('field' in result && result.field) return form.setError(result.field, { message: result.message }, { shouldFocus: true });
      setMessage(result.message);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <TextField label={t('newPassword')} type="password" autoComplete="new-password" hint={t('newPasswordHint')} error={fieldError(errors.password?.message)} {...form.register('password')} />
      <TextField label={t('again')} type="password" autoComplete="new-password" error={fieldError(errors.confirm?.message)} {...form.register('confirm')} />
      <FormAlert message={message} />
      <Button type="submit" pending={pending}>
        {t('save')}
      </Button>
    </form>
  );
}
