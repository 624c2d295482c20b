import type { Prisma } from '@/lib/generated/prisma/client';
import { metrics } from '@/lib/metrics';
import type { RequestMeta } from '@/lib/request-meta';

export type AuditType =
  | 'email.requested'
  | 'email.queued'
  | 'email.sent'
  | 'email.failed'
  | 'email.bounced'
  | 'email.verified'
  | 'email.expired'
  | 'email.superseded'
  | 'email.changed'
  | 'email.cancelled'
  | 'email.code_failed'
  | 'email.code_locked'
  | 'reauth.ok'
  | 'reauth.failed'
  | 'reauth.refused'
  | 'reauth.cancelled'
  | 'reauth.locked'
  | 'reauth.unlocked'
  | 'passkey.added'
  | 'passkey.removed'
  | 'auth.signed_in'
  | 'auth.sign_in_failed'
  | 'auth.sign_in_refused'
  | 'auth.signed_out'
  | 'session.ended'
  | 'api_token.issued'
  | 'api_token.revoked'
  | 'recovery.undone'
  | 'recovery.conflict'
  | 'recovery.password_set'
  | 'hold.placed'
  | 'hold.lifted'
  | 'support.sessions_ended'
  | 'flag.changed';

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

export interface AuditInput {
  type: AuditType;
  userId: string | null;
  actor: string;
  meta?: RequestMeta;
  detail?: Prisma.InputJsonObject;
  at: Date;
}

const row = (event: AuditInput) => ({
  type: event.type,
  userId: event.userId,
  actor: event.actor,
  ip: event.meta?.ip ?? null,
  userAgent: event.meta?.userAgent ?? null,
  detail: event.detail ?? {},
  createdAt: event.at,
});

export function audit(tx: Tx, event: AuditInput) {
  metrics().events.inc({ type: event.type });
  return tx.auditEvent.create({ data: row(event) });
}

/** Several events in one statement (a request's, or a batch of deliveries'). */
export function auditAll(tx: Tx, events: AuditInput[]) {
  for (const event of events) metrics().events.inc({ type: event.type });
  return tx.auditEvent.createMany({ data: events.map(row) });
}
