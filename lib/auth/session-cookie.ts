/**
 * The claims in next-auth's session cookie, read directly: the encrypted JWT (JWE)
 * names the user and the server-side session row, nothing else. next-auth's own
 * `auth()` did the same decode inside a whole round of its request handler (a
 * synthetic request, the callbacks, and a fresh token encrypted only to be thrown
 * away in a server component), which cost every page and cookie API call about
 * 2 ms of CPU (issue 15). The session row still decides whether the session is live.
 *
 * The cookie is `authjs.session-token`, or `__Secure-authjs.session-token` over
 * https; the name is also the key derivation's salt, so a token moved from one name
 * to the other does not decode. A cookie too long for one is split into `.0`, `.1`, …
 *
 * A browser sends the same cookie with every page and action of its session, and
 * decoding it costs 0.7 ms of CPU (a key derivation, a key thumbprint and four Web
 * Crypto calls; about what the whole bare route costs, README "Benchmarks"). So what a
 * cookie was found to say is remembered by its exact text until the token's own
 * expiry: the same text with the same secret decodes to the same claims. Only tokens
 * that decoded are remembered, so junk costs memory nothing; the session row is still
 * read on every request.
 */
import { decode } from 'next-auth/jwt';
import { ExpiringCache } from '@/lib/expiring-cache';

export const sessionCookieNames = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;

/** Whether a cookie is (a chunk of) the session cookie: the proxy's check, which decodes nothing. */
export function isSessionCookie(name: string) {
  return sessionCookieNames.some((whole) => name === whole || (name.startsWith(`${whole}.`) && /^\d+$/.test(name.slice(whole.length + 1))));
}

export interface SessionClaims {
  userId: string;
  sessionId: string;
}

type CookieLookup = (name: string) => string | undefined;

function joined(lookup: CookieLookup, name: string) {
  const whole = lookup(name);
  if (whole) return whole;
  let value = '';
  for (let chunk = 0; ; chunk += 1) {
    const part = lookup(`${name}.${chunk}`);
    if (!part) return value || undefined;
    value += part;
  }
}

// About 5 MB at most: a cookie's text is ~450 characters. One per process, on globalThis:
// Next bundles this module into several chunks (three in one build), and each copy
// would otherwise keep a cache, and a limit, of its own.
const globalForCookies = globalThis as unknown as { walletDecodedCookies?: ExpiringCache<SessionClaims> };
const decoded = (globalForCookies.walletDecodedCookies ??= new ExpiringCache(10_000));

/**
 * The user and session the cookie names, or null for no cookie, a forged, garbled or
 * expired one (`refused` hears of the last three: anyone can send junk).
 */
export async function sessionClaims(lookup: CookieLookup, secret: string, refused: () => void = () => {}): Promise<SessionClaims | null> {
  for (const name of sessionCookieNames) {
    const token = joined(lookup, name);
    if (!token) continue;
    // The secret and the name (the salt) are part of what a text decodes to.
    const key = `${secret}\n${name}\n${token}`;
    const known = decoded.get(key, Date.now());
    if (known) return known;
    try {
      const claims = await decode({ token, secret, salt: name });
      if (typeof claims?.sub === 'string' && typeof claims.sid === 'string') {
        const found = { userId: claims.sub, sessionId: claims.sid };
        // next-auth always sets an expiry; a token without one is decoded each time.
        if (typeof claims.exp === 'number') decoded.set(key, found, claims.exp * 1000);
        return found;
      }
    } catch {
      // Not ours, tampered with or expired: no session, as for no cookie.
      refused();
    }
    return null;
  }
  return null;
}
