/**
 * Configuration, parsed once from the environment. Every duration and limit the
 * app uses is named here with its default; nothing else reads process.env.
 */
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // The embedded default's supervisor (scripts/start.ts) always sets this.
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  DATABASE_POOL_SIZE: positiveInt(10),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
  // Absolute base for links we send (verification e-mails) and for redirects.
  APP_URL: z.url().default('http://localhost:3000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // How many reverse proxies in front of the app append to X-Forwarded-For.
  // The client address is the entry this many hops from the right.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).default(1),

  SESSION_MAX_AGE_MINUTES: positiveInt(12 * 60),
  // Sign-in limits: consecutive failures per mobile number, failures per IP.
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(10),
  SIGNIN_ACCOUNT_WINDOW_MINUTES: positiveInt(15),
  SIGNIN_MAX_FAILURES_PER_IP: positiveInt(100),
  SIGNIN_IP_WINDOW_MINUTES: positiveInt(60),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

/** Parses on first use, so `next build` does not need runtime secrets. */
export function env(): Env {
  if (parsed) return parsed;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  parsed = result.data;
  return parsed;
}

export const minutes = (n: number) => n * 60_000;
