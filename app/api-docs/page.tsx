import type { Metadata } from 'next';
import { openApiDocument } from '@/lib/api/openapi';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'API reference' };
export const dynamic = 'force-dynamic';

type Operation = { summary: string; parameters?: { name: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string }> };

/** A readable rendering of /api/v1/openapi.json for the mobile team. */
export default function ApiDocsPage() {
  const document = openApiDocument(env().APP_URL);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-3xl font-bold">{document.info.title}</h1>
      <p className="mt-2 text-slate-600">{document.info.description}</p>
      <p className="mt-2 text-sm text-slate-600">
        Base URL <code className="rounded bg-slate-200 px-1">{document.servers[0]!.url}</code> · machine-readable:{' '}
        <a className="text-brand-700 underline" href="/api/v1/openapi.json">
          openapi.json
        </a>{' '}
        · Postman: <code className="rounded bg-slate-200 px-1">docs/wallet-email.postman_collection.json</code>
      </p>
      {Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations as Record<string, Operation>).map(([method, operation]) => (
          <section key={`${method} ${path}`} className="mt-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="font-mono text-base font-semibold break-all">
              <span className="mr-2 rounded bg-brand-100 px-2 py-0.5 text-brand-700">{method.toUpperCase()}</span>
              {path}
            </h2>
            <p className="mt-2 text-slate-700">{operation.summary}</p>
            {operation.parameters?.map((parameter) => (
              <p key={parameter.name} className="mt-2 text-sm">
                Header <code>{parameter.name}</code> {parameter.required ? '(required)' : '(optional)'}
              </p>
            ))}
            {operation.requestBody && (
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium">Request body (JSON Schema)</summary>
                <pre className="mt-2 overflow-x-auto rounded-xl bg-slate-900 p-3 text-xs text-slate-100">
                  {JSON.stringify(operation.requestBody.content['application/json']!.schema, null, 2)}
                </pre>
              </details>
            )}
            <dl className="mt-3 grid grid-cols-[4rem_1fr] gap-x-3 gap-y-1 text-sm">
              {Object.entries(operation.responses).map(([status, response]) => (
                <div key={status} className="contents">
                  <dt className="font-mono font-semibold">{status}</dt>
                  <dd className="text-slate-600">{response.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        )),
      )}
    </main>
  );
}
