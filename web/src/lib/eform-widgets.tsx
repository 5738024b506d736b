/** rjsf widgets tuned for Vietnamese users (dates typed and shown as dd/mm/yyyy). */
import { DatePicker } from 'antd';
import type { WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds } from '@rjsf/utils';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

/** Accepts 01/11/2025, 1/11/2025, 01-11-2025, 01112025 and ISO; stores YYYY-MM-DD. */
const DATE_FORMATS = ['DD/MM/YYYY', 'D/M/YYYY', 'DD-MM-YYYY', 'DDMMYYYY', 'YYYY-MM-DD'];

function DateWidget({ disabled, readonly, id, value, onChange, onBlur, onFocus, placeholder }: WidgetProps) {
  return (
    <DatePicker
      id={id}
      name={id}
      style={{ width: '100%' }}
      format={DATE_FORMATS}
      placeholder={placeholder || 'dd/mm/yyyy'}
      disabled={disabled || readonly}
      value={value ? dayjs(value, 'YYYY-MM-DD') : null}
      onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      aria-describedby={ariaDescribedByIds(id)}
      getPopupContainer={(node) => node.parentElement ?? document.body}
    />
  );
}

export const eformWidgets = { DateWidget };
