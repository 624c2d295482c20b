/**
 * Calls a server action from a form and turns a transport failure into a value,
 * so the form keeps what was typed and says what happened.
 */
export const networkErrorMessage = "Couldn't reach the server. Check your internet connection and try again.";
export const serverErrorMessage = 'Something went wrong on our side. Nothing was changed. Please try again.';

export type TransportFailure = { ok: false; code: 'network' | 'server'; message: string };

function isNetworkError(error: unknown) {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return true;
  // fetch() rejects with a TypeError ("Failed to fetch", "Load failed", "NetworkError …")
  // when no response arrived at all.
  return error instanceof TypeError;
}

export async function callAction<T>(action: () => Promise<T>): Promise<T | TransportFailure> {
  try {
    return await action();
  } catch (error) {
    // Next.js signals redirect() and notFound() by throwing; let the router handle them.
    if (error instanceof Error && 'digest' in error && String(error.digest).startsWith('NEXT_')) throw error;
    return isNetworkError(error)
      ? { ok: false, code: 'network', message: networkErrorMessage }
      : { ok: false, code: 'server', message: serverErrorMessage };
  }
}
