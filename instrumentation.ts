// Runs once when the server process starts: the local dispatcher and the bounce listener live in it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startBounceIntake, startDispatcher } = await import('@/lib/email-change/service');
  startDispatcher();
  startBounceIntake();
}
