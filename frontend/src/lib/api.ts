// The one client of the JSON API (docs/api.md). It adds the session header and the
// CSRF token, turns error bodies into ApiError, and never logs what it sends.
import type { FieldError } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly field: string = '',
    readonly errors: FieldError[] = [],
    /** On 429: seconds until the next try can succeed (retry_after). */
    readonly retryAfter: number = 0,
  ) {
    super(code);
  }
}

/** What the API client needs to know about the current session (memory only). */
const auth = { sessionId: '', csrf: '' };

export function setAuth(sessionId: string, csrf: string): void {
  auth.sessionId = sessionId;
  auth.csrf = csrf;
}

/** Called when the server says the session is gone (401 session.expired). */
let onExpired: () => void = () => {};
export function onSessionExpired(fn: () => void): void {
  onExpired = fn;
}

const timeoutMs = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

function headers(method: string, hasBody: boolean): Headers {
  const h = new Headers({ Accept: 'application/json' });
  if (hasBody) h.set('Content-Type', 'application/json');
  if (auth.sessionId) h.set('X-Session', auth.sessionId);
  if (method !== 'GET' && auth.csrf) h.set('X-CSRF-Token', auth.csrf);
  return h;
}

function withTimeout(signal?: AbortSignal): AbortSignal {
  const t = AbortSignal.timeout(timeoutMs);
  if (!signal) return t;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([signal, t]);
  // Older web views: the caller's signal wins, the timeout is dropped.
  return signal;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const init: RequestInit = {
    method,
    headers: headers(method, opts.body !== undefined),
    signal: withTimeout(opts.signal),
    credentials: 'same-origin',
    cache: 'no-store',
  };
  if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network');
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = readError(body);
    const apiErr = new ApiError(res.status, e.code, e.field, e.errors, e.retryAfter);
    if (res.status === 401 && e.code === 'session.expired') onExpired();
    throw apiErr;
  }
  return body as T;
}

function readError(body: unknown): { code: string; field: string; errors: FieldError[]; retryAfter: number } {
  const out = { code: 'unknown', field: '', errors: [] as FieldError[], retryAfter: 0 };
  if (typeof body !== 'object' || body === null) return out;
  const b = body as { error?: { code?: unknown; field?: unknown; retry_after?: unknown }; errors?: unknown };
  if (b.error && typeof b.error.code === 'string') out.code = b.error.code;
  if (b.error && typeof b.error.field === 'string') out.field = b.error.field;
  if (b.error && typeof b.error.retry_after === 'number') out.retryAfter = b.error.retry_after;
  if (Array.isArray(b.errors)) {
    out.errors = b.errors.filter(
      (x): x is FieldError => typeof x === 'object' && x !== null && typeof (x as FieldError).code === 'string',
    );
  }
  return out;
}

/** A binary resource (the receipt's QR code) fetched with the session header. */
export async function fetchBlob(path: string): Promise<Blob> {
  const res = await fetch(path, {
    headers: headers('GET', false),
    credentials: 'same-origin',
    cache: 'no-store',
    signal: withTimeout(),
  });
  if (!res.ok) throw new ApiError(res.status, 'unknown');
  return res.blob();
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'AbortError' || err.name === 'TimeoutError')
    ? err.name === 'AbortError'
    : false;
}
