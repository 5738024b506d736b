/** Helpers around the procedure e-form (JSON Schema): prefill, server errors, messages. */
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import { englishStringTranslator, replaceStringParameters, TranslatableString } from '@rjsf/utils';
import type { TFunction } from 'i18next';
import type { ProblemFieldError } from '../api/client';
import type { User } from '../api/types';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Suffixes naming the person who files the dossier (người yêu cầu / nộp / khai / đề nghị). */
const REQUESTER = /^(NguoiYeuCau|NguoiNop(HoSo)?|NguoiKhai|NguoiDeNghi|NguoiDangKy|ChuHoSo)?$/;
/** Nested objects that describe the requester. */
const REQUESTER_OBJECT = /^(nguoiYeuCau|nguoiNop(HoSo)?|nguoiKhai|nguoiDeNghi|nguoiDangKy|chuHoSo|thongTinNguoi(YeuCau|Nop|Khai|DeNghi))$/i;

interface Rule {
  prefix: string;
  value: (user: User) => string | null | undefined;
}

const RULES: Rule[] = [
  { prefix: 'hoTen', value: (u) => u.fullName },
  { prefix: 'soDinhDanh', value: (u) => u.idNumber },
  { prefix: 'soCccd', value: (u) => u.idNumber },
  { prefix: 'soDienThoai', value: (u) => u.phone },
  { prefix: 'diaChi', value: (u) => u.address },
  { prefix: 'email', value: (u) => u.email },
  { prefix: 'thuDienTu', value: (u) => u.email },
];

function prefillObject(schema: JsonObject, user: User, data: JsonObject, nested: boolean): JsonObject {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const out: JsonObject = { ...data };
  for (const [key, prop] of Object.entries(properties)) {
    if (!isObject(prop)) continue;
    if (prop.type === 'object' && REQUESTER_OBJECT.test(key)) {
      out[key] = prefillObject(prop, user, isObject(out[key]) ? (out[key] as JsonObject) : {}, true);
      continue;
    }
    if (prop.type !== 'string' || out[key] !== undefined) continue;
    for (const rule of RULES) {
      if (!key.startsWith(rule.prefix)) continue;
      const suffix = key.slice(rule.prefix.length);
      // Top-level fields must name the requester ("hoTen", "hoTenNguoiYeuCau"), never e.g. "hoTenTre".
      if (!REQUESTER.test(suffix)) continue;
      const value = rule.value(user);
      if (value) out[key] = value;
      break;
    }
    if (nested && out[key] === undefined && key === 'ngaySinh' && user.birthDate) out[key] = user.birthDate;
  }
  return out;
}

/** Prefill the requester's name, ID number, phone, address and email from the logged-in user. */
export function prefillFormData(schema: unknown, user: User | null | undefined): JsonObject {
  if (!user || !isObject(schema)) return {};
  return prefillObject(schema, user, {}, false);
}

/** Split a server error path ("/hoTenTre", "formData/a/0/b", "formData.a") into segments. */
export function pathSegments(path: string): string[] {
  const segments = path
    .replace(/^#/, '')
    .split(/[/.]/)
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments[0] === 'formData' || segments[0] === 'body') segments.shift();
  if (segments[0] === 'formData') segments.shift();
  return segments;
}

/** Turn problem+json `errors` into an rjsf ErrorSchema (for `extraErrors`). */
export function toErrorSchema(errors: ProblemFieldError[]): ErrorSchema {
  const root: JsonObject = {};
  for (const err of errors) {
    let node = root;
    for (const segment of pathSegments(err.path ?? '')) {
      if (!isObject(node[segment])) node[segment] = {};
      node = node[segment] as JsonObject;
    }
    const list = Array.isArray(node.__errors) ? (node.__errors as string[]) : [];
    list.push(err.message);
    node.__errors = list;
  }
  return root as ErrorSchema;
}

/** Replace ajv's English messages with short localized ones. */
export function makeTransformErrors(t: TFunction) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      const params = (e.params ?? {}) as Record<string, unknown>;
      const limit = params.limit;
      let msg: string | undefined;
      switch (e.name) {
        case 'required':
          msg = t('validation.required');
          break;
        case 'pattern':
          msg = t('validation.pattern');
          break;
        case 'format':
          msg = t('validation.format');
          break;
        case 'minLength':
        case 'maxLength':
        case 'minimum':
        case 'maximum':
        case 'minItems':
          msg = t(`validation.${e.name}`, { limit });
          break;
        case 'enum':
          msg = t('validation.enum');
          break;
        case 'type':
          msg = t('validation.type');
          break;
      }
      if (!msg) return e;
      return { ...e, message: msg, stack: msg };
    });
}

const VI_STRINGS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: 'Mục',
  [TranslatableString.EmptyArray]: 'Chưa có mục nào. Bấm nút bên dưới để thêm.',
  [TranslatableString.YesLabel]: 'Có',
  [TranslatableString.NoLabel]: 'Không',
  [TranslatableString.CloseLabel]: 'Đóng',
  [TranslatableString.ErrorsLabel]: 'Lỗi',
  [TranslatableString.AddButton]: 'Thêm',
  [TranslatableString.AddItemButton]: 'Thêm mục',
  [TranslatableString.CopyButton]: 'Sao chép',
  [TranslatableString.MoveDownButton]: 'Chuyển xuống',
  [TranslatableString.MoveUpButton]: 'Chuyển lên',
  [TranslatableString.RemoveButton]: 'Xóa',
  [TranslatableString.NowLabel]: 'Bây giờ',
  [TranslatableString.ClearLabel]: 'Xóa',
  [TranslatableString.AriaDateLabel]: 'Chọn ngày',
  [TranslatableString.PreviewLabel]: 'Xem trước',
  [TranslatableString.OptionalObjectAdd]: 'Thêm thông tin',
  [TranslatableString.OptionalObjectRemove]: 'Bỏ thông tin',
  [TranslatableString.OptionalObjectEmptyMsg]: 'Chưa có thông tin',
  [TranslatableString.ClearButton]: 'xóa nội dung',
};

/** rjsf string translator for the current language. */
export function rjsfTranslator(language: string) {
  return (key: TranslatableString, params?: string[]): string => {
    if (language === 'vi' && VI_STRINGS[key]) return replaceStringParameters(VI_STRINGS[key]!, params);
    return englishStringTranslator(key, params);
  };
}
