import { z } from 'zod';
import { normalizeEmail } from '@/lib/email-change/address';

// Keys of messages/*.json: the form and the API say them in the reader's language.
const messages = {
  empty: 'validation.emailEmpty',
  too_long: 'validation.emailTooLong',
  invalid: 'validation.emailInvalid',
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
  idempotencyKey: z.uuid('validation.submissionKey'),
});

export const reauthPasswordSchema = z.object({
  password: z.string().min(1, 'validation.passwordEmpty').max(256, 'validation.passwordTooLong'),
});

export type EmailChangeInput = z.infer<typeof emailChangeSchema>;
export type ReauthPasswordInput = z.infer<typeof reauthPasswordSchema>;
