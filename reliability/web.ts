/**
 * A browser's requests without a browser, for scenarios against the running app:
 * signing in through next-auth's own endpoints (as the sign-in form ends up doing)
 * and calling a server action the way React's client does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-turbopack/client.edge') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

/** `name=value` pairs from a response's Set-Cookie headers. */
export function cookiesFrom(response: Response): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    cookies[pair!.slice(0, at)] = pair!.slice(at + 1);
  }
  return cookies;
}

export const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** Signs in with the credentials provider over HTTP: next-auth's answer, Set-Cookie and all. */
export async function signInResponse(appUrl: string, mobileNumber: string, password: string, headers: Record<string, string> = {}) {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookiesFrom(csrf)), origin: appUrl },
    body: new URLSearchParams({ mobileNumber, password, csrfToken, callbackUrl: `${appUrl}/profile` }),
  });
}

/** Signs in and returns the session cookie (`authjs.session-token=…`), or null when sign-in was refused. */
export async function signInWeb(appUrl: string, mobileNumber: string, password: string, headers: Record<string, string> = {}) {
  const session = cookiesFrom(await signInResponse(appUrl, mobileNumber, password, headers))['authjs.session-token'];
  return session ? `authjs.session-token=${session}` : null;
}

/** A server action in the production build, by its exported name, with a page that serves it. */
export function actionInBuild(exportedName: string) {
  const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, action]) => action.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in the build`);
  const page = Object.keys(found[1].workers)[0]!;
  return { id: found[0], route: page.replace(/^app/, '').replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '') || '/' };
}

/** Calls a server action as the page's JavaScript would; the answer is React's flight text. */
export async function callAction(appUrl: string, cookie: string, exportedName: string, args: unknown[], headers: Record<string, string> = {}) {
  const action = actionInBuild(exportedName);
  const body = await encodeReply(args);
  const response = await fetch(`${appUrl}${action.route}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: appUrl,
      ...headers,
      cookie,
      'next-action': action.id,
      accept: 'text/x-component',
      ...(typeof body === 'string' ? { 'content-type': 'text/plain;charset=UTF-8' } : {}),
    },
    body,
  });
  return { status: response.status, text: await response.text(), response };
}
