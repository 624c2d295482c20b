import { json } from '@/lib/api/problem';
import { db } from '@/lib/db';
import { endpoint, otherMethods } from '../_lib/endpoint';

/** The account's own security history, newest first. */
export const GET = endpoint({
  auth: true,
  async handle({ caller }) {
    const events = await db().auditEvent.findMany({ where: { userId: caller.user.id }, orderBy: { createdAt: 'desc' }, take: 100 });
    return json({ events: events.map((event) => ({ type: event.type, at: event.createdAt.toISOString(), ip: event.ip, userAgent: event.userAgent })) });
  },
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
