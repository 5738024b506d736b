import type { ErrorObject } from 'ajv';

// Vietnamese words for what JSON Schema validation found wrong, for people: the e-forms' field errors
// (`dossiers/form-validation.ts`, labelled by the field's title) and every request the routes' schemas refuse
// (`platform/errors.ts`, labelled by the field's name).

const FORMAT_VI: Record<string, string> = {
  date: 'ngày theo dạng YYYY-MM-DD', email: 'địa chỉ email', 'date-time': 'thời điểm hợp lệ', uri: 'đường dẫn', uuid: 'mã định danh (UUID)',
};
const TYPE_VI: Record<string, string> = {
  string: 'chuỗi ký tự', number: 'số', integer: 'số nguyên', boolean: 'đúng/sai', object: 'một nhóm thông tin', array: 'một danh sách', null: 'để trống',
};

/** The message for one Ajv error about the field called `label`; `container` names what holds the fields (a form, a request). */
export function validationMessage(e: ErrorObject, label: string, container = 'yêu cầu'): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `Vui lòng nhập "${label}".`;
    case 'type': return `"${label}" phải là ${String(p.type).split(',').map((t) => TYPE_VI[t] ?? t).join(' hoặc ')}.`;
    case 'minLength': return Number(p.limit) <= 1 ? `Vui lòng nhập "${label}".` : `"${label}" phải có ít nhất ${p.limit} ký tự.`;
    case 'maxLength': return `"${label}" không được dài quá ${p.limit} ký tự.`;
    case 'pattern': return `"${label}" không đúng định dạng.`;
    case 'format': return `"${label}" phải là ${FORMAT_VI[String(p.format)] ?? 'giá trị đúng định dạng'}.`;
    case 'enum': return `"${label}" phải là một trong các giá trị: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'const': return `"${label}" phải là ${JSON.stringify(p.allowedValue)}.`;
    case 'anyOf':
    case 'oneOf': return `"${label}" không phải là một giá trị được nhận.`;
    case 'minimum': return `"${label}" phải lớn hơn hoặc bằng ${p.limit}.`;
    case 'maximum': return `"${label}" phải nhỏ hơn hoặc bằng ${p.limit}.`;
    case 'additionalProperties': return `Trường "${String(p.additionalProperty)}" không có trong ${container}.`;
    case 'minItems': return `"${label}" phải có ít nhất ${p.limit} mục.`;
    case 'maxItems': return `"${label}" có nhiều nhất ${p.limit} mục.`;
    default: return `"${label}" không hợp lệ.`;
  }
}
