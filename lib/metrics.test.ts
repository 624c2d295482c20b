import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi';
import { outcomeOf, routeLabel } from './metrics';

describe('metric labels', () => {
  it('name the app’s routes and fold everything else, so a scanner cannot grow the series without bound', () => {
    expect(routeLabel('/profile')).toBe('/profile');
    expect(routeLabel('/api/v1/email-change/verify')).toBe('/api/v1/email-change/verify');
    expect(routeLabel('/_next/static/chunks/a1b2.js')).toBe('/_next');
    expect(routeLabel('/api/auth/session')).toBe('/api/auth');
    expect(routeLabel('/wp-login.php')).toBe('other');
    expect(routeLabel('/profile/../../etc/passwd')).toBe('other');
    expect(routeLabel(`/api/v1/${'a'.repeat(200)}`)).toBe('other');
    expect(routeLabel('/api/v1/123e4567-e89b')).toBe('other');
  });

  it('give a scanner walking the API one label, however many paths it tries', () => {
    const tried = Array.from({ length: 2_000 }, (_, n) => `/api/v1/${n.toString(26).replace(/\d/g, (digit) => 'qrstuvwxyz'[Number(digit)]!)}`);
    const labels = new Set(tried.map(routeLabel));
    expect(labels.size).toBe(1);
  });

  it('name every path the API document lists', () => {
    const paths = Object.keys(openApiDocument('http://localhost').paths ?? {}).filter((path) => !path.includes('{'));
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) expect(routeLabel(`/api/v1${path}`), path).toBe(`/api/v1${path}`);
  });

  it('group statuses by class', () => {
    expect([200, 204, 303, 404, 429, 500].map(outcomeOf)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx']);
  });
});
