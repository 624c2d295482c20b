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
 */
import { decode } from 'next-auth/jwt';

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

/**
 * The user and session the cookie names, or null for no cookie, a forged, garbled or
 * expired one (`refused` hears of the last three: anyone can send junk).
 */
export async function sessionClaims(lookup: CookieLookup, secret: string, refused: () => void = () => {}): Promise<SessionClaims | null> {
  for (const name of sessionCookieNames) {
    const token = joined(lookup, name);
    if (!token) continue;
    try {
      const claims = await decode({ token, secret, salt: name });
      if (typeof claims?.sub === 'string' && typeof claims.sid === 'string') return { userId: claims.sub, sessionId: claims.sid };
    } catch {
      // Not ours, tampered with or expired: no session, as for no cookie.
      refused();
    }
    return null;
  }
  return null;
}
