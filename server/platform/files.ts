import { create as createDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

// File names as people send them, made safe to store and to hand back: one function for every place
// that stores a name, one for every download.

/**
 * Bidirectional controls (embeddings, overrides, isolates, marks) and control characters.
 * A right-to-left override turns "hoa-don\u202Efdp.exe" into what reads as "hoa-donexe.pdf".
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const MAX_NAME = 200;

/**
 * A file name fit to store and show: Unicode NFC, no bidi controls or control characters, no path
 * separators, single spaces, at most 200 characters (the extension kept); `fallback` when nothing is left.
 */
export function safeFileName(raw: string | null | undefined, fallback: string): string {
  let name = (raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, '').replace(/[\\/]/g, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '').trim();
  if (name.length > MAX_NAME) {
    const ext = /\.[^.\s]{1,10}$/.exec(name)?.[0] ?? '';
    name = name.slice(0, MAX_NAME - ext.length).trimEnd() + ext;
  }
  return name || fallback;
}

/** Free text shown beside a file (a label): the same characters removed, whitespace kept as single spaces. */
export function safeLabel(raw: string | null | undefined): string | null {
  const s = (raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return s || null;
}

/** An ASCII rendering of a name for old clients (`filename="…"`): diacritics folded, anything else `_`. */
function asciiName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._() -]/g, '_');
}

/**
 * A `Content-Disposition` value: RFC 6266 with the UTF-8 name in `filename*` (RFC 8187) and an ASCII
 * fallback; the name is cleaned with `safeFileName` again, so a name stored before that existed is safe too.
 */
export function contentDisposition(name: string, inline = false, fallback = 'tep'): string {
  const clean = safeFileName(name, fallback);
  return createDisposition(clean, { type: inline ? 'inline' : 'attachment', fallback: asciiName(clean) });
}

/**
 * Headers of every file answer: the real content type, `nosniff` (a browser never guesses HTML from
 * an upload), a safe `Content-Disposition`, `no-store` (files are personal or official records), and a
 * policy that lets the document run nothing: an attachment is sandboxed; a PDF we render to be shown
 * (`inline`) may only be displayed by the browser's PDF viewer.
 */
export function downloadHeaders(reply: FastifyReply, file: { contentType: string; name: string; inline?: boolean }): FastifyReply {
  const inline = file.inline ?? false;
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.name, inline))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-security-policy', inline
      ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
      : "default-src 'none'; frame-ancestors 'none'; sandbox");
}
