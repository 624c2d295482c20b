import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

// Pages read their language per request (cookie or Accept-Language): lib/i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and WebAssembly packages are loaded from node_modules at run time, not bundled.
  // OpenTelemetry's SDK and Prisma's instrumentation too: they register process-wide hooks.
  serverExternalPackages: [
    'argon2',
    'pino',
    '@electric-sql/pglite',
    '@prisma/schema-engine-wasm',
    'prom-client',
    '@opentelemetry/exporter-trace-otlp-http',
    '@opentelemetry/instrumentation',
    '@opentelemetry/sdk-trace-node',
    '@opentelemetry/sdk-trace-base',
    '@prisma/instrumentation',
  ],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
