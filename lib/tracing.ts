/**
 * OpenTelemetry traces (DESIGN §7), started by instrumentation.ts when the server
 * process starts, and only when an OTLP endpoint is configured: without one nothing
 * is loaded, nothing is recorded, nothing is sent.
 *
 * What a trace holds: Next.js's own spans for each request (it records them through
 * @opentelemetry/api once a tracer provider is registered: the route, the render, the
 * route handler) and, under them, Prisma's (@prisma/instrumentation: each client
 * operation, its transaction and the SQL statements it sent). Spans leave in batches,
 * over OTLP/HTTP, to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given); the exporter's other standard
 * OTEL_* settings (headers, timeout, batch delay) apply as documented upstream.
 */
type Env = Record<string, string | undefined>;

/** Where traces go, or null when tracing is off: no endpoint, or OTEL_SDK_DISABLED=true. */
export function tracesEndpoint(env: Env): string | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : null;
}

/**
 * Registers the tracer provider for this process and returns it. The SDK is imported
 * here, not at the top, so a process without an endpoint never loads it.
 */
export async function startTracing(endpoint: string, env: Env) {
  const [{ OTLPTraceExporter }, { registerInstrumentations }, { resourceFromAttributes }, { BatchSpanProcessor }, { NodeTracerProvider }, { ATTR_SERVICE_NAME }, { PrismaInstrumentation }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/semantic-conventions'),
    import('@prisma/instrumentation'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || 'wallet-email' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }))],
  });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new PrismaInstrumentation()] });
  return provider;
}
