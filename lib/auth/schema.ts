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
