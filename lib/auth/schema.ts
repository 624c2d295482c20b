import { z } from 'zod';
import { normalizeMobileNumber } from '@/lib/mobile-number';

/** The sign-in form, shared by the client resolver, the server action and the JSON API. */
export const signInSchema = z.object({
  mobileNumber: z
    .string()
    .trim()
    .min(1, 'Enter your mobile number')
    .max(20, 'Enter a 10-digit mobile number')
    .refine((value) => normalizeMobileNumber(value) !== null, 'Enter a 10-digit mobile number, like 98XXXXXXXX'),
  password: z.string().min(1, 'Enter your password').max(256, 'Passwords are at most 256 characters'),
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
    password: z.string().min(8, 'Use at least 8 characters').max(256, 'Passwords are at most 256 characters'),
    confirm: z.string(),
  })
  .refine((value) => value.password === value.confirm, { path: ['confirm'], message: 'The two passwords are not the same' });

export type NewPasswordInput = z.infer<typeof newPasswordSchema>;
