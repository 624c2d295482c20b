/**
 * A Postman collection (v2.1) that runs top to bottom, in Postman or in newman: sign in,
 * prove presence, change the e-mail, read the code from the local inbox, confirm, see
 * the profile and the security history, sign out. Each request checks its status and
 * validates its body against the schema the OpenAPI document gives that answer, so a
 * change to the API that the collection does not follow fails the run. `npm run
 * docs:postman` writes it to docs/ (a unit test fails when it is stale); `npm test`
 * runs it with newman against the test server (e2e/postman.spec.ts).
 */
import { openApiDocument } from '@/lib/api/openapi';

type Schema = Record<string, unknown>;
type Document = ReturnType<typeof openApiDocument>;
type Responses = Record<string, { content?: Record<string, { schema: Schema }> }>;

/** The answer's JSON Schema from the document, components inlined (Postman's validator has no $ref resolver). */
function responseSchema(document: Document, method: string, path: string, status: number): Schema | null {
  const operation = (document.paths as Record<string, Record<string, { responses: Responses }>>)[path]?.[method];
  const content = operation?.responses[String(status)]?.content;
  if (!content) return null;
  const schema = Object.values(content)[0]!.schema;
  const inlined = JSON.stringify(schema).replaceAll('{"$ref":"#/components/schemas/Problem"}', JSON.stringify(document.components.schemas.Problem));
  // Postman's validator reads draft-07: the 2020-12 dialect marker is left out (the keywords used are in both).
  return JSON.parse(inlined, (key, value) => (key === '$schema' ? undefined : value));
}

const lines = (...code: string[]) => code;

interface Step {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** An /api/v1 path, or a full URL (the inbox). */
  path: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  auth?: 'none';
  prerequest?: string[];
  tests?: string[];
}

function item(document: Document, step: Step) {
  const external = step.path.startsWith('{{');
  const raw = external ? step.path : `{{baseUrl}}/api/v1${step.path}`;
  const schema = external ? null : responseSchema(document, step.method.toLowerCase(), step.path, step.status);
  const tests = [
    `pm.test('answers ${step.status}', () => pm.response.to.have.status(${step.status}));`,
    ...(schema ? [`pm.test('matches the documented schema', () => pm.response.to.have.jsonSchema(${JSON.stringify(schema)}));`] : []),
    ...(step.tests ?? []),
  ];
  const header = [
    ...(step.body !== undefined ? [{ key: 'Content-Type', value: 'application/json' }] : []),
    ...Object.entries(step.headers ?? {}).map(([key, value]) => ({ key, value })),
  ];
  return {
    name: step.name,
    event: [
      ...(step.prerequest ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: step.prerequest } }] : []),
      { listen: 'test', script: { type: 'text/javascript', exec: tests } },
    ],
    request: {
      method: step.method,
      header,
      ...(step.auth === 'none' ? { auth: { type: 'noauth' } } : {}),
      url: raw,
      ...(step.body !== undefined ? { body: { mode: 'raw', raw: JSON.stringify(step.body, null, 2), options: { raw: { language: 'json' } } } } : {}),
    },
  };
}

export function postmanCollection() {
  const document = openApiDocument('{{baseUrl}}');
  const step = (value: Step) => item(document, value);
  return {
    info: {
      name: document.info.title,
      description: [
        'The e-mail change from the mobile app, top to bottom. Run it in order (Postman\'s Runner, or `newman run`).',
        'Variables: baseUrl (the app), inboxUrl (the local SMTP inbox of `npm start`), mobileNumber and password (a demo account without an e-mail, e.g. 9800000001 / Wallet@2026).',
        'Step 5 reads the code from the local inbox, so it only works on the embedded default; with a real mail server, put the code from the e-mail into the `code` variable instead.',
      ].join('\n\n'),
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{accessToken}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: 'http://localhost:3000' },
      { key: 'inboxUrl', value: 'http://127.0.0.1:1080' },
      { key: 'mobileNumber', value: '9800000001' },
      { key: 'password', value: 'Wallet@2026' },
      { key: 'accessToken', value: '' },
      { key: 'newEmail', value: '' },
      { key: 'code', value: '' },
    ],
    item: [
      step({
        name: '1. Sign in',
        method: 'POST',
        path: '/sessions',
        auth: 'none',
        status: 201,
        body: { mobileNumber: '{{mobileNumber}}', password: '{{password}}' },
        tests: lines("pm.collectionVariables.set('accessToken', pm.response.json().accessToken);"),
      }),
      step({
        name: '2. Check the address as it is typed ("Did you mean …?")',
        method: 'POST',
        path: '/email-change/check',
        status: 200,
        body: { email: 'sita@wlink.com.nb' },
        tests: lines("pm.test('suggests the likely address', () => pm.expect(pm.response.json().suggestion).to.equal('sita@wlink.com.np'));"),
      }),
      step({
        name: '3. Confirm it is you (password)',
        method: 'POST',
        path: '/reauth',
        status: 200,
        body: { method: 'password', password: '{{password}}' },
        tests: lines("pm.test('opens a re-auth window', () => pm.expect(Date.parse(pm.response.json().privilegedUntil)).to.be.above(Date.now()));"),
      }),
      step({
        name: '4. Change the e-mail',
        method: 'POST',
        path: '/email-change',
        status: 202,
        headers: { 'Idempotency-Key': '{{$guid}}' },
        body: { email: '{{newEmail}}' },
        prerequest: lines("pm.collectionVariables.set('newEmail', `postman.${Date.now()}@example.com`);"),
        tests: lines("pm.test('the link and code go to the new address', () => pm.expect(pm.response.json().email).to.equal(pm.collectionVariables.get('newEmail')));"),
      }),
      {
        name: '5. Local inbox (embedded default only)',
        description: 'Reads the 6-digit code from the e-mail the app just sent, through the local inbox\'s HTTP API. With a real mail server, skip this folder and set `code` by hand.',
        item: [
          step({
            name: '5a. Read the code from the delivered e-mail',
            method: 'GET',
            path: '{{inboxUrl}}/api/email',
            auth: 'none',
            status: 200,
            // Delivery takes a moment: wait a little before each look, and look again until it is there.
            prerequest: lines('setTimeout(() => {}, 300);'),
            tests: lines(
              "const to = pm.collectionVariables.get('newEmail');",
              "const message = pm.response.json().find((mail) => mail.to.some((recipient) => recipient.address === to) && /Confirm your email/.test(mail.subject));",
              "const tries = Number(pm.collectionVariables.get('inboxTries') || 0);",
              'if (!message && tries < 30) {',
              "  pm.collectionVariables.set('inboxTries', tries + 1);",
              '  postman.setNextRequest(pm.info.requestName);',
              '} else {',
              "  pm.collectionVariables.unset('inboxTries');",
              "  pm.test('the verification e-mail arrived', () => pm.expect(message).to.be.an('object'));",
              "  const code = message && message.text.match(/\\b(\\d{6})\\b/);",
              "  pm.test('it carries a 6-digit code', () => pm.expect(code).to.be.an('array'));",
              "  pm.collectionVariables.set('code', code ? code[1] : '');",
              '}',
            ),
          }),
        ],
      },
      step({
        name: '6. Confirm with the code',
        method: 'POST',
        path: '/email-change/verify',
        status: 200,
        body: { code: '{{code}}' },
        tests: lines("pm.test('verified', () => pm.expect(pm.response.json()).to.deep.equal({ outcome: 'verified', email: pm.collectionVariables.get('newEmail') }));"),
      }),
      step({
        name: '7. The profile shows the new address',
        method: 'GET',
        path: '/profile',
        status: 200,
        tests: lines(
          "pm.test('the new address is verified', () => pm.expect(pm.response.json().email).to.equal(pm.collectionVariables.get('newEmail')));",
          "pm.test('nothing is left pending', () => pm.expect(pm.response.json().pendingEmail).to.equal(null));",
        ),
      }),
      step({
        name: '8. The security history',
        method: 'GET',
        path: '/audit-events',
        status: 200,
        tests: lines(
          'const types = pm.response.json().events.map((event) => event.type);',
          "pm.test('records the whole change', () => pm.expect(types).to.include.members(['api_token.issued', 'reauth.ok', 'email.requested', 'email.verified', 'email.changed']));",
        ),
      }),
      step({ name: '9. Sign out', method: 'DELETE', path: '/sessions/current', status: 204 }),
      step({
        name: '10. The token no longer works',
        method: 'GET',
        path: '/profile',
        status: 401,
        tests: lines("pm.test('says why', () => pm.expect(pm.response.json().code).to.equal('unauthorized'));"),
      }),
    ],
  };
}
