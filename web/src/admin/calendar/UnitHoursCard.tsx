import { App, Alert, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, Row, Space, TimePicker, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSaveUnitCalendar, useUnitCalendar } from './api';
import type { UnitCalendar } from '../../api/types';
import { PageSpinner } from '../../components/PageSpinner';
import { ProblemAlert } from '../../components/ProblemAlert';
import { timeToPicker } from '../../lib/format';
import { MONDAY_FIRST } from './calendarUtil';
import { validatedValues } from '../../lib/form';

type Range = [Dayjs, Dayjs];

interface Values {
  weekly: (Range | null)[][];
  closures: { date: Dayjs | null; name: string }[];
}

function toValues(cal: UnitCalendar): Values {
  const weekly = Array.from({ length: 7 }, (_, i) => (cal.weekly[i] ?? []).map((s): Range => [timeToPicker(s.start), timeToPicker(s.end)]));
  return {
    weekly,
    closures: [...cal.closures].sort((a, b) => a.date.localeCompare(b.date)).map((c) => ({ date: dayjs(c.date), name: c.name })),
  };
}

type FieldPath = ['weekly', number, number] | ['closures', number, 'name' | 'date'];

/** "/weekly/1/0/start" → ['weekly', 1, 0]; "/closures/2/name" → ['closures', 2, 'name']. */
function fieldOf(path: string): FieldPath | null {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'weekly' && parts.length >= 3) return ['weekly', Number(parts[1]), Number(parts[2])];
  if (parts[0] === 'closures' && parts.length >= 2) return ['closures', Number(parts[1]), parts[2] === 'name' ? 'name' : 'date'];
  return null;
}

function UnitHoursForm({ unitId, calendar }: { unitId: string; calendar: UnitCalendar }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveUnitCalendar(unitId);

  async function onSave() {
    let values: Values;
    try {
      values = await validatedValues(form);
    } catch {
      message.error(t('calendar.fixErrors'));
      return;
    }
    // Sessions are sent sorted by start time (the form is re-ordered to match, so error paths line up).
    const weekly = Array.from({ length: 7 }, (_, d) =>
      (values.weekly?.[d] ?? []).filter((r): r is Range => !!r && !!r[0] && !!r[1]).sort((a, b) => a[0].format('HH:mm').localeCompare(b[0].format('HH:mm'))),
    );
    const closures = (values.closures ?? [])
      .filter((c) => c.date)
      .sort((a, b) => a.date!.format('YYYY-MM-DD').localeCompare(b.date!.format('YYYY-MM-DD')));
    form.setFieldsValue({ weekly, closures });
    try {
      const saved = await save.mutateAsync({
        weekly: weekly.map((list) => list.map((r) => ({ start: r[0].format('HH:mm'), end: r[1].format('HH:mm') }))),
        closures: closures.map((c) => ({ date: c.date!.format('YYYY-MM-DD'), name: c.name.trim() })),
      });
      form.setFieldsValue(toValues(saved));
      message.success(t('calendar.unitSaved'));
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = (err.problem.errors ?? [])
          .map((e) => ({ name: fieldOf(e.path), errors: [e.message] }))
          .filter((f): f is { name: FieldPath; errors: string[] } => f.name !== null);
        if (fields.length) form.setFields(fields);
      }
    }
  }

  function copyMonday() {
    const monday = (form.getFieldValue(['weekly', 1]) as (Range | null)[] | undefined) ?? [];
    const weekly = [...((form.getFieldValue('weekly') as (Range | null)[][] | undefined) ?? [])];
    for (const d of [2, 3, 4, 5]) weekly[d] = monday.map((r) => (r ? ([r[0], r[1]] as Range) : null));
    form.setFieldValue('weekly', weekly);
  }

  return (
    <Form form={form} layout="vertical" initialValues={toValues(calendar)} data-testid="unit-calendar-form">
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('calendar.weekly')}
            </Typography.Title>
            <Button size="small" onClick={copyMonday} data-testid="unit-copy-monday">
              {t('calendar.copyMonday')}
            </Button>
          </Flex>
          <div className="mc-weekly">
            {MONDAY_FIRST.map((wd) => (
              <div key={wd} className="mc-weekly-row" data-testid={`unit-weekday-${wd}`}>
                <div className="mc-weekly-label">{t(`calendar.weekday${wd}`)}</div>
                <Form.List name={['weekly', wd]}>
                  {(fields, { add, remove }) => (
                    <Space orientation="vertical" size={4} style={{ flex: 1 }}>
                      {fields.length === 0 && <Typography.Text type="secondary">{t('calendar.dayOff')}</Typography.Text>}
                      {fields.map((field) => (
                        <Space key={field.key} align="start" size={4}>
                          <Form.Item
                            name={[field.name]}
                            rules={[{ required: true, message: t('calendar.sessionRequired') }]}
                            style={{ marginBottom: 0 }}
                          >
                            <TimePicker.RangePicker format="HH:mm" minuteStep={5} needConfirm={false} aria-label={t(`calendar.weekday${wd}`)} />
                          </Form.Item>
                          <Button
                            type="text"
                            icon={<DeleteOutlined />}
                            aria-label={t('calendar.removeSession')}
                            title={t('calendar.removeSession')}
                            onClick={() => remove(field.name)}
                          />
                        </Space>
                      ))}
                      <Button
                        type="dashed"
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => add(fields.length === 0 ? [timeToPicker('08:00'), timeToPicker('12:00')] : [timeToPicker('13:00'), timeToPicker('17:00')])}
                        data-testid={`unit-add-session-${wd}`}
                      >
                        {t('calendar.addSession')}
                      </Button>
                    </Space>
                  )}
                </Form.List>
              </div>
            ))}
          </div>
        </Col>
        <Col xs={24} xl={10}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('calendar.closures')}
          </Typography.Title>
          <Form.List name="closures">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calendar.noClosures')} />}
                {fields.map((field) => (
                  <Flex key={field.key} gap={4} align="start" data-testid="unit-closure-row">
                    <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: t('calendar.closureDateRequired') }]} style={{ marginBottom: 8 }}>
                      <DatePicker format="DD/MM/YYYY" placeholder={t('calendar.closureDate')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: t('calendar.closureNameRequired') }]}
                      style={{ marginBottom: 8, flex: 1 }}
                    >
                      <Input placeholder={t('calendar.closureName')} maxLength={200} />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t('calendar.removeClosure')} title={t('calendar.removeClosure')} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: null, name: '' })} block data-testid="unit-add-closure">
                  {t('calendar.addClosure')}
                </Button>
              </>
            )}
          </Form.List>
        </Col>
      </Row>
      {save.isError && (
        <div style={{ marginTop: 16 }}>
          <ProblemAlert error={save.error} />
        </div>
      )}
      <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
        <Button
          onClick={() => {
            form.resetFields();
            form.setFieldsValue(toValues(calendar));
            save.reset();
          }}
        >
          {t('calendar.resetForm')}
        </Button>
        <Button type="primary" loading={save.isPending} onClick={() => void onSave()} data-testid="unit-calendar-save">
          {t('calendar.saveUnit')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Weekly office hours and own closures of one unit (GET/PUT /admin/units/{id}/calendar). */
export function UnitHoursCard({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t } = useTranslation();
  const query = useUnitCalendar(unitId);
  return (
    <Card size="small" title={t('calendar.unitHours')} extra={<Typography.Text type="secondary">{unitName}</Typography.Text>} data-testid="unit-calendar">
      <Alert type="info" showIcon title={t('calendar.note')} style={{ marginBottom: 16 }} />
      {query.isLoading ? (
        <PageSpinner />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data ? (
        <UnitHoursForm key={unitId} unitId={unitId} calendar={query.data} />
      ) : null}
    </Card>
  );
}
