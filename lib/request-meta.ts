/**
 * Who is asking, for rate limits and the audit log: the client's address as the
 * server established it (lib/client-ip.ts; never a header the client wrote) and its
 * user agent, kept short. The user agent is the client's own text: it is recorded for
 * support, and only ever shown or mailed as a parsed summary (lib/device.ts).
 */
import { canonicalIp, clientIpHeader } from '@/lib/client-ip';

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export function requestMeta(headers: Headers): RequestMeta {
  return {
    ip: canonicalIp(headers.get(clientIpHeader) ?? undefined) ?? 'unknown',
    userAgent: (headers.get('user-agent') ?? 'unknown').slice(0, 256),
  };
}
