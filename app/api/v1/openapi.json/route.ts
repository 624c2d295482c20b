import { json } from '@/lib/api/problem';
import { openApiDocument } from '@/lib/api/openapi';
import { env } from '@/lib/env';
import { otherMethods } from '../_lib/endpoint';

export function GET() {
  return json(openApiDocument(env().APP_URL));
}

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
