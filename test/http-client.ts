import { demoPassword, type Client } from './helpers';

// Real HTTP to a server on a port (a child process from test/server-process.ts), with the same shape as
// the in-process `Client` of test/helpers.ts: a spec can switch from `login(app, …)` to `httpLogin(base, …)`.

/** A response read in full: the fields of Fastify's inject response that the tests use. */
export interface HttpResponse {
  statusCode: number;
  /** Lower-case names; `set-cookie` as a list. */
  headers: Record<string, string | string[]>;
  body: string;
  rawPayload: Buffer;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A file for a multipart upload (the field is named `file`, as every MotCua upload route expects). */
export interface UploadFile {
  name: string;
  data: Buffer;
  contentType?: string;
}

/** A signed-in client over HTTP: cookie + CSRF token, like `Client`, plus multipart uploads. */
export interface HttpClient extends Pick<Client, 'user' | 'csrfToken' | 'cookie'> {
  get(url: string): Promise<HttpResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
  put(url: string, body?: unknown): Promise<HttpResponse>;
  del(url: string): Promise<HttpResponse>;
  /** `multipart/form-data` with `fields` and the file (POST unless `method` says PUT). */
  upload(url: string, fields: Record<string, string>, file: UploadFile, method?: 'POST' | 'PUT'): Promise<HttpResponse>;
}

/** Request options: a JSON body (object), raw bytes (Buffer) or a multipart form (FormData). */
export interface HttpRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request to `base + url`, redirects not followed (as with inject); the whole answer is read. */
export async function httpRequest(base: string, url: string, req: HttpRequest = {}): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...req.headers };
  let body: BodyInit | undefined;
  if (req.body instanceof FormData || req.body instanceof Uint8Array) {
    body = req.body as BodyInit;
  } else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + url, { method: req.method ?? 'GET', headers, body, redirect: 'manual' });
  const rawPayload = Buffer.from(await res.arrayBuffer());
  const out: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => { if (name !== 'set-cookie') out[name] = value; });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  const text = rawPayload.toString('utf8');
  return { statusCode: res.status, headers: out, body: text, rawPayload, json: () => JSON.parse(text) };
}

/** A multipart form with text fields and one file in the field `file`. */
export function multipartForm(fields: Record<string, string>, file: UploadFile): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.contentType ?? 'application/octet-stream' }), file.name);
  return form;
}

/** Signs in at `base` with a demo account (or the given password, and the second factor's code when it has one) and returns the client. */
export async function httpLogin(base: string, username: string, password = demoPassword(username), totpCode?: string): Promise<HttpClient> {
  const res = await httpRequest(base, '/api/v1/auth/login', { method: 'POST', body: { username, password, ...(totpCode ? { totpCode } : {}) } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = [res.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0];
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  const { user, csrfToken } = res.json();
  const auth = (extra: Record<string, string> = {}) => ({ cookie, 'x-csrf-token': csrfToken, ...extra });
  return {
    user, csrfToken, cookie,
    get: (url) => httpRequest(base, url, { headers: { cookie } }),
    post: (url, body, headers) => httpRequest(base, url, { method: 'POST', body, headers: auth(headers) }),
    put: (url, body) => httpRequest(base, url, { method: 'PUT', body, headers: auth() }),
    del: (url) => httpRequest(base, url, { method: 'DELETE', headers: auth() }),
    upload: (url, fields, file, method = 'POST') => httpRequest(base, url, { method, body: multipartForm(fields, file), headers: auth() }),
  };
}
