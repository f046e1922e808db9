// Client options for tests: short deadlines so a hang fails fast, no rate cap.

import type { HttpClientOptions } from '../../src/http/client.js';

export function testClientOptions(overrides: Partial<HttpClientOptions> = {}): HttpClientOptions {
  return {
    timeoutMs: 3000,
    connectTimeoutMs: 2000,
    userAgent: 'wagtail-probe/test',
    siteOrigin: 'http://127.0.0.1',
    headers: {},
    ca: null,
    insecure: false,
    maxRedirects: 10,
    retries: 2,
    retryBudgetMs: 3000,
    maxRetryAfterMs: 60_000,
    maxHtmlBytes: 5 * 1024 * 1024,
    maxAssetBytes: 5 * 1024 * 1024,
    sniffBytes: 4096,
    concurrency: 4,
    rate: 0,
    ...overrides,
  };
}
