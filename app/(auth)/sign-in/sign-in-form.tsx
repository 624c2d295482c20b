'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { TextField } from '@/components/ui/text-field';
import { signInSchema, type SignInInput } from '@/lib/auth/schema';
import { callAction } from '@/lib/client/call-action';
import { signInAction } from './actions';

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
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
        label="Mobile number"
        type="tel"
        inputMode="tel"
        autoComplete="username"
        placeholder="98XXXXXXXX"
        error={errors.mobileNumber?.message}
        {...form.register('mobileNumber')}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register('password')}
      />
      <FormAlert message={message} />
      <Button type="submit" pending={pending}>
        Sign in
      </Button>
    </form>
  );
}
