/**
 * Configuration, parsed once from the environment. Every duration and limit the
 * app uses is named here with its default; nothing else reads process.env.
 */
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** How long history is kept (lib/jobs/retention.ts); each is an env setting below. About 7 years of audit. */
export const retentionDefaults = { outboxPayloadDays: 7, outboxDays: 90, sessionDays: 30, auditDays: 2557, batchSize: 5000 };

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // The embedded default's supervisor (scripts/start.ts) always sets this.
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  DATABASE_POOL_SIZE: positiveInt(10),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
  // Absolute base for links we send (verification e-mails) and for redirects.
  APP_URL: z.url().default('http://localhost:3000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The reverse proxies in front of the app (addresses or CIDR ranges, comma-separated)
  // whose X-Forwarded-For entries are believed. Empty: the TCP peer is the client.
  TRUSTED_PROXIES: z.string().default(''),

  // A session ends this long after sign-in whatever happens (activity never extends it) …
  SESSION_MAX_AGE_MINUTES: positiveInt(12 * 60),
  // … or after this long without a request, whichever comes first.
  SESSION_IDLE_MINUTES: positiveInt(30),
  // The mobile app's bearer tokens: short-lived (absolute); the app signs in again.
  API_TOKEN_TTL_MINUTES: positiveInt(60),
  API_MAX_BODY_BYTES: positiveInt(16 * 1024),
  // Sign-in limits: consecutive failures per mobile number, failures per IP.
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(10),
  SIGNIN_ACCOUNT_WINDOW_MINUTES: positiveInt(15),
  SIGNIN_MAX_FAILURES_PER_IP: positiveInt(100),
  SIGNIN_IP_WINDOW_MINUTES: positiveInt(60),

  // Re-authentication before an e-mail change (UC03, UC05).
  REAUTH_WINDOW_MINUTES: positiveInt(5),
  REAUTH_MAX_FAILURES: positiveInt(5),
  REAUTH_FAILURE_WINDOW_MINUTES: positiveInt(15),
  REAUTH_LOCK_MINUTES: positiveInt(15),
  // … and one IP may have this many re-auth guesses checked per window, across accounts.
  REAUTH_MAX_FAILURES_PER_IP: positiveInt(100),
  REAUTH_IP_WINDOW_MINUTES: positiveInt(60),

  // Passkeys ("biometrics"). Both default to APP_URL's host and origin.
  WEBAUTHN_RP_ID: z.string().optional(),
  WEBAUTHN_ORIGIN: z.url().optional(),
  WEBAUTHN_RP_NAME: z.string().default('Wallet'),
  BIOMETRIC_MAX_FAILURES: positiveInt(3),
  BIOMETRIC_BLOCK_MINUTES: positiveInt(15),

  // Verification links and sending limits (UC02, UC07).
  EMAIL_TOKEN_TTL_HOURS: positiveInt(24),
  EMAIL_RESEND_COOLDOWN_SECONDS: positiveInt(60),
  EMAIL_REQUESTS_PER_HOUR: positiveInt(5),
  // Deliverability (lib/email-change/deliverability.ts): look up the new address's mail
  // server before sending ("off" where DNS is unreachable), through these servers
  // ("127.0.0.1:5353"; the system's when empty), waiting at most this long.
  EMAIL_MX_CHECK: z.enum(['on', 'off']).default('on'),
  EMAIL_DNS_SERVERS: z.string().default(''),
  EMAIL_DNS_TIMEOUT_MS: positiveInt(1500),
  // Domains the disposable-address list gets wrong, accepted anyway (comma-separated).
  EMAIL_DISPOSABLE_ALLOWED: z.string().default(''),
  // Bounces after SMTP accepted a message (lib/jobs/bounces.ts): the webhook's Standard
  // Webhooks secret ("whsec_…"; the endpoint is off without it), the domain of the VERP
  // return path (bounce+<id>@…), and the port of the DSN listener the dispatcher runs.
  BOUNCE_WEBHOOK_SECRET: z.string().optional(),
  // The Prometheus scraper's bearer token for /api/metrics; without it the endpoint is off (404).
  METRICS_TOKEN: z.string().min(24, 'METRICS_TOKEN must be at least 24 characters').optional(),
  BOUNCE_DOMAIN: z.string().optional(),
  BOUNCE_SMTP_PORT: z.coerce.number().int().positive().optional(),
  // Wrong 6-digit codes allowed per verification e-mail before a new one must be sent.
  EMAIL_CODE_MAX_ATTEMPTS: positiveInt(5),
  // "This wasn't me — undo this change" in the notice to the old address (DESIGN §2b).
  UNDO_LINK_TTL_DAYS: positiveInt(7),

  // Mail and background delivery.
  SMTP_URL: z.string().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Wallet <no-reply@wallet.localhost>'),
  // local: this process delivers the outbox; inngest: Inngest does; none: another process
  // (a worker with DISPATCHER=local) does, and this one only serves requests.
  DISPATCHER: z.enum(['local', 'inngest', 'none']).default('local'),
  OUTBOX_MAX_ATTEMPTS: positiveInt(8),
  OUTBOX_POLL_MS: positiveInt(250),
  OUTBOX_BATCH_SIZE: positiveInt(200),
  // How long a claimed row is held before another worker may take it: after a crash,
  // the rows the dead process held go out again once this passes. Longer than any send.
  OUTBOX_LEASE_SECONDS: positiveInt(60),

  // Retention (lib/jobs/retention.ts), swept hourly by the dispatcher (or Inngest's cron):
  // a sent, failed or bounced e-mail's payload, then its row; sessions and app tokens after
  // their absolute end; audit events (a wallet's regulator may ask for years of them).
  RETENTION_OUTBOX_PAYLOAD_DAYS: positiveInt(retentionDefaults.outboxPayloadDays),
  RETENTION_OUTBOX_DAYS: positiveInt(retentionDefaults.outboxDays),
  RETENTION_SESSION_DAYS: positiveInt(retentionDefaults.sessionDays),
  RETENTION_AUDIT_DAYS: positiveInt(retentionDefaults.auditDays),
  RETENTION_SWEEP_MINUTES: positiveInt(60),
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
