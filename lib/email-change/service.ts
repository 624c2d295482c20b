import 'server-only';
/**
 * The app's wiring of the e-mail domain: configuration from lib/env, one set of
 * limiters and one dispatcher per process. Server actions and the JSON API both
 * come through here.
 */
import type { PasskeyConfig } from '@/lib/auth/passkeys';
import type { ReauthConfig } from '@/lib/auth/reauth';
import { sealKey } from '@/lib/crypto/seal';
import { db } from '@/lib/db';
import { codeKey } from '@/lib/email-change/codes';
import { createMailServerCheck, type MailServerCheck } from '@/lib/email-change/deliverability';
import type { RecoveryConfig } from '@/lib/email-change/recovery';
import type { EmailChangeContext } from '@/lib/email-change/request';
import { env, minutes, retentionDefaults } from '@/lib/env';
import { createTransport } from '@/lib/mailer';
import { createInngest, createOutboxFunctions, publishPending } from '@/lib/jobs/inngest';
import { startBounceListener } from '@/lib/jobs/bounces';
import { startLocalDispatcher } from '@/lib/jobs/local-dispatcher';
import type { RetentionConfig } from '@/lib/jobs/retention';
import { log } from '@/lib/log';

type Dispatcher = ReturnType<typeof startLocalDispatcher>;
const globalForEmail = globalThis as unknown as {
  walletDispatcher?: Dispatcher;
  walletBounceListener?: { stop(): Promise<void> };
  walletSealKey?: Buffer;
  walletCodeKey?: Buffer;
  walletMailServer?: MailServerCheck;
  walletTransport?: ReturnType<typeof createTransport>;
};

export function reauthConfig(): ReauthConfig {
  const config = env();
  return {
    windowMs: minutes(config.REAUTH_WINDOW_MINUTES),
    maxFailures: config.REAUTH_MAX_FAILURES,
    failureWindowMs: minutes(config.REAUTH_FAILURE_WINDOW_MINUTES),
    lockMs: minutes(config.REAUTH_LOCK_MINUTES),
    maxFailuresPerIp: config.REAUTH_MAX_FAILURES_PER_IP,
    ipWindowMs: minutes(config.REAUTH_IP_WINDOW_MINUTES),
  };
}

export function passkeyConfig(): PasskeyConfig {
  const config = env();
  const app = new URL(config.APP_URL);
  return {
    rpID: config.WEBAUTHN_RP_ID ?? app.hostname,
    rpName: config.WEBAUTHN_RP_NAME,
    origin: config.WEBAUTHN_ORIGIN ?? app.origin,
    challengeTtlMs: 120_000,
    maxBiometricFailures: config.BIOMETRIC_MAX_FAILURES,
    biometricBlockMs: minutes(config.BIOMETRIC_BLOCK_MINUTES),
    reauth: reauthConfig(),
  };
}

function key() {
  globalForEmail.walletSealKey ??= sealKey(env().AUTH_SECRET);
  return globalForEmail.walletSealKey;
}

const list = (value: string) => value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);

/** One resolver and one cache of answers per process; null when the check is off. */
function mailServerCheck() {
  const config = env();
  if (config.EMAIL_MX_CHECK === 'off') return null;
  globalForEmail.walletMailServer ??= createMailServerCheck({
    servers: list(config.EMAIL_DNS_SERVERS),
    timeoutMs: config.EMAIL_DNS_TIMEOUT_MS,
    cacheMs: minutes(10),
    onUnknown: (domain, error) => log().warn({ domain, code: (error as { code?: string }).code }, 'mail server lookup failed; sending anyway'),
  });
  return globalForEmail.walletMailServer;
}

function verificationCodeKey() {
  globalForEmail.walletCodeKey ??= codeKey(env().AUTH_SECRET);
  return globalForEmail.walletCodeKey;
}

export function emailLimitConfig() {
  return { cooldownSeconds: env().EMAIL_RESEND_COOLDOWN_SECONDS, perHour: env().EMAIL_REQUESTS_PER_HOUR };
}

export function recoveryConfig(): RecoveryConfig {
  return { undoTtlMs: env().UNDO_LINK_TTL_DAYS * 24 * 3_600_000, passwordStepTtlMs: minutes(30), sealKey: key() };
}

export function emailContext(): EmailChangeContext {
  return {
    db: db(),
    limits: emailLimitConfig(),
    now: new Date(),
    config: {
      tokenTtlMs: env().EMAIL_TOKEN_TTL_HOURS * 3_600_000,
      reauth: reauthConfig(),
      sealKey: key(),
      codeKey: verificationCodeKey(),
      maxCodeAttempts: env().EMAIL_CODE_MAX_ATTEMPTS,
      deliverability: { disposableAllowed: list(env().EMAIL_DISPOSABLE_ALLOWED), mailServer: mailServerCheck() },
    },
  };
}

function transport() {
  globalForEmail.walletTransport ??= createTransport(env().SMTP_URL);
  return globalForEmail.walletTransport;
}

function retentionConfig(): RetentionConfig {
  const config = env();
  return {
    ...retentionDefaults,
    outboxPayloadDays: config.RETENTION_OUTBOX_PAYLOAD_DAYS,
    outboxDays: config.RETENTION_OUTBOX_DAYS,
    sessionDays: config.RETENTION_SESSION_DAYS,
    auditDays: config.RETENTION_AUDIT_DAYS,
  };
}

function deliveryConfig() {
  const config = env();
  return { appUrl: config.APP_URL, from: config.MAIL_FROM, sealKey: key(), maxAttempts: config.OUTBOX_MAX_ATTEMPTS, bounceDomain: config.BOUNCE_DOMAIN };
}

export const inngest = createInngest();
export const outboxFunctions = createOutboxFunctions(inngest, () => ({ db: db(), transport: transport(), config: deliveryConfig(), retention: retentionConfig() }));

/** Starts the in-process dispatcher once (DISPATCHER=local); called from instrumentation.ts. */
export function startDispatcher() {
  const config = env();
  if (config.DISPATCHER !== 'local' || globalForEmail.walletDispatcher) return;
  globalForEmail.walletDispatcher = startLocalDispatcher({
    db: db(),
    transport: transport(),
    config: deliveryConfig(),
    pollMs: config.OUTBOX_POLL_MS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
    retention: { config: retentionConfig(), everyMs: config.RETENTION_SWEEP_MINUTES * 60_000 },
    onError: (error) => log().error({ err: error }, 'outbox dispatcher'),
  });
  log().info('local outbox dispatcher started');
}

/** Starts the DSN listener once when BOUNCE_SMTP_PORT is set, whichever dispatcher delivers; called from instrumentation.ts. */
export function startBounceIntake() {
  const port = env().BOUNCE_SMTP_PORT;
  if (!port || globalForEmail.walletBounceListener) return;
  globalForEmail.walletBounceListener = startBounceListener({ db: db(), port, onError: (error) => log().warn({ err: error }, 'bounce listener') });
  log().info({ port }, 'bounce listener started');
}

/** Tells the dispatcher new rows were committed. */
export function outboxWritten() {
  if (env().DISPATCHER === 'inngest') {
    // Not awaited by the request: the sweep publishes whatever this misses.
    publishPending(db(), inngest).catch((error: unknown) => log().warn({ err: error }, 'inngest publish failed; the sweep will retry'));
    return;
  }
  globalForEmail.walletDispatcher?.nudge();
}
