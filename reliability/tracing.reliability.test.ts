/**
 * OpenTelemetry traces from the production server (lib/tracing.ts, started by
 * instrumentation.ts): with OTEL_EXPORTER_OTLP_ENDPOINT set, a request's trace reaches
 * an OTLP/HTTP receiver, with Next.js's span for the route and Prisma's spans for the
 * statements it sent, in one trace, and no secret in it. (Without an endpoint nothing
 * starts: lib/tracing.test.ts.)
 */
import { createServer } from 'node:http';
import { expect, it } from 'vitest';
import { sessionTokenHash } from '@/lib/auth/sessions';
import { createApiAccounts } from '@/lib/test-support/api-accounts';
import { freePort } from '@/scripts/support/ports';
import { appScenario, builtApp } from './helpers';

interface Span {
  traceId: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
interface Export {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { scope: { name: string }; spans: Span[] }[] }[];
}

/** A collector's OTLP/HTTP traces endpoint (JSON, as the exporter sends it), keeping what arrives. */
async function otlpReceiver() {
  const received: Export[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Export);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const spans = () =>
    received.flatMap((batch) =>
      batch.resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((group) =>
          group.spans.map((span) => ({ ...span, scope: group.scope.name, service: resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue })),
        ),
      ),
    );
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((resolve) => server.close(resolve)) };
}

const scenario = appScenario();

it('sends each request’s trace, the route’s span with the SQL statements under it, to the configured OTLP endpoint', { timeout: 180_000 }, async () => {
  const receiver = await otlpReceiver();
  try {
    const built = await builtApp(scenario.sink.port, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'wallet-email-under-test', OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'info' });
    scenario.app = await built.start({ keepLog: true });
    expect(built.log.join('')).toContain('tracing: sending OpenTelemetry traces');

    const [account] = await createApiAccounts(scenario.db, 1);
    const response = await fetch(`${built.url}/api/v1/profile`, { headers: { authorization: `Bearer ${account!.bearer}` } });
    expect(response.status).toBe(200);

    // Spans leave in batches every 100 ms here: wait for the route's, then for the statements in its trace.
    const deadline = Date.now() + 30_000;
    const routeSpan = () => receiver.spans().find((span) => span.name.includes('/api/v1/profile'));
    // Statements come two ways: Prisma's (a client operation's SQL: this route counts the passkeys) and the
    // app's own on Prisma's pool (lib/db.ts, sqlRows: the session lookup). Both must be in the route's trace.
    const inTrace = (traceId: string) => receiver.spans().filter((span) => span.traceId === traceId);
    const prismas = (traceId: string) => inTrace(traceId).filter((span) => span.scope.includes('prisma') && span.name === 'prisma:client:db_query');
    const own = (traceId: string) => inTrace(traceId).filter((span) => span.scope === 'wallet-email/db');
    const complete = () => routeSpan() && prismas(routeSpan()!.traceId).length > 0 && own(routeSpan()!.traceId).length > 0;
    while (!complete() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

    const route = routeSpan();
    expect(route, `spans received: ${receiver.spans().map((span) => span.name).join(', ')}`).toBeDefined();
    expect(route!.service).toBe('wallet-email-under-test');
    expect(prismas(route!.traceId).length).toBeGreaterThan(0);
    // A statement's span names the SQL it ran (the session lookup, wallet_find_session).
    const text = (spans: Span[]) => spans.flatMap((span) => span.attributes ?? []).filter((attribute) => attribute.key === 'db.query.text').map((attribute) => attribute.value.stringValue ?? '');
    expect(text(own(route!.traceId)).some((sql) => /wallet_find_session/.test(sql))).toBe(true);
    expect(text(prismas(route!.traceId)).some((sql) => /passkeys/.test(sql))).toBe(true);
    // Statements travel as text with placeholders: neither the token nor its hash (the value looked up) is in any span.
    const everything = JSON.stringify(receiver.spans());
    expect(everything).not.toContain(account!.bearer);
    expect(everything).not.toContain(sessionTokenHash(account!.bearer));
  } finally {
    await receiver.close();
  }
});
