import { problem } from '@/lib/api/problem';

/** Any path under /api/v1 that is not an operation: problem+json, like every other failure of the API. */
function notFound() {
  return problem('not_found', { detail: 'No such operation; see /api/v1/openapi.json' });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
