import { json } from '@/lib/api/problem';
import { openApiDocument } from '@/lib/api/openapi';
import { env } from '@/lib/env';

export function GET() {
  return json(openApiDocument(env().APP_URL));
}
