/**
 * A Postman collection (v2.1) derived from the OpenAPI document, so the two never
 * disagree. `npm run docs:postman` writes it to docs/.
 */
import { openApiDocument } from '@/lib/api/openapi';

const examples: Record<string, unknown> = {
  'POST /sessions': { mobileNumber: '9800000001', password: 'Wallet@2026' },
  'POST /reauth': { method: 'password', password: 'Wallet@2026' },
  'POST /email-change': { email: 'aarav@example.com' },
  'POST /email-change/verify': { token: '{{verificationToken}}' },
};

type Operation = { summary: string; security?: unknown[]; parameters?: { name: string }[]; requestBody?: unknown };

export function postmanCollection() {
  const document = openApiDocument('{{baseUrl}}');
  const item = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations as Record<string, Operation>).map(([method, operation]) => {
      const key = `${method.toUpperCase()} ${path}`;
      const header = [
        ...(operation.requestBody ? [{ key: 'Content-Type', value: 'application/json' }] : []),
        ...(operation.parameters ?? []).map((parameter) => ({ key: parameter.name, value: '{{$guid}}' })),
      ];
      return {
        name: `${key} — ${operation.summary}`,
        request: {
          method: method.toUpperCase(),
          header,
          ...(operation.security?.length === 0 ? { auth: { type: 'noauth' } } : {}),
          url: { raw: `{{baseUrl}}/api/v1${path}`, host: ['{{baseUrl}}'], path: ['api', 'v1', ...path.split('/').filter(Boolean)] },
          ...(examples[key] ? { body: { mode: 'raw', raw: JSON.stringify(examples[key], null, 2), options: { raw: { language: 'json' } } } } : {}),
        },
      };
    }),
  );
  return {
    info: {
      name: document.info.title,
      description: `${document.info.description}\n\nRun "POST /sessions" first and copy accessToken into the collection variable.`,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: 'http://localhost:3000' },
      { key: 'accessToken', value: '' },
      { key: 'verificationToken', value: '' },
    ],
    item,
  };
}
