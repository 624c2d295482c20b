// Runs once when the server process starts: the local dispatcher lives in it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startDispatcher } = await import('@/lib/email-change/service');
  startDispatcher();
}
