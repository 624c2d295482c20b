import { z } from 'zod';
import { normalizeMobileNumber } from '@/lib/mobile-number';

/**
 * The sign-in form, shared by the client resolver, the server action and the JSON API.
 * Messages are keys of messages/*.json: the form and the API say them in the reader's language.
 */
export const signInSchema = z.object({
  mobileNumber: z
    .string()
    .trim()
    .min(1, 'validation.mobileEmpty')
    .max(20, 'validation.mobileTooLong')
    .refine((value) => normalizeMobileNumber(value) !== null, 'validation.mobileInvalid'),
  password: z.string().min(1, 'validation.passwordEmpty').max(256, 'validation.passwordTooLong'),
});

export type SignInInput = z.infer<typeof signInSchema>;

/**
 * A WebAuthn response as @simplewebauthn/browser returns it: only its outer shape
 * and size are checked here; @simplewebauthn/server verifies the contents.
 */
export const webAuthnResponseSchema = z
  .object({ id: z.string().max(1024), rawId: z.string().max(1024), type: z.literal('public-key'), response: z.record(z.string(), z.unknown()) })
  .passthrough();

/** A new password (after an undo): the sign-in form's limits, at least 8 characters (ASVS 6.2.1), typed twice. */
export const newPasswordSchema = z
  .object({
    password: z.string().min(8, 'validation.passwordTooShort').max(256, 'validation.passwordTooLong'),
    confirm: z.string(),
  })
  .refine((value) => value.password === value.confirm, { path: ['confirm'], message: 'validation.passwordsDiffer' });

export type NewPasswordInput = z.infer<typeof newPasswordSchema>;
