/**
 * Prometheus metrics (DESIGN §7), served at /api/metrics to a scraper holding
 * METRICS_TOKEN. One registry per process, kept on globalThis: server.ts (loaded by tsx)
 * and the Next.js bundle each load this file, and both must count into the same place.
 *
 * Counters move when the work is done, not when its transaction commits: an audit event
 * in a transaction that rolls back is still counted (rare; the audit table is the record).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Paths as metric labels: the app's own routes by name, anything else as one label (no unbounded series). */
const knownPaths = new Set([
  '/',
  '/sign-in',
  '/profile',
  '/profile/email',
  '/verify-email',
  '/verify-email/result',
  '/recover-email',
  '/recover-email/password',
  '/recover-email/result',
  '/help/account-change',
  '/support',
  '/api-docs',
  '/api/health',
  '/api/metrics',
  '/api/inngest',
  '/api/webhooks/bounces',
  // The JSON API (lib/metrics.test.ts checks this against the OpenAPI document's paths).
  '/api/v1/openapi.json',
  '/api/v1/sessions',
  '/api/v1/sessions/current',
  '/api/v1/profile',
  '/api/v1/reauth',
  '/api/v1/reauth/passkey-options',
  '/api/v1/email-change',
  '/api/v1/email-change/check',
  '/api/v1/email-change/resend',
  '/api/v1/email-change/verify',
  '/api/v1/audit-events',
]);

export function routeLabel(pathname: string): string {
  if (knownPaths.has(pathname)) return pathname;
  if (pathname.startsWith('/_next/')) return '/_next';
  if (pathname.startsWith('/api/auth/')) return '/api/auth';
  return 'other';
}

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wallet_process_' });
  return {
    registry,
    requests: new Counter({ name: 'wallet_http_requests_total', help: 'HTTP requests answered, by route, method and status class', labelNames: ['route', 'method', 'outcome'], registers: [registry] }),
    latency: new Histogram({
      name: 'wallet_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route and status class',
      labelNames: ['route', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    deliveries: new Counter({ name: 'wallet_email_deliveries_total', help: 'E-mails handed to SMTP (sent), given up on (failed) or bounced afterwards, by kind', labelNames: ['kind', 'result'], registers: [registry] }),
    deliveryLatency: new Histogram({
      name: 'wallet_email_delivery_seconds',
      help: 'From the outbox row being written to SMTP accepting the message',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
      registers: [registry],
    }),
    events: new Counter({ name: 'wallet_audit_events_total', help: 'Audit events written by the app, by type (reauth.locked: lock-outs; recovery.undone: recoveries)', labelNames: ['type'], registers: [registry] }),
    outboxDepth: new Gauge({ name: 'wallet_outbox_pending', help: 'E-mails waiting in the outbox', registers: [registry] }),
    outboxAge: new Gauge({ name: 'wallet_outbox_oldest_pending_seconds', help: 'Age of the oldest e-mail waiting in the outbox (0 when none)', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof create>;
const global = globalThis as unknown as { walletMetrics?: Metrics };

export function metrics(): Metrics {
  return (global.walletMetrics ??= create());
}

/** Status codes as an outcome label: "2xx" … "5xx". */
export const outcomeOf = (status: number) => `${Math.floor(status / 100)}xx`;
