import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validationMessage } from './validation-messages';

/** A field-level problem, with a JSON Pointer to the field. */
export interface FieldError { path: string; message: string }

/** An error with an HTTP status, a stable machine code and a Vietnamese message for people. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Extra members of the problem document (RFC 9457 extensions), e.g. the id of what conflicts. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Chưa đăng nhập', 'Vui lòng đăng nhập để tiếp tục.');
export const forbidden = (detail = 'Bạn không có quyền thực hiện thao tác này.') =>
  new AppError(403, 'forbidden', 'Không có quyền', detail);
export const notFound = (code: string, detail: string) => new AppError(404, code, 'Không tìm thấy', detail);
export const invalid = (code: string, detail: string, errors?: FieldError[]) =>
  new AppError(422, code, 'Dữ liệu không hợp lệ', detail, errors);
export const conflict = (code: string, detail: string) => new AppError(409, code, 'Xung đột dữ liệu', detail);

const PROBLEM = 'application/problem+json; charset=utf-8';
const PART_VI: Record<string, string> = { body: 'nội dung', querystring: 'tham số truy vấn', params: 'đường dẫn', headers: 'tiêu đề' };

/** SQLSTATEs and socket errors meaning "the database cannot be reached now" rather than "this query is wrong". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);

/** True when an error says the database is down or unreachable (a restart, a crash, a lost network). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  // An AggregateError of connection attempts (IPv4 and IPv6 both refused).
  if (Array.isArray(e.errors) && e.errors.length && e.errors.every(isDatabaseUnavailable)) return true;
  return typeof e.message === 'string'
    && /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|the database system is (starting up|shutting down|in recovery mode)/i.test(e.message);
}

/** 503 while the database cannot be reached: the client may retry, nothing was written. */
export const databaseUnavailable = () => new AppError(
  503, 'database_unavailable', 'Hệ thống tạm thời gián đoạn',
  'Cơ sở dữ liệu đang tạm thời không truy cập được; hệ thống đang tự khôi phục. Vui lòng thử lại sau ít phút.',
);

/**
 * Fastify's own refusals, made before any route or hook runs — a path that is not valid percent-encoded UTF-8,
 * a path parameter longer than the router takes — answered as problem+json like every other error (Fastify's
 * `frameworkErrors` option; its default answer was plain JSON without our code).
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const known: Record<string, [number, string, string]> = {
    FST_ERR_BAD_URL: [400, 'bad_url', 'Đường dẫn không hợp lệ: có ký tự mã hóa sai (%XX không phải UTF-8).'],
    FST_ERR_MAX_PARAM_LENGTH: [414, 'path_too_long', 'Đường dẫn quá dài.'],
  };
  const [status, code, detail] = known[err.code] ?? [500, 'internal_error', `Đã có lỗi hệ thống. Vui lòng thử lại sau. Mã yêu cầu: ${req.id}`];
  if (status >= 500) req.log.error({ err }, 'unhandled error');
  void reply.status(status).type(PROBLEM).send({
    type: 'about:blank', status, instance: req.url, title: status >= 500 ? 'Lỗi hệ thống' : 'Yêu cầu không hợp lệ', detail, code,
  });
}

/** Maps every error to an `application/problem+json` answer; 5xx details stay in the log. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: unknown }, req, reply) => {
    const send = (status: number, body: Record<string, unknown>) =>
      reply.status(status).type(PROBLEM).send({ type: 'about:blank', status, instance: req.url, ...body });

    if (isDatabaseUnavailable(err)) {
      req.log.warn({ code: (err as { code?: string }).code }, 'database unavailable');
      reply.header('retry-after', '5');
      const e = databaseUnavailable();
      return send(e.status, { title: e.title, detail: e.detail, code: e.code });
    }
    if (err instanceof AppError) {
      if (typeof err.extensions?.retryAfter === 'number') reply.header('retry-after', String(err.extensions.retryAfter));
      return send(err.status, {
        title: err.title, detail: err.detail ?? err.title, code: err.code, ...(err.errors ? { errors: err.errors } : {}), ...err.extensions,
      });
    }
    if (err.validation && Array.isArray(err.validation)) {
      const errors = (err.validation as ErrorObject[]).map((v) => {
        const p = v.params as Record<string, unknown>;
        // A missing or unexpected property is reported at the property itself.
        const name = typeof p.missingProperty === 'string' ? p.missingProperty : typeof p.additionalProperty === 'string' ? p.additionalProperty : null;
        const path = (v.instancePath || '') + (name === null ? '' : `/${name}`);
        return { path, message: validationMessage(v, path.split('/').filter(Boolean).pop() ?? 'dữ liệu') };
      });
      return send(400, {
        title: 'Yêu cầu không hợp lệ',
        detail: `Dữ liệu gửi lên không đúng định dạng (${PART_VI[err.validationContext ?? 'body'] ?? err.validationContext}): ${errors.map((e) => e.message).join(' ')}`,
        code: 'invalid_request',
        errors,
      });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, { title: 'Yêu cầu không hợp lệ', detail: 'Nội dung JSON không đúng cú pháp.', code: 'malformed_json' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, { title: 'Định dạng không được hỗ trợ', detail: 'Kiểu nội dung (Content-Type) không được hỗ trợ.', code: 'unsupported_media_type' });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return send(413, { title: 'Dữ liệu quá lớn', detail: 'Tệp hoặc nội dung gửi lên vượt quá dung lượng cho phép.', code: 'payload_too_large' });
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(415, { title: 'Định dạng không được hỗ trợ', detail: 'Yêu cầu phải là multipart/form-data.', code: 'unsupported_media_type' });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) {
      return send(429, { title: 'Quá nhiều yêu cầu', detail: 'Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.', code: 'rate_limited' });
    }
    if (status >= 400 && status < 500) {
      return send(status, { title: 'Yêu cầu không hợp lệ', detail: 'Yêu cầu không hợp lệ.', code: 'bad_request' });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, {
      title: 'Lỗi hệ thống', detail: `Đã có lỗi hệ thống. Vui lòng thử lại sau. Mã yêu cầu: ${req.id}`, code: 'internal_error',
    });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).type(PROBLEM).send({
      type: 'about:blank', status: 404, instance: req.url, title: 'Không tìm thấy',
      detail: 'Đường dẫn không tồn tại.', code: 'route_not_found',
    });
  });
}
