/**
 * Liveness for a load balancer or supervisor: answers without touching the
 * database. `npm run bench` also uses it as the framework's ceiling — the cost
 * of a route handler that does nothing.
 */
import { json } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

export function GET() {
  return json({ status: 'ok' });
}
