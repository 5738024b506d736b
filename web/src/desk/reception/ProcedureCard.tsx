import { useMemo, useState } from 'react';
import { Alert, Card, Col, Form, Row, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { useProcedures } from '../../catalog/api';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useDebounced } from '../../lib/useDebounced';
import type { ReceptionValues } from './form';

/**
 * Reception, step 2: the procedure (searched in the catalog as the officer types), the competent unit
 * that will process it and, for an officer at several desks, the desk that receives it.
 */
export function ProcedureCard({ form, procedure, myUnits, busy }: {
  form: FormInstance<ReceptionValues>;
  /** The chosen procedure as loaded (the page loads it: the checklist and fees come from it too). */
  procedure: UseQueryResult<Procedure>;
  myUnits: { id: string; name: string }[];
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [procQ, setProcQ] = useState('');
  const debouncedQ = useDebounced(procQ.trim(), 300);
  const [procLabel, setProcLabel] = useState<{ value: string; label: string } | null>(null);
  const procedures = useProcedures({ q: debouncedQ || undefined, limit: 20 });
  const procedureCode = Form.useWatch('procedureCode', form);
  const unitId = Form.useWatch('unitId', form);
  const p = procedure.data && procedure.data.code === procedureCode ? procedure.data : undefined;
  const units = p?.units ?? [];
  const otherUnit = !!unitId && myUnits.length > 0 && !myUnits.some((u) => u.id === unitId);

  const procOptions = useMemo(() => {
    const list = (procedures.data?.items ?? []).map((x) => ({ value: x.code, label: `${x.code} — ${x.name}` }));
    if (procLabel && !list.some((o) => o.value === procLabel.value)) list.unshift(procLabel);
    return list;
  }, [procedures.data, procLabel]);

  return (
    <Card size="small" title={t('desk.stepProcedure')} style={{ marginBottom: 16 }}>
      <Form.Item name="procedureCode" label={t('desk.procedure')} rules={[{ required: true, message: t('desk.procedureRequired') }]}>
        <Select
          data-testid="desk-procedure"
          size="large"
          placeholder={t('desk.procedurePlaceholder')}
          showSearch={{ filterOption: false, onSearch: setProcQ, searchValue: procQ }}
          loading={procedures.isFetching}
          notFoundContent={procedures.isFetching ? t('common.loading') : t('home.empty')}
          options={procOptions}
          onChange={(value: string, option) => {
            const o = Array.isArray(option) ? option[0] : option;
            setProcLabel(o ? { value, label: String(o.label) } : null);
            setProcQ('');
            form.setFieldsValue({ unitId: undefined, documents: [], fees: [] });
          }}
          style={{ width: '100%' }}
        />
      </Form.Item>
      {procedure.isError && <ProblemAlert error={procedure.error} onRetry={() => void procedure.refetch()} />}
      {p && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {[p.field?.name, p.processingTime?.text].filter(Boolean).join(' · ')}
        </Typography.Paragraph>
      )}
      <Row gutter={16}>
        <Col xs={24} md={myUnits.length > 1 ? 12 : 24}>
          <Form.Item name="unitId" label={t('desk.unit')} rules={[{ required: true, message: t('desk.unitRequired') }]}>
            <Select
              data-testid="desk-unit"
              placeholder={t('desk.unitPlaceholder')}
              disabled={!p || busy}
              showSearch={{ optionFilterProp: 'label' }}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              notFoundContent={p ? t('apply.noUnits') : undefined}
            />
          </Form.Item>
        </Col>
        {myUnits.length > 1 && (
          <Col xs={24} md={12}>
            <Form.Item name="receivingUnitId" label={t('desk.receivingUnit')}>
              <Select data-testid="desk-receiving-unit" options={myUnits.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Col>
        )}
      </Row>
      {otherUnit && <Alert type="info" showIcon title={t('desk.otherUnitNote')} data-testid="desk-unit-note" />}
    </Card>
  );
}
