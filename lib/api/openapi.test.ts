import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';
import { problemCodes } from './problem';

describe('OpenAPI document', () => {
  const document = openApiDocument('http://localhost:3000');

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every problem code somewhere', () => {
    const text = JSON.stringify(document);
    const missing = Object.keys(problemCodes).filter((code) => !text.includes(code));
    expect(missing).toEqual([]);
  });
});
