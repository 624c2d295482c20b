import { z } from 'zod';
import { maxEmailLength, normalizeEmail } from '@/lib/email-change/address';

const messages = {
  empty: 'Enter your email address',
  too_long: `Email addresses are at most ${maxEmailLength} characters`,
  invalid: 'Enter an email address like name@example.com',
} as const;

/** The address field: validated here, normalized by the server with the same rule. */
export const emailField = z
  .string()
  .max(1000, messages.too_long)
  .superRefine((value, ctx) => {
    const result = normalizeEmail(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: messages[result.problem] });
  });

/** The add/update form, shared by the client resolver, the server action and the JSON API. */
export const emailChangeSchema = z.object({
  email: emailField,
  // A fresh key per submission; a retry of the same submission reuses it.
  idempotencyKey: z.uuid('Missing submission key'),
});

export const reauthPasswordSchema = z.object({
  password: z.string().min(1, 'Enter your password').max(256, 'Passwords are at most 256 characters'),
});

export type EmailChangeInput = z.infer<typeof emailChangeSchema>;
export type ReauthPasswordInput = z.infer<typeof reauthPasswordSchema>;
