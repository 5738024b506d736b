/** Copy a workflow to other units (as drafts, or published where it has no issues there). */
import { useState } from 'react';
import { Alert, Checkbox, Form, Select, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCopyWorkflow } from './api';
import type { WorkflowContext, WorkflowCopyResult } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { ResultsModal } from '../components/ResultsModal';
import { WorkflowStatusTag } from './WorkflowStatusTag';

export function CopyModal({ open, workflowId, context, onClose }: { open: boolean; workflowId: string; context: WorkflowContext | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const copy = useCopyWorkflow(workflowId);
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [publish, setPublish] = useState(false);
  const results = copy.data?.items;
  function close() {
    copy.reset();
    setUnitIds([]);
    setPublish(false);
    onClose();
  }
  return (
    <ResultsModal
      open={open}
      title={t('wf.copyTitle')}
      width={720}
      done={!!results}
      submitText={t('wf.copySubmit')}
      submitDisabled={unitIds.length === 0}
      loading={copy.isPending}
      submitTestId="wf-copy-submit"
      onSubmit={() => copy.mutate({ unitIds, publish })}
      onClose={close}
    >
      {!results ? (
        <Form layout="vertical">
          <Form.Item label={t('wf.copyUnits')} required>
            <Select
              mode="multiple"
              value={unitIds}
              onChange={setUnitIds}
              showSearch={{ optionFilterProp: 'label' }}
              options={(context?.units ?? []).filter((u) => u.id !== context?.unitId).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="wf-copy-units"
            />
          </Form.Item>
          <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)} data-testid="wf-copy-publish">
            {t('wf.copyPublish')}
          </Checkbox>
          {copy.isError && (
            <div style={{ marginTop: 12 }}>
              <ProblemAlert error={copy.error} />
            </div>
          )}
        </Form>
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('wf.copyDone', { count: results.length })} />
          <Table<WorkflowCopyResult>
            size="small"
            rowKey="unitId"
            pagination={false}
            dataSource={results}
            data-testid="wf-copy-results"
            columns={[
              { title: t('admin.unit'), dataIndex: 'unitName', key: 'unit' },
              {
                title: t('admin.status'),
                key: 'status',
                width: 150,
                render: (_, r) => (r.workflowId ? <WorkflowStatusTag status={r.status} /> : <Tag color="red">{t('wf.copyFailed')}</Tag>),
              },
              {
                title: t('wf.issues'),
                key: 'issues',
                render: (_, r) =>
                  r.issues?.length ? (
                    <ul className="wf-issue-list">
                      {r.issues.map((i, n) => (
                        <li key={n}>{i.message}</li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  ),
              },
              {
                title: '',
                key: 'open',
                width: 70,
                render: (_, r) => (r.workflowId ? <Link to={`/quan-tri/quy-trinh/${encodeURIComponent(r.workflowId)}`} onClick={close}>{t('wf.open')}</Link> : null),
              },
            ]}
          />
        </>
      )}
    </ResultsModal>
  );
}
