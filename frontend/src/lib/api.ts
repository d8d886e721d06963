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

/** An upload's failure: the API error plus the server's message (it names the file and line). */
export class UploadError extends ApiError {
  constructor(
    status: number,
    code: string,
    readonly detail: string,
  ) {
    super(status, code);
  }
}

/**
 * Sends a form with files (multipart) and reports the upload's progress as a fraction
 * (0..1); the answer is JSON like request's. XMLHttpRequest, because fetch cannot report
 * upload progress.
 */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    headers('POST', false).forEach((v, k) => xhr.setRequestHeader(k, v));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new UploadError(0, 'network', ''));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const e = readError(body);
      const msg = (body as { error?: { message?: unknown } } | null)?.error?.message;
      if (xhr.status === 401 && e.code === 'session.expired') onExpired();
      reject(new UploadError(xhr.status, e.code, typeof msg === 'string' ? msg : ''));
    };
    xhr.send(form);
  });
}

/**
 * A last write as the page goes away (a reload, a closed tab): keepalive lets the request
 * finish after the page is gone. Its answer is not read.
 */
export function sendOnLeave(path: string, method: 'PUT' | 'POST', body: unknown): void {
  void fetch(path, {
    method,
    headers: headers(method, true),
    body: JSON.stringify(body),
    keepalive: true,
    credentials: 'same-origin',
  }).catch(() => {});
}
