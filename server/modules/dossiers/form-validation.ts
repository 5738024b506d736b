import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldError } from '../../platform/errors';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

const cache = new Map<string, ValidateFunction>();

/** Compiles (once per procedure version) the e-form schema. */
export function formValidator(cacheKey: string, schema: Record<string, unknown>): ValidateFunction {
  let v = cache.get(cacheKey);
  if (!v) {
    v = ajv.compile({ ...schema, $id: undefined });
    cache.set(cacheKey, v);
  }
  return v;
}

function titleAt(schema: Record<string, unknown>, pointer: string): string | undefined {
  let node: Record<string, unknown> | undefined = schema;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (!node) return undefined;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    if (props && props[part]) node = props[part];
    else if (node.items && /^\d+$/.test(part)) node = node.items as Record<string, unknown>;
    else return undefined;
  }
  return typeof node?.title === 'string' ? node.title : undefined;
}

const FORMAT_VI: Record<string, string> = {
  date: 'ngày theo dạng YYYY-MM-DD', email: 'địa chỉ email', 'date-time': 'thời điểm hợp lệ', uri: 'đường dẫn',
};

function message(e: ErrorObject, label: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `Vui lòng nhập "${label}".`;
    case 'type': return `"${label}" phải là ${({ string: 'chuỗi ký tự', number: 'số', integer: 'số nguyên', boolean: 'đúng/sai', object: 'một nhóm thông tin', array: 'một danh sách' } as Record<string, string>)[String(p.type)] ?? String(p.type)}.`;
    case 'minLength': return Number(p.limit) <= 1 ? `Vui lòng nhập "${label}".` : `"${label}" phải có ít nhất ${p.limit} ký tự.`;
    case 'maxLength': return `"${label}" không được dài quá ${p.limit} ký tự.`;
    case 'pattern': return `"${label}" không đúng định dạng.`;
    case 'format': return `"${label}" phải là ${FORMAT_VI[String(p.format)] ?? 'giá trị đúng định dạng'}.`;
    case 'enum': return `"${label}" phải là một trong các giá trị: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'minimum': return `"${label}" phải lớn hơn hoặc bằng ${p.limit}.`;
    case 'maximum': return `"${label}" phải nhỏ hơn hoặc bằng ${p.limit}.`;
    case 'additionalProperties': return `Trường "${String(p.additionalProperty)}" không có trong biểu mẫu.`;
    case 'minItems': return `"${label}" phải có ít nhất ${p.limit} mục.`;
    default: return `"${label}" không hợp lệ.`;
  }
}

/** Validates e-form data; returns field errors in Vietnamese, each with a JSON Pointer to the field. */
export function validateForm(v: ValidateFunction, schema: Record<string, unknown>, data: unknown): FieldError[] {
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => {
    const path = e.keyword === 'required' ? `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}` : e.instancePath;
    const label = titleAt(schema, path) ?? (path.split('/').pop() || 'Biểu mẫu');
    return { path: path || '/', message: message(e, label) };
  });
}
