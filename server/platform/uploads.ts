import type { FastifyRequest } from 'fastify';
import { AppError, type FieldError } from './errors';
import { safeFileName } from './files';
import { badTextError, hasBadText } from './input-guard';

/** One uploaded file, read whole into memory (never cut: over the limit is a 413). */
export interface Upload {
  /** The name as sent, cleaned by `safeFileName` (bidi and control characters removed). */
  filename: string;
  data: Buffer;
}

export interface UploadSpec {
  /** The largest file accepted, in bytes (`config.maxUploadBytes` for attachments). */
  maxBytes: number;
  /** Text fields the route accepts, with their longest length in characters. */
  fields?: Record<string, number>;
  /** Name stored when the file has none. */
  fallbackName: string;
}

const megabytes = (n: number) => (n / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const badRequest = (code: string, detail: string, errors?: FieldError[]) => new AppError(400, code, 'Yêu cầu không hợp lệ', detail, errors);
const tooLarge = (detail: string) => new AppError(413, 'payload_too_large', 'Dữ liệu quá lớn', detail);

/**
 * Reads a multipart upload: the file part `file` and the declared text fields, in any order.
 * Everything that would otherwise be dropped or cut quietly is refused instead: a file over the limit,
 * a second file or too many fields (413), a field value over its length, an unknown field or a file
 * under another name (400), NUL or lone surrogates in a field or the file name (400 `invalid_characters`).
 * The whole request is consumed before answering, so the client always reads the answer.
 */
export async function readUpload(req: FastifyRequest, spec: UploadSpec): Promise<{ file: Upload | null; fields: Record<string, string> }> {
  const allowed = spec.fields ?? {};
  const fields: Record<string, string> = {};
  let file: Upload | null = null;
  let problem: AppError | null = null;
  const longest = Math.max(0, ...Object.values(allowed));
  const limits = {
    files: 1, fields: Object.keys(allowed).length + 4, fieldSize: Math.max(1024, longest * 4 + 4), fileSize: spec.maxBytes,
  };
  try {
    for await (const part of req.parts({ limits })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (problem) continue;
        if (part.fieldname !== 'file') problem = badRequest('unexpected_field', 'Tệp phải gửi trong trường "file".');
        else if (hasBadText(part.filename)) problem = badTextError('multipart', '/file/filename');
        else file = { filename: safeFileName(part.filename, spec.fallbackName), data };
        continue;
      }
      if (problem) continue;
      const max = Object.hasOwn(allowed, part.fieldname) ? allowed[part.fieldname]! : undefined;
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      const shown = safeFileName(part.fieldname, '?');
      if (max === undefined) problem = badRequest('unexpected_field', `Trường "${shown}" không được hỗ trợ ở đây.`);
      else if (part.valueTruncated || part.fieldnameTruncated) problem = tooLarge(`Giá trị trường "${shown}" quá lớn.`);
      else if (hasBadText(value)) problem = badTextError('multipart', `/${shown}`);
      else if (value.length > max) {
        problem = badRequest('field_too_long', `Trường "${shown}" dài quá ${max} ký tự.`, [{ path: `/${shown}`, message: `Không được dài quá ${max} ký tự.` }]);
      } else fields[part.fieldname] = value;
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge(`Tệp vượt quá dung lượng cho phép (${megabytes(spec.maxBytes)} MB).`);
    }
    if (code === 'FST_FILES_LIMIT') throw tooLarge('Mỗi lần chỉ gửi một tệp.');
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw tooLarge('Yêu cầu có quá nhiều trường dữ liệu.');
    throw err;
  }
  if (problem) throw problem;
  return { file, fields };
}
