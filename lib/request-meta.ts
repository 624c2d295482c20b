/**
 * Who is asking: the client's IP and user agent, for rate limits and the audit log.
 *
 * X-Forwarded-For is only as trustworthy as the proxies that append to it.
 * TRUSTED_PROXY_HOPS says how many of ours sit in front of the app; the client
 * is the entry that many places from the right. Anything further left was sent
 * by the client and may be forged.
 */
export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export function requestMeta(headers: Headers, trustedProxyHops: number): RequestMeta {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const ip = forwarded[forwarded.length - Math.max(trustedProxyHops, 1)] ?? forwarded[0] ?? 'unknown';
  return { ip: ip.slice(0, 64), userAgent: (headers.get('user-agent') ?? 'unknown').slice(0, 256) };
}
