import { useEffect } from 'react';
import { Button, Card, DatePicker, Descriptions, Form, InputNumber, Select, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useComputeDeadline } from './api';
import { ProblemAlert } from '../../components/ProblemAlert';
import { fromVnPickerValue, toVnPickerValue } from '../../lib/format';
import { formatInstantLong } from './calendarUtil';

interface Values {
  start: Dayjs;
  amount: number;
  unit: 'day' | 'hour';
  unitId?: string | null;
  cutOff?: Dayjs | null;
}

/** "Tính hạn giải quyết": start + amount of working days/hours → effective start and due date. */
export function DeadlineTool({
  unitId,
  unitOptions,
  filterOption,
}: {
  unitId: string | null;
  unitOptions: { value: string; label: string }[];
  filterOption: (input: string, option?: { label?: unknown }) => boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const compute = useComputeDeadline();

  useEffect(() => {
    form.setFieldValue('unitId', unitId ?? undefined);
  }, [unitId, form]);

  async function onFinish(values: Values) {
    compute.mutate({
      start: fromVnPickerValue(values.start),
      amount: values.amount,
      unit: values.unit,
      unitId: values.unitId || undefined,
      cutOff: values.cutOff ? values.cutOff.format('HH:mm') : undefined,
    });
  }

  return (
    <Card size="small" title={t('calendar.tool')} data-testid="deadline-tool">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ start: toVnPickerValue(dayjs().toISOString()), amount: 1, unit: 'day', unitId: unitId ?? undefined }}
        onFinish={(v) => void onFinish(v)}
      >
        <Form.Item name="start" label={t('calendar.toolStart')} extra={t('actions.newDueAtHint')} rules={[{ required: true, message: t('calendar.toolRequired') }]}>
          <DatePicker data-testid="deadline-start" showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('calendar.toolAmount')} required style={{ marginBottom: 0 }}>
          <Form.Item name="amount" rules={[{ required: true, message: t('calendar.toolRequired') }]} style={{ display: 'inline-block', width: 'calc(45% - 4px)', marginInlineEnd: 8 }}>
            <InputNumber data-testid="deadline-amount" min={0} step={1} style={{ width: '100%' }} aria-label={t('calendar.toolAmount')} />
          </Form.Item>
          <Form.Item name="unit" style={{ display: 'inline-block', width: 'calc(55% - 4px)' }}>
            <Select
              data-testid="deadline-unit"
              aria-label={t('calendar.toolUnit')}
              options={[
                { value: 'day', label: t('calendar.unitDay') },
                { value: 'hour', label: t('calendar.unitHour') },
              ]}
            />
          </Form.Item>
        </Form.Item>
        <Form.Item name="unitId" label={t('calendar.toolUnitId')}>
          <Select allowClear showSearch={{ filterOption }} placeholder={t('calendar.national')} options={unitOptions} data-testid="deadline-unit-id" />
        </Form.Item>
        <Form.Item name="cutOff" label={t('calendar.toolCutOff')} extra={t('calendar.toolCutOffHint')}>
          <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={compute.isPending} block data-testid="deadline-compute">
          {t('calendar.toolSubmit')}
        </Button>
      </Form>
      {compute.isError && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={compute.error} />
        </div>
      )}
      {compute.data && !compute.isPending && (
        <Descriptions
          size="small"
          bordered
          column={1}
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'effective',
              label: t('calendar.effectiveStart'),
              children: <span data-testid="deadline-effective-start" data-value={compute.data.effectiveStart}>{formatInstantLong(t, compute.data.effectiveStart)}</span>,
            },
            {
              key: 'due',
              label: t('calendar.dueAt'),
              children: (
                <Typography.Text strong data-testid="deadline-due-at" data-value={compute.data.dueAt}>
                  {formatInstantLong(t, compute.data.dueAt)}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
