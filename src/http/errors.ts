// Every failure below HTTP becomes one stable code. undici and Node report the
// same problem under several names (and sometimes wrapped in `cause` or an
// AggregateError from happy eyeballs); this module is the one place that knows them.

import type { FetchErrorCode } from './types.js';

/** A failure the client itself detects (bad URL, bad redirect, corrupt encoding). */
export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface ClassifiedError {
  readonly code: FetchErrorCode;
  readonly message: string;
}

const CODE_BY_SYSTEM_CODE: Readonly<Record<string, FetchErrorCode>> = {
  ENOTFOUND: 'ERR_DNS',
  EAI_AGAIN: 'ERR_DNS',
  EAI_NONAME: 'ERR_DNS',
  EAI_NODATA: 'ERR_DNS',
  EAI_FAIL: 'ERR_DNS',
  ECONNREFUSED: 'ERR_REFUSED',
  UND_ERR_CONNECT_TIMEOUT: 'ERR_CONNECT_TIMEOUT',
  ETIMEDOUT: 'ERR_CONNECT_TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ERR_TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'ERR_TIMEOUT',
  ECONNRESET: 'ERR_RESET',
  EPIPE: 'ERR_RESET',
  ECONNABORTED: 'ERR_RESET',
  UND_ERR_SOCKET: 'ERR_RESET',
  UND_ERR_CLOSED: 'ERR_RESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'ERR_RESET',
  Z_DATA_ERROR: 'ERR_DECODE',
  Z_BUF_ERROR: 'ERR_DECODE',
  Z_STREAM_ERROR: 'ERR_DECODE',
  Z_NEED_DICT: 'ERR_DECODE',
  ERR_INVALID_URL: 'ERR_BAD_URL',
};

/** OpenSSL verification codes and Node's own TLS codes all mean "not trusted / handshake failed". */
function isTlsCode(code: string): boolean {
  return (
    code.startsWith('CERT_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('SELF_SIGNED') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'EPROTO' ||
    code === 'HOSTNAME_MISMATCH'
  );
}

function isDecodeCode(code: string): boolean {
  // Brotli reports e.g. ERR__ERROR_FORMAT_PADDING_1 or ERR_BROTLI_DECOMPRESSION_FAILED.
  return code.startsWith('Z_') || code.startsWith('ERR__ERROR_') || code.startsWith('ERR_BROTLI');
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The error itself, then its causes and aggregated errors, outermost first (bounded depth). */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 8) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null) {
      if (next !== undefined) chain.push(next);
      continue;
    }
    chain.push(next);
    if (next instanceof AggregateError) pending.push(...next.errors);
    const cause = (next as { cause?: unknown }).cause;
    if (cause !== undefined) pending.push(cause);
  }
  return chain;
}

function classifyOne(error: unknown): FetchErrorCode | undefined {
  if (error instanceof FetchError) return error.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return 'ERR_TIMEOUT';
  const code = codeOf(error);
  if (code === undefined) return undefined;
  return CODE_BY_SYSTEM_CODE[code] ?? (isTlsCode(code) ? 'ERR_TLS' : isDecodeCode(code) ? 'ERR_DECODE' : undefined);
}

/** A certificate that failed verification (untrusted, expired, wrong name), not a handshake that failed otherwise. */
function isCertificateCode(code: string | undefined): boolean {
  return (
    code !== undefined &&
    (code.startsWith('CERT_') ||
      code.startsWith('UNABLE_TO_') ||
      code.includes('SELF_SIGNED') ||
      code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
      code === 'HOSTNAME_MISMATCH')
  );
}

export const CERTIFICATE_ADVICE =
  "If the site uses a private CA or a self-signed staging certificate, trust it with --ca FILE (the CA's PEM); " +
  'or skip the check with --insecure, as an explicit opt-in.';

/**
 * undici's words for bytes it could not match to a request (client-h1.js): an
 * interim response it refuses, or bytes after the previous response on a
 * kept-alive connection. "bad response" alone tells an operator nothing.
 */
function isUnmatchedResponse(error: unknown): boolean {
  return codeOf(error) === 'UND_ERR_SOCKET' && messageOf(error) === 'bad response';
}

const UNMATCHED_RESPONSE_MESSAGE =
  'the server sent a response undici could not match to this request (undici: "bad response"): ' +
  'an interim 1xx response it could not read, or bytes after the end of the previous response on this ' +
  'kept-alive connection (a body on a HEAD, 204 or 304, or more body than Content-Length said). ' +
  'Check the server or proxy in front of the site; a retry goes over a new connection.';

/** Maps anything thrown while fetching to a stable code and a readable message. */
export function classifyError(error: unknown): ClassifiedError {
  for (const candidate of errorChain(error)) {
    const code = classifyOne(candidate);
    if (code === undefined) continue;
    if (isUnmatchedResponse(candidate)) return { code, message: UNMATCHED_RESPONSE_MESSAGE };
    const message = describe(candidate);
    return { code, message: isCertificateCode(codeOf(candidate)) ? `${message.replace(/\.$/, '')}. ${CERTIFICATE_ADVICE}` : message };
  }
  return { code: 'ERR_NETWORK', message: describe(error) };
}

function describe(error: unknown): string {
  const code = codeOf(error);
  const message = messageOf(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
