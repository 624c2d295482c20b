const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Idempotency-Key header: a UUID, absent (null), or anything else (invalid). */
export function idempotencyKey(headers: Headers): { ok: true; key: string | null } | { ok: false } {
  const key = headers.get('idempotency-key');
  if (key === null) return { ok: true, key: null };
  return uuid.test(key) ? { ok: true, key } : { ok: false };
}
