/**
 * A real DNS server on 127.0.0.1 (dns2, over UDP) for the tests of the mail-server
 * check: a zone written by the test, answering MX, A and AAAA questions the way a
 * resolver on the internet would, NXDOMAIN for names it does not know, and silence for
 * names marked slow (a resolver that never answers). `npm start --test` runs one for the
 * e2e journeys: every domain has a mail server except those the journeys name as having none.
 */
import dns2 from 'dns2';

const { Packet } = dns2;

export interface ZoneEntry {
  mx?: { exchange: string; priority: number }[];
  a?: string[];
  aaaa?: string[];
  silent?: boolean;
  servfail?: boolean;
}

export interface Zone {
  [domain: string]: ZoneEntry;
}

/** `otherwise` answers for every name the zone does not list (a wildcard); without it they are NXDOMAIN. */
export async function startDnsServer(zone: Zone, options: { otherwise?: ZoneEntry; port?: number } = {}) {
  const asked: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question!.name.toLowerCase();
      asked.push(`${name} ${question!.type}`);
      const entry = zone[name] ?? options.otherwise;
      if (entry?.silent) return;
      if (!entry) {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
        return send(response);
      }
      if (entry.servfail) {
        response.header.rcode = Packet.RCODE.SERVFAIL;
        return send(response);
      }
      const base = { name: question!.name, class: Packet.CLASS.IN, ttl: 300 };
      // dns2's types want its own resource objects; it encodes plain ones of the same shape.
      const answer = (record: object) => response.answers.push({ ...base, ...record } as never);
      if (question!.type === Packet.TYPE.MX) for (const mx of entry.mx ?? []) answer({ type: Packet.TYPE.MX, exchange: mx.exchange, priority: mx.priority });
      if (question!.type === Packet.TYPE.A) for (const address of entry.a ?? []) answer({ type: Packet.TYPE.A, address });
      if (question!.type === Packet.TYPE.AAAA) for (const address of entry.aaaa ?? []) answer({ type: Packet.TYPE.AAAA, address });
      send(response);
    },
  });
  await new Promise<void>((resolve) => {
    server.on('listening', () => resolve());
    void server.listen({ udp: { port: options.port ?? 0, address: '127.0.0.1' } });
  });
  const port = (server.addresses().udp as { port: number }).port;
  return { address: `127.0.0.1:${port}`, asked, stop: () => server.close() };
}
