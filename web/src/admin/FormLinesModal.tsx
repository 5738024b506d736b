import { useEffect } from 'react';
import { App, Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useSaveUnitFormLines, useUnitFormLines, type FormLines } from './api';
import type { AdminUnit } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { validatedValues } from '../lib/form';

/** Admin modal editing a unit's form template lines (data, not code). */
export function FormLinesModal({ unit, onClose }: { unit: AdminUnit | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormLines>();
  const query = useUnitFormLines(unit?.id ?? null);
  const save = useSaveUnitFormLines(unit?.id ?? null);
  const submit = (v: FormLines) =>
    save.mutate(v, {
      onSuccess: () => {
        message.success(t('formLines.saved'));
        onClose();
      },
    });
  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data);
  }, [query.data, form]);

  return (
    <Modal
      open={!!unit}
      title={t('formLines.title', { unit: unit?.name ?? '' })}
      onCancel={onClose}
      onOk={() => void validatedValues(form).then(submit)}
      okText={t('formLines.save')}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'form-lines-save' } as object) }}
      destroyOnHidden
      width={640}
    >
      <div data-testid="form-lines-modal">
        <Alert type="info" showIcon title={t('formLines.note')} style={{ marginBottom: 12 }} />
        {query.isLoading && <PageSpinner />}
        {query.isError && <ProblemAlert error={query.error} />}
        {save.isError && <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />}
        {query.data && (
          <Form form={form} layout="vertical" initialValues={query.data}>
            <Form.Item name="parentName" label={t('formLines.parentName')} rules={[{ required: true, whitespace: true }]}>
              <Input data-testid="form-lines-parent" maxLength={200} />
            </Form.Item>
            <Form.Item name="deskName" label={t('formLines.deskName')} rules={[{ required: true, whitespace: true }]}>
              <Input data-testid="form-lines-desk" maxLength={200} />
            </Form.Item>
            <Form.Item name="place" label={t('formLines.place')} rules={[{ required: true, whitespace: true }]}>
              <Input data-testid="form-lines-place" maxLength={100} />
            </Form.Item>
            <Form.Item name="numberSuffix" label={t('formLines.numberSuffix')}>
              <Input maxLength={60} placeholder="TTPVHCC (BPTNTKQ)" />
            </Form.Item>
            <Form.Item name="contactName" label={t('formLines.contactName')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('formLines.contactPhone')}>
              <Input maxLength={30} />
            </Form.Item>
          </Form>
        )}
      </div>
    </Modal>
  );
}
