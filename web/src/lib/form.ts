import type { FormInstance } from 'antd';

/**
 * `form.validateFields()`, asked again when antd answers "out of date": a value changed while the
 * rules ran (the last keystroke still landing as the user presses OK). That is not a validation
 * failure, yet it rejects with no field errors, so the dialog would just stay open and do nothing.
 */
export async function validatedValues<T>(form: FormInstance<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await form.validateFields();
    } catch (err) {
      if (attempt < 4 && (err as { outOfDate?: boolean } | null)?.outOfDate) continue;
      throw err;
    }
  }
}

/** A "type the password again" rule: must equal the value of `field` (re-checked when that field changes). */
export function sameAs(field: string, message: string) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: unknown) => (!value || getFieldValue(field) === value ? Promise.resolve() : Promise.reject(new Error(message))),
  });
}
