import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ImportOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAdminUnits } from '../api';
import { useCalendarDays, useUnitCalendar } from './api';
import type { CalendarDay } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { foldVietnamese } from '../../../../common/text';
import { DISPLAY_KINDS, displayKind, formatDayLong, KIND_TAG_COLORS, currentYearVn, todayVn, yearOptions } from './calendarUtil';
import type { DisplayKind } from './calendarUtil';
import { DayModal } from './DayModal';
import { DeadlineTool } from './DeadlineTool';
import { ImportModal } from './ImportModal';
import { MonthGrid } from './MonthGrid';
import { UnitHoursCard } from './UnitHoursCard';

const MONTHS = Array.from({ length: 12 }, (_, i) => i);

interface SpecialRow {
  date: string;
  kind: DisplayKind;
  name: string | null;
  source: CalendarDay['source'];
  day: CalendarDay;
}

/** Admin "Lịch làm việc": national holidays / swapped days, unit office hours, deadline calculator. */
export default function CalendarTab() {
  const { t } = useTranslation();
  const years = useMemo(() => yearOptions(), []);
  const [year, setYear] = useState(() => currentYearVn());
  const [unitId, setUnitId] = useState<string | null>(null);
  const [selected, setSelected] = useState<CalendarDay | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const units = useAdminUnits();
  const days = useCalendarDays(year, unitId);
  const unitCalendar = useUnitCalendar(unitId);
  const today = todayVn();

  const unitOptions = useMemo(
    () =>
      [...(units.data?.items ?? [])]
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
        .map((u) => ({ value: u.id, label: `${u.name} (${u.code})` })),
    [units.data],
  );
  const unitName = unitOptions.find((o) => o.value === unitId)?.label ?? '';

  const dayMap = useMemo(() => new Map((days.data?.days ?? []).map((d) => [d.date, d])), [days.data]);
  const closures = useMemo(
    () => new Map(unitId ? (unitCalendar.data?.closures ?? []).map((c) => [c.date, c.name] as [string, string]) : []),
    [unitId, unitCalendar.data],
  );
  const special = useMemo<SpecialRow[]>(
    () =>
      (days.data?.days ?? [])
        .map((d) => ({ date: d.date, kind: displayKind(d, closures), name: closures.get(d.date) ?? d.name, source: d.source, day: d }))
        .filter((r) => r.kind === 'holiday' || r.kind === 'swapped_working' || r.kind === 'closure'),
    [days.data, closures],
  );

  const national = !unitId;
  const onSelect = national ? setSelected : undefined;
  const canPrev = years.includes(year - 1);
  const canNext = years.includes(year + 1);
  const filterOption = (input: string, option?: { label?: unknown }) => foldVietnamese(String(option?.label ?? '')).includes(foldVietnamese(input));

  const columns: TableProps<SpecialRow>['columns'] = [
    { title: t('calendar.date'), dataIndex: 'date', key: 'date', width: 165, render: (v: string) => formatDayLong(t, v) },
    {
      title: t('calendar.kindCol'),
      dataIndex: 'kind',
      key: 'kind',
      width: 170,
      render: (k: DisplayKind) => <Tag color={KIND_TAG_COLORS[k]}>{t(`calendar.kind.${k}`)}</Tag>,
    },
    { title: t('calendar.name'), dataIndex: 'name', key: 'name', render: (v: string | null) => v ?? '—' },
    {
      title: t('calendar.sourceCol'),
      dataIndex: 'source',
      key: 'source',
      width: 100,
      render: (v: CalendarDay['source'], r) => (r.kind === 'closure' ? t('calendar.source.unit') : v ? t(`calendar.source.${v}`) : '—'),
    },
    ...(national
      ? [
          {
            title: '',
            key: 'edit',
            width: 64,
            render: (_: unknown, r: SpecialRow) => (
              <Button size="small" type="link" onClick={() => setSelected(r.day)}>
                {t('calendar.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="admin-calendar">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('calendar.prevYear')} disabled={!canPrev} onClick={() => setYear(year - 1)} />
            <Select
              aria-label={t('calendar.year')}
              data-testid="cal-year"
              value={year}
              onChange={setYear}
              style={{ width: 110 }}
              options={years.map((y) => ({ value: y, label: t('calendar.yearLabel', { year: y }) }))}
            />
            <Button icon={<RightOutlined />} aria-label={t('calendar.nextYear')} disabled={!canNext} onClick={() => setYear(year + 1)} />
          </Space.Compact>
          <Select
            aria-label={t('calendar.unit')}
            data-testid="cal-unit"
            allowClear
            showSearch={{ filterOption }}
            loading={units.isLoading}
            placeholder={t('calendar.national')}
            value={unitId ?? undefined}
            onChange={(v?: string) => setUnitId(v ?? null)}
            options={unitOptions}
            style={{ minWidth: 300, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
          />
        </Space>
        <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="cal-import-button">
          {t('calendar.importButton')}
        </Button>
      </Flex>

      <Alert type="info" showIcon title={t('calendar.note')} style={{ marginBottom: 12 }} data-testid="cal-note" />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {national ? t('calendar.clickHint') : t('calendar.unitViewHint', { name: unitName })}
      </Typography.Paragraph>

      <Flex wrap gap={12} className="mc-cal-legend" data-testid="cal-legend" style={{ marginBottom: 12 }}>
        {DISPLAY_KINDS.filter((k) => k !== 'closure' || !national).map((k) => (
          <span key={k} className="mc-cal-legend-item">
            <span className={`mc-cal-swatch mc-cal-${k}`} />
            {t(`calendar.kind.${k}`)}
          </span>
        ))}
      </Flex>

      {units.isError && !national && <ProblemAlert error={units.error} onRetry={() => void units.refetch()} />}
      {days.isError ? (
        <ProblemAlert error={days.error} onRetry={() => void days.refetch()} />
      ) : (
        <Spin spinning={days.isFetching}>
          <Row gutter={[12, 12]} data-testid="cal-year-grid" data-year={year}>
            {MONTHS.map((m) => (
              <Col key={m} xs={24} sm={12} md={8} xl={6}>
                <MonthGrid year={year} month={m} days={dayMap} closures={closures} today={today} onSelect={onSelect} />
              </Col>
            ))}
          </Row>
        </Spin>
      )}

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('calendar.specialDays', { year })}>
            <Table<SpecialRow>
              data-testid="cal-special-list"
              size="small"
              rowKey="date"
              loading={days.isLoading}
              columns={columns}
              dataSource={special}
              pagination={false}
              scroll={{ x: 640 }}
              locale={{ emptyText: t('calendar.noSpecialDays') }}
              onRow={(r) => ({ 'data-date': r.date, 'data-kind': r.day.kind }) as React.HTMLAttributes<HTMLElement>}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <DeadlineTool unitId={unitId} unitOptions={unitOptions} filterOption={filterOption} />
        </Col>
      </Row>

      {unitId && (
        <div style={{ marginTop: 16 }}>
          <UnitHoursCard unitId={unitId} unitName={unitName} />
        </div>
      )}

      <DayModal day={selected} onClose={() => setSelected(null)} />
      <ImportModal
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={(y) => {
          if (y && years.includes(y)) setYear(y);
        }}
      />
    </div>
  );
}
