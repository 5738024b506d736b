import { useMemo, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Flex, Form, Row, Select, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../account/api';
import { useFields } from '../catalog/api';
import { trackingBookUrl } from './api';
import { deskUnits } from '../lib/roles';

/** Tracking book of dossiers (Mẫu 07): choose unit, field and period, then download PDF or Excel. */
export default function TrackingBookPage() {
  const { t } = useTranslation();
  const session = useSession();
  const units = useMemo(() => deskUnits(session.data?.user), [session.data]);
  const fields = useFields();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [field, setField] = useState<string>('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>([dayjs().startOf('month'), dayjs().endOf('month')]);

  const selectedUnit = unitId ?? units[0]?.id;
  const from = range?.[0];
  const to = range?.[1];
  const ready = !!selectedUnit && !!from && !!to && !from.isAfter(to, 'day');
  const url = (format: 'pdf' | 'xlsx') =>
    ready
      ? trackingBookUrl({ unitId: selectedUnit, field: field || undefined, from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD'), format })
      : undefined;

  return (
    <div data-testid="tracking-book">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/xu-ly">{t('nav.inbox')}</Link> }, { title: t('book.title') }]} />
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('book.title')}
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary">{t('book.hint')}</Typography.Paragraph>
        {units.length === 0 && <Alert type="warning" showIcon title={t('book.noUnits')} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('book.unit')} required>
                <Select
                  data-testid="tracking-book-unit"
                  value={selectedUnit}
                  onChange={setUnitId}
                  options={units.map((u) => ({ value: u.id, label: u.name }))}
                  placeholder={t('book.unit')}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('book.field')}>
                <Select
                  data-testid="tracking-book-field"
                  value={field}
                  onChange={setField}
                  loading={fields.isLoading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={[{ value: '', label: t('home.allFields') }, ...(fields.data?.items ?? []).map((f) => ({ value: f.code, label: f.name }))]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('book.period')}
                required
                validateStatus={ready || !selectedUnit ? undefined : 'error'}
                help={ready || !selectedUnit ? undefined : t('book.periodRequired')}
              >
                <DatePicker.RangePicker
                  data-testid="tracking-book-range"
                  value={range}
                  onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
                  format="DD/MM/YYYY"
                  allowEmpty={[false, false]}
                  style={{ width: '100%' }}
                  presets={[
                    { label: t('book.thisMonth'), value: [dayjs().startOf('month'), dayjs().endOf('month')] },
                    { label: t('book.lastMonth'), value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] },
                    { label: t('book.thisYear'), value: [dayjs().startOf('year'), dayjs().endOf('year')] },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Flex gap={8} wrap>
          <Button
            type="primary"
            size="large"
            icon={<FilePdfOutlined />}
            href={url('pdf')}
            target="_blank"
            rel="noreferrer"
            disabled={!ready}
            data-testid="tracking-book-pdf"
          >
            {t('book.pdf')}
          </Button>
          <Button size="large" icon={<FileExcelOutlined />} href={url('xlsx')} download disabled={!ready} data-testid="tracking-book-xlsx">
            {t('book.xlsx')}
          </Button>
        </Flex>
      </Card>
    </div>
  );
}
