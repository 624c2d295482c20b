import type { Metadata } from 'next';
import { openApiDocument } from '@/lib/api/openapi';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'API reference' };

type Media = { schema: unknown; example?: unknown };
type Operation = {
  summary: string;
  parameters?: { name: string; required: boolean; description?: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
};

/** Descriptions use `backticks` for names; shown as code, never as literal backticks. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rounded bg-slate-100 px-1 text-sm">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="mt-3">
      <p className="text-sm font-medium text-slate-700">{label}</p>
      <pre className="mt-1 overflow-x-auto rounded-xl bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}

/** A readable rendering of /api/v1/openapi.json for the mobile team: every schema and example shown, nothing folded away. */
export default function ApiDocsPage() {
  const document = openApiDocument(env().APP_URL);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-3xl font-bold">{document.info.title}</h1>
      <p className="mt-2 text-slate-600">
        <Prose text={document.info.description} />
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Base URL <code className="rounded bg-slate-200 px-1">{document.servers[0]!.url}</code> · machine-readable:{' '}
        <a className="text-brand-700 underline" href="/api/v1/openapi.json">
          openapi.json
        </a>{' '}
        · Postman: <code className="rounded bg-slate-200 px-1">docs/wallet-email.postman_collection.json</code> (runs top to bottom)
      </p>
      {Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations as Record<string, Operation>).map(([method, operation]) => {
          const request = operation.requestBody?.content['application/json'];
          const [successStatus, success] = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))!;
          const answer = success.content?.['application/json'];
          return (
            <section key={`${method} ${path}`} className="mt-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
              <h2 className="font-mono text-base font-semibold break-all">
                <span className="mr-2 rounded bg-brand-100 px-2 py-0.5 text-brand-700">{method.toUpperCase()}</span>
                {path}
              </h2>
              <p className="mt-2 text-slate-700">
                <Prose text={operation.summary} />
              </p>
              {operation.parameters?.map((parameter) => (
                <p key={parameter.name} className="mt-2 text-sm">
                  Header <code>{parameter.name}</code> {parameter.required ? '(required)' : '(optional)'}
                  {parameter.description && (
                    <>
                      : <Prose text={parameter.description} />
                    </>
                  )}
                </p>
              ))}
              {request?.example !== undefined && <Json label="Example request body" value={request.example} />}
              {request && <Json label="Request body schema" value={request.schema} />}
              {answer?.example !== undefined && <Json label={`Example answer (${successStatus})`} value={answer.example} />}
              {answer && <Json label={`Answer schema (${successStatus})`} value={answer.schema} />}
              <dl className="mt-3 grid grid-cols-[4rem_1fr] gap-x-3 gap-y-1 text-sm">
                {Object.entries(operation.responses).map(([status, response]) => (
                  <div key={status} className="contents">
                    <dt className="font-mono font-semibold">{status}</dt>
                    <dd className="text-slate-600">
                      {/* An error status lists its problem codes; a success says what happened. */}
                      {status.startsWith('2')
                        ? response.description
                        : response.description.split(', ').map((code, index) => (
                            <span key={code}>
                              {index > 0 && ', '}
                              <code>{code}</code>
                            </span>
                          ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        }),
      )}
      <section className="mt-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="font-semibold">Every error</h2>
        <p className="mt-2 text-sm text-slate-600">
          RFC 9457 <code>application/problem+json</code> with a stable <code>code</code>: an unknown path answers 404 <code>not_found</code>, a method a path does
          not serve 405 <code>method_not_allowed</code> with an <code>Allow</code> header.
        </p>
        <Json label="Problem schema" value={document.components.schemas.Problem} />
      </section>
    </main>
  );
}
