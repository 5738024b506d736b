import { useEffect } from 'react';
import { App, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useResetCalendarDay, useSetCalendarDay } from './api';
import type { CalendarDay } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { weekdayOf } from '../../lib/format';
import { formatDayLong } from './calendarUtil';
import { validatedValues } from '../../lib/form';

type Choice = 'holiday' | 'swapped_working' | 'normal';

interface Values {
  choice: Choice;
  name?: string;
}

/** Set one national calendar date as holiday / swapped working day, or back to normal. */
export function DayModal({ day, onClose }: { day: CalendarDay | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const setDay = useSetCalendarDay();
  const resetDay = useResetCalendarDay();
  const choice = Form.useWatch('choice', form);

  const wd = day ? weekdayOf(day.date) : 1;
  const weekend = wd === 0 || wd === 6;
  const special = day?.kind === 'holiday' || day?.kind === 'swapped_working';

  useEffect(() => {
    if (!day) return;
    setDay.reset();
    resetDay.reset();
    form.setFieldsValue({
      choice: day.kind === 'holiday' ? 'holiday' : day.kind === 'swapped_working' ? 'swapped_working' : weekend ? 'swapped_working' : 'holiday',
      name: special ? (day.name ?? '') : '',
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [day]);

  async function onOk() {
    if (!day) return;
    const values = await validatedValues(form);
    const date = formatDayLong(t, day.date);
    try {
      if (values.choice === 'normal') {
        await resetDay.mutateAsync(day.date);
        message.success(t('calendar.resetDone', { date }));
      } else {
        await setDay.mutateAsync({ date: day.date, kind: values.choice, name: (values.name ?? '').trim() });
        message.success(t('calendar.saved', { date }));
      }
      onClose();
    } catch {
      /* shown below */
    }
  }

  const error = setDay.error ?? resetDay.error;
  const busy = setDay.isPending || resetDay.isPending;
  return (
    <Modal
      open={day !== null}
      title={day ? formatDayLong(t, day.date) : ''}
      okText={t('calendar.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'cal-day-save' }}
      onOk={() => void onOk()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <div data-testid="cal-day-modal">
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="choice" label={t('calendar.kindCol')}>
          <Radio.Group data-testid="cal-day-kind">
            <Space orientation="vertical">
              <Radio value="holiday" disabled={weekend} data-testid="cal-kind-holiday">
                {t('calendar.setHoliday')}
              </Radio>
              <Radio value="swapped_working" disabled={!weekend} data-testid="cal-kind-swapped_working">
                {t('calendar.setSwapped')}
              </Radio>
              <Radio value="normal" disabled={!special} data-testid="cal-kind-normal">
                {t('calendar.setNormal')}
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {choice === 'normal' ? t('calendar.setNormalHint') : weekend ? t('calendar.holidayOnWeekend') : t('calendar.swappedOnWeekday')}
        </Typography.Paragraph>
        {choice !== 'normal' && (
          <Form.Item
            name="name"
            label={t('calendar.dayName')}
            rules={[{ required: true, whitespace: true, message: t('calendar.dayNameRequired') }]}
          >
            <Input data-testid="cal-day-name" maxLength={200} placeholder={t('calendar.dayNamePlaceholder')} />
          </Form.Item>
        )}
      </Form>
      {error && <ProblemAlert error={error} />}
      </div>
    </Modal>
  );
}
