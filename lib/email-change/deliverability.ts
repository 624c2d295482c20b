/**
 * Is there anyone at the other end? Checked before a link is sent, so a wrong address
 * is caught at the first send instead of twenty minutes of retries later:
 *  - a throwaway (disposable) address is refused: a wallet's alerts must reach its
 *    owner for years. The list is mailchecker's (updated by a version bump), with an
 *    allow-list in configuration for a domain it gets wrong;
 *  - a domain with no mail server is refused: its MX records, or, with none, its A or
 *    AAAA records (RFC 5321 §5.1's implicit MX), or a "null MX" (RFC 7505) saying it
 *    takes no mail. A DNS failure or time-out never blocks: it is logged and the send
 *    goes ahead, and answers are cached for a while.
 */
import { Resolver } from 'node:dns/promises';
import MailChecker from 'mailchecker';
import { ExpiringCache } from '@/lib/expiring-cache';

const disposable = MailChecker.blacklist();

/** The domain or any parent of it is a known throwaway-mail service, and not allowed by configuration. */
export function isDisposable(domain: string, allowed: readonly string[] = []): boolean {
  const labels = domain.toLowerCase().split('.');
  const candidates = labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
  if (candidates.some((candidate) => allowed.includes(candidate))) return false;
  return candidates.some((candidate) => disposable.has(candidate));
}

export type MailServer = 'yes' | 'none' | 'unknown';

export interface MailServerCheckOptions {
  /** DNS servers ("127.0.0.1:5353"); the system's when empty. */
  servers?: string[];
  timeoutMs: number;
  /** How long an answer is trusted; "unknown" is not cached, so the next request asks again. */
  cacheMs: number;
  onUnknown?: (domain: string, error: unknown) => void;
}

/** The DNS answers that mean "there is no such record", as opposed to "could not find out". */
const noRecord = new Set(['ENODATA', 'ENOTFOUND']);

export function createMailServerCheck(options: MailServerCheckOptions) {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers?.length) resolver.setServers(options.servers);
  const cache = new ExpiringCache<Exclude<MailServer, 'unknown'>>(10_000);

  /** The records of one kind, [] when the domain has none, or throws when DNS could not tell. */
  async function records<T>(lookup: () => Promise<T[]>): Promise<T[]> {
    try {
      return await lookup();
    } catch (error) {
      if (noRecord.has((error as { code?: string }).code ?? '')) return [];
      throw error;
    }
  }

  async function ask(domain: string): Promise<Exclude<MailServer, 'unknown'>> {
    const mx = await records(() => resolver.resolveMx(domain));
    // RFC 7505: a single MX of "." with preference 0 says the domain accepts no mail.
    if (mx.length > 0) return mx.every((record) => record.exchange === '' || record.exchange === '.') ? 'none' : 'yes';
    const [v4, v6] = await Promise.all([records(() => resolver.resolve4(domain)), records(() => resolver.resolve6(domain))]);
    return v4.length + v6.length > 0 ? 'yes' : 'none';
  }

  return async function mailServer(domain: string, now = Date.now()): Promise<MailServer> {
    const key = domain.toLowerCase();
    const cached = cache.get(key, now);
    if (cached) return cached;
    try {
      const answer = await ask(key);
      cache.set(key, answer, now + options.cacheMs);
      return answer;
    } catch (error) {
      options.onUnknown?.(key, error);
      return 'unknown';
    }
  };
}

export type MailServerCheck = ReturnType<typeof createMailServerCheck>;
