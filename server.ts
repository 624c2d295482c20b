/**
 * The production server: Next.js's request handler behind a plain node:http server
 * (Next's documented custom server), for one reason: `next start` gives the app no
 * way to know the TCP peer of a request — it only fills X-Forwarded-For when the
 * client did not send one, so a client could choose its own IP. Here each request
 * gets the client address the server established (lib/client-ip.ts), under a header
 * no client can set.
 *
 *   node --import tsx server.ts [--port 3000] [--hostname 0.0.0.0]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { clientIp, clientIpHeader, parseTrustedProxies } from './lib/client-ip';
import { metrics, outcomeOf, routeLabel } from './lib/metrics';

const { values: args } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' } } });
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname ?? process.env.HOSTNAME ?? '0.0.0.0';
// Read here rather than through lib/env: the server must know it before the app's modules load.
const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES ?? '');

const app = next({ dev: process.env.NODE_ENV !== 'production', hostname, port });
const handle = app.getRequestHandler();

await app.prepare();
const { requests, latency } = metrics();
const server = createServer((request, response) => {
  request.headers[clientIpHeader] = clientIp(request.socket.remoteAddress, request.headers['x-forwarded-for'], trusted);
  // Every request counted by route and outcome once answered (lib/metrics.ts, served at /api/metrics).
  const started = performance.now();
  response.once('finish', () => {
    const route = routeLabel(new URL(request.url ?? '/', 'http://x').pathname);
    const outcome = outcomeOf(response.statusCode);
    requests.inc({ route, method: request.method ?? 'GET', outcome });
    latency.observe({ route, outcome }, (performance.now() - started) / 1000);
  });
  void handle(request, response);
});
// Longer than a load balancer's idle timeout, so it never reuses a connection we just closed.
server.keepAliveTimeout = 65_000;
// No clickable URL here: `npm start` prints the one to open once /api/health answers.
server.listen(port, hostname, () => console.log(`[server] listening on ${hostname}:${port}`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
