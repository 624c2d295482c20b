// Runs once when the server process starts: tracing first (only when an OTLP endpoint is
// configured: lib/tracing.ts), so every request's work is traced; then the local
// dispatcher and the bounce listener, which live in this process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startTracing, tracesEndpoint } = await import('@/lib/tracing');
  const endpoint = tracesEndpoint(process.env);
  if (endpoint) {
    await startTracing(endpoint, process.env);
    (await import('@/lib/log')).log().info({ endpoint }, 'tracing: sending OpenTelemetry traces');
  }
  const { startBounceIntake, startDispatcher } = await import('@/lib/email-change/service');
  startDispatcher();
  startBounceIntake();
}
