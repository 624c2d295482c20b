/**
 * Where to go after sign-in. Only same-site paths are accepted, so a crafted
 * `callbackUrl` cannot bounce a freshly signed-in user to another site.
 */
export function safeCallbackPath(value: unknown, fallback = '/profile'): string {
  if (typeof value !== 'string' || value.length > 2048) return fallback;
  // "/x" is ours; "//host" and "/\host" are other sites to a browser.
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  try {
    const url = new URL(value, 'http://wallet.invalid');
    if (url.origin !== 'http://wallet.invalid' || url.pathname.startsWith('/sign-in')) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

export function signInPath(returnTo: string): string {
  const path = safeCallbackPath(returnTo);
  return path === '/profile' ? '/sign-in' : `/sign-in?${new URLSearchParams({ callbackUrl: path })}`;
}
