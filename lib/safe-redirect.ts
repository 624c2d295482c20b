/**
 * Where to go after sign-in. Only same-site paths are accepted, so a crafted
 * `callbackUrl` cannot bounce a freshly signed-in user to another site. The check
 * is made on the path as it will be sent, after the URL parser has resolved dot
 * segments and turned backslashes into slashes: "/..//evil.example" normalises to
 * "//evil.example", which a browser reads as another host.
 */
const base = 'http://wallet.invalid';

export function safeCallbackPath(value: unknown, fallback = '/profile'): string {
  if (typeof value !== 'string' || value.length > 2048 || !value.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "//host" and "/\host" are other sites to a browser.
  if (url.origin !== base || /^\/[/\\]/.test(path) || url.pathname.startsWith('/sign-in')) return fallback;
  return new URL(path, base).origin === base ? path : fallback;
}

export function signInPath(returnTo: string): string {
  const path = safeCallbackPath(returnTo);
  return path === '/profile' ? '/sign-in' : `/sign-in?${new URLSearchParams({ callbackUrl: path })}`;
}
