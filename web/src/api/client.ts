/**
 * Minimal fetch client for /api/v1: same-origin cookies, CSRF header on writes,
 * RFC 9457 problem+json errors turned into ApiError.
 */

export interface ProblemFieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ProblemFieldError[];
}

/** An HTTP error from the API, carrying the parsed problem document. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

let csrfToken: string | null = null;

/** Remember the CSRF token returned by login / register / me (kept in memory only). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token for requests made outside `api()` (e.g. XMLHttpRequest uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

export const API_BASE = '/api/v1';

type Query = Record<string, string | number | boolean | null | undefined>;

/** Build a URL under /api/v1 with the non-empty query parameters. */
export function apiUrl(path: string, query?: Query): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

interface RequestOptions {
  method?: string;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** Call the API and return the parsed JSON (undefined for 204). Throws ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { title: 'Không kết nối được máy chủ', detail: 'Không kết nối được máy chủ. Vui lòng thử lại.', code: 'network' });
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const isJson = type.includes('json');
  if (!res.ok) {
    let problem: Problem = { status: res.status, title: res.statusText };
    if (isJson) {
      try {
        problem = { status: res.status, ...((await res.json()) as Problem) };
      } catch {
        /* keep the default problem */
      }
    }
    throw new ApiError(res.status, problem);
  }
  return (isJson ? await res.json() : await res.text()) as T;
}

/** Human-readable message for any error (problem detail first, then title). */
export function errorMessage(err: unknown, fallback = 'Đã có lỗi xảy ra'): string {
  if (err instanceof ApiError) return err.problem.detail || err.problem.title || fallback;
  if (err instanceof Error && err.message) return err.message;
  return fallback;
}

/** The answer, or null for a 404 (the thing does not exist, or not yet); any other error is rethrown. */
export async function orNullWhenMissing<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
