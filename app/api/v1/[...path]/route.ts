import { apiWords, inLanguage, problem } from '@/lib/api/problem';
import { negotiateLocale } from '@/lib/i18n/locales';

/** Any path under /api/v1 that is not an operation: problem+json, like every other failure of the API. */
function notFound(request: Request) {
  return inLanguage(negotiateLocale(request.headers.get('accept-language')), () => problem('not_found', { detail: apiWords()('problems.detailNoOperation') }));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
