/** A leader's delegations (ủy quyền): who acts as leader at a unit while they are away. */
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { App, Button, DatePicker, Divider, Form, Input, Modal, Popconfirm, Select, Table } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useSession } from '../account/api';
import { useCreateDelegation, useDelegations, useDeleteDelegation, useUnitOfficers } from '../inbox/api';
import type { Delegation } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime, fromVnPickerValue } from '../lib/format';

interface Props {
  open: boolean;
  /** The units the user leads. */
  units: { id: string; name: string }[];
  onClose: () => void;
}

export function DelegationsModal({ open, units, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession().data?.user;
  const list = useDelegations(open);
  const create = useCreateDelegation();
  const remove = useDeleteDelegation();
  const [unitId, setUnitId] = useState<string | undefined>(units[0]?.id);
  const [toUserId, setToUserId] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [note, setNote] = useState('');
  const officers = useUnitOfficers(open ? unitId : undefined);
  const candidates = (officers.data?.items ?? []).filter((o) => o.id !== me?.id);
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  const ready = !!unitId && !!toUserId && !!period?.[0] && !!period?.[1];

  function submit() {
    if (!ready) return;
    create.mutate(
      {
        unitId: unitId!,
        toUserId: toUserId!,
        startsAt: fromVnPickerValue(period![0]!.startOf('day')),
        endsAt: fromVnPickerValue(period![1]!.endOf('day')),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      {
        onSuccess: () => {
          message.success(t('delegation.created'));
          setToUserId(undefined);
          setPeriod(null);
          setNote('');
        },
      },
    );
  }

  return (
    <Modal open={open} title={t('delegation.title')} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      {list.isError && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Delegation>
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        data-testid="delegation-list"
        locale={{ emptyText: t('delegation.empty') }}
        columns={[
          { title: t('delegation.delegate'), key: 'to', render: (_, d) => (d.from.id === me?.id ? d.to.fullName : t('delegation.from', { name: d.from.fullName })) },
          { title: t('delegation.unit'), key: 'unit', render: (_, d) => d.unitName || unitName(d.unitId) },
          { title: t('delegation.period'), key: 'period', width: 250, render: (_, d) => `${formatDateTime(d.startsAt)} – ${formatDateTime(d.endsAt)}` },
          { title: t('delegation.note'), dataIndex: 'note', key: 'note', render: (v: string | null) => v || '—' },
          {
            title: '',
            key: 'delete',
            width: 50,
            render: (_, d) => (
              d.from.id === me?.id && (
              <Popconfirm
                title={t('delegation.deleteConfirm')}
                okText={t('delegation.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutate(d.id, { onError: (err) => message.error(errorMessage(err, t('common.error'))) })}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('delegation.delete')} data-testid="delegation-delete" />
              </Popconfirm>
              )
            ),
          },
        ]}
      />
      <Divider titlePlacement="start" plain>
        {t('delegation.new')}
      </Divider>
      {/* No submit on Enter: Enter confirms a date in the range picker. */}
      <Form layout="vertical">
        {units.length > 1 && (
          <Form.Item label={t('delegation.unit')} required>
            <Select value={unitId} onChange={(v) => { setUnitId(v); setToUserId(undefined); }} options={units.map((u) => ({ value: u.id, label: u.name }))} data-testid="delegation-unit" />
          </Form.Item>
        )}
        <Form.Item label={t('delegation.delegate')} required>
          <Select
            value={toUserId}
            onChange={setToUserId}
            loading={officers.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('inbox.chooseOfficer')}
            options={candidates.map((o) => ({ value: o.id, label: `${o.fullName} (${o.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ')})` }))}
            data-testid="delegation-to"
          />
        </Form.Item>
        <Form.Item label={t('delegation.period')} required>
          <div data-testid="delegation-period">
            <DatePicker.RangePicker value={period} onChange={(v) => setPeriod(v)} format="DD/MM/YYYY" />
          </div>
        </Form.Item>
        <Form.Item label={t('delegation.note')}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="delegation-note" />
        </Form.Item>
        {create.isError && <ProblemAlert error={create.error} />}
        <Button type="primary" onClick={submit} disabled={!ready} loading={create.isPending} data-testid="delegation-submit" style={{ marginTop: 8 }}>
          {t('delegation.create')}
        </Button>
      </Form>
    </Modal>
  );
}
