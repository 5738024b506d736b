/** The designer's side panel: every property of the selected node, edited in place (antd Form, controlled inputs). */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Divider, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, FlagOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CONDITION_OPS, NODE_KEY_PATTERN, OFFICER_ROLES, refusalEnd } from '../../../common/workflow';
import type {
  BranchNode,
  BranchRoute,
  Condition,
  ConsultationNode,
  EndNode,
  OfficerRole,
  Quota,
  TaskNode,
  TransferNode,
  ValidationIssue,
  WorkflowGraph,
  WorkflowNode,
} from '../../../common/workflow';
import type { WorkflowContext, WorkflowFormField } from '../api/types';
import { setAction } from './graph';
import { typeLabel } from './FlowCanvas';


export interface NodePanelProps {
  graph: WorkflowGraph;
  node: WorkflowNode;
  context: WorkflowContext | undefined;
  issues: ValidationIssue[];
  readOnly: boolean;
  /** The key may be edited (nodes added in this session). */
  keyEditable: boolean;
  onChange: (next: WorkflowNode) => void;
  onRenameKey: (key: string) => void;
  onSetStart: () => void;
  onDelete: () => void;
}

/** Select options for the nodes a link may lead to. */
function targetOptions(g: WorkflowGraph, except: string, only?: WorkflowNode['type']) {
  return g.nodes.filter((n) => n.key !== except && (!only || n.type === only)).map((n) => ({ value: n.key, label: n.name || n.key }));
}

function roleOptions(t: TFunction) {
  return OFFICER_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
}

interface TargetSelectProps {
  graph: WorkflowGraph;
  node: WorkflowNode;
  label: string;
  value: string | undefined;
  /** Null when cleared (optional links only). */
  onChange: (target: string | null) => void;
  testId: string;
  required?: boolean;
  placeholder?: string;
  only?: WorkflowNode['type'];
  extra?: string;
  notFound?: string;
  style?: React.CSSProperties;
}

/** Where a link leads: a select of the other nodes (clearable when the link is optional). */
function TargetSelect(p: TargetSelectProps) {
  const { t } = useTranslation();
  return (
    <Form.Item label={p.label} required={p.required} extra={p.extra} style={p.style}>
      <Select
        allowClear={!p.required}
        value={p.value || undefined}
        placeholder={p.placeholder ?? t('wf.chooseTarget')}
        onChange={(v?: string) => p.onChange(v ?? null)}
        options={targetOptions(p.graph, p.node.key, p.only)}
        notFoundContent={p.notFound}
        data-testid={p.testId}
      />
    </Form.Item>
  );
}

function QuotaInput({ value, onChange, testId }: { value: Quota | undefined; onChange: (q: Quota) => void; testId: string }) {
  const { t } = useTranslation();
  const q = value ?? { amount: 1, unit: 'day' };
  return (
    <Form.Item label={t('wf.quota')} required>
      <Space.Compact>
        <InputNumber
          min={0}
          step={q.unit === 'day' ? 0.5 : 1}
          value={q.amount}
          onChange={(v) => onChange({ ...q, amount: typeof v === 'number' ? v : 0 })}
          data-testid={`${testId}-quota`}
          style={{ width: 100 }}
        />
        <Select
          value={q.unit}
          onChange={(unit) => onChange({ ...q, unit })}
          data-testid={`${testId}-quota-unit`}
          style={{ width: 170 }}
          options={[
            { value: 'day', label: t('wf.quotaDay') },
            { value: 'hour', label: t('wf.quotaHour') },
          ]}
        />
      </Space.Compact>
    </Form.Item>
  );
}

function TaskFields({ node, graph, context, onChange }: { node: TaskNode; graph: WorkflowGraph; context: WorkflowContext | undefined; onChange: (n: TaskNode) => void }) {
  const { t } = useTranslation();
  const ownUnit = context?.units.find((u) => u.id === context.unitId);
  const unitId = node.assignee?.unitId || context?.unitId;
  const officers = (context?.officers ?? []).filter((o) => o.roles.some((r) => r.unitId === unitId && r.role === node.assignee?.role));
  const action = (kind: string) => node.actions.find((a) => a.kind === kind);
  const setActions = (actions: TaskNode['actions']) => onChange({ ...node, actions });
  const assignee = (change: Partial<TaskNode['assignee']>) => onChange({ ...node, assignee: { ...node.assignee, ...change } });
  const noRefusalEnd = !!action('refuse') && !refusalEnd(graph);
  return (
    <>
      <Form.Item label={t('wf.role')} required>
        <Select
          value={node.assignee?.role}
          onChange={(role: OfficerRole) => assignee({ role, userId: null })}
          options={roleOptions(t)}
          data-testid="wf-node-role"
        />
      </Form.Item>
      <Form.Item label={t('wf.unit')}>
        <Select
          value={node.assignee?.unitId ?? ''}
          onChange={(v: string) => assignee({ unitId: v || null, userId: null })}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="wf-node-unit"
          options={[
            { value: '', label: t('wf.ownUnit', { name: ownUnit?.name ?? '' }) },
            ...(context?.units ?? []).filter((u) => u.id !== context?.unitId).map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
      </Form.Item>
      <Form.Item label={t('wf.officer')} extra={t('wf.officerHint')}>
        <Select
          allowClear
          value={node.assignee?.userId ?? undefined}
          placeholder={t('wf.anyOfficer')}
          onChange={(v: string | undefined) => assignee({ userId: v ?? null })}
          options={officers.map((o) => ({ value: o.id, label: o.fullName }))}
          data-testid="wf-node-officer"
        />
      </Form.Item>
      <QuotaInput value={node.quota} onChange={(quota) => onChange({ ...node, quota })} testId="wf-node" />
      <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
        {t('wf.actions')}
      </Divider>
      <TargetSelect
        graph={graph}
        node={node}
        label={t('wf.advanceTarget')}
        required
        value={action('advance')?.target}
        onChange={(v) => setActions(setAction(node.actions, 'advance', v ?? undefined))}
        testId="wf-node-advance"
      />
      <TargetSelect
        graph={graph}
        node={node}
        label={t('wf.backTarget')}
        placeholder={t('wf.noBack')}
        value={action('back')?.target}
        onChange={(v) => setActions(setAction(node.actions, 'back', v))}
        testId="wf-node-back"
      />
      <TargetSelect
        graph={graph}
        node={node}
        label={t('wf.consultTarget')}
        placeholder={t('wf.noConsult')}
        only="consultation"
        notFound={t('wf.noConsultationNode')}
        value={action('consult')?.target}
        onChange={(v) => setActions(setAction(node.actions, 'consult', v))}
        testId="wf-node-consult"
      />
      <Space orientation="vertical" size={4} style={{ marginBottom: 12 }}>
        <Checkbox
          checked={!!action('supplement')}
          onChange={(e) => setActions(setAction(node.actions, 'supplement', undefined, e.target.checked))}
          data-testid="wf-node-supplement"
        >
          {t('wf.allowSupplement')}
        </Checkbox>
        <Checkbox
          checked={!!action('refuse')}
          onChange={(e) => setActions(setAction(node.actions, 'refuse', undefined, e.target.checked))}
          data-testid="wf-node-refuse"
        >
          {t('wf.allowRefuse')}
        </Checkbox>
        {noRefusalEnd && <Typography.Text type="warning">{t('wf.needRefusalEnd')}</Typography.Text>}
      </Space>
    </>
  );
}

/** The value box of a condition, shaped by the field's type. */
function ConditionValue({ when, field, onChange, testId }: { when: Condition; field: WorkflowFormField | undefined; onChange: (v: Condition['value']) => void; testId: string }) {
  const { t } = useTranslation();
  if (when.op === 'truthy' || when.op === 'falsy') return null;
  if (when.source === 'field' && field?.enum?.length) {
    return (
      <Select
        value={when.value as string | undefined}
        onChange={onChange}
        placeholder={t('wf.value')}
        options={field.enum.map((v) => ({ value: v as string, label: String(v) }))}
        data-testid={testId}
        style={{ width: '100%' }}
      />
    );
  }
  if (when.source === 'field' && field?.type === 'boolean') {
    return (
      <Select
        value={when.value as boolean | undefined}
        onChange={onChange}
        placeholder={t('wf.value')}
        options={[
          { value: true, label: t('dossier.yes') },
          { value: false, label: t('dossier.no') },
        ]}
        data-testid={testId}
        style={{ width: '100%' }}
      />
    );
  }
  if (when.source === 'fee' || field?.type === 'number' || field?.type === 'integer') {
    return (
      <InputNumber
        value={typeof when.value === 'number' ? when.value : undefined}
        onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
        placeholder={t('wf.value')}
        data-testid={testId}
        style={{ width: '100%' }}
      />
    );
  }
  return (
    <Input
      value={when.value === undefined ? '' : String(when.value)}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      placeholder={t('wf.value')}
      data-testid={testId}
    />
  );
}

function RouteFields({ route, index, graph, node, fields, onChange, onRemove }: {
  route: BranchRoute; index: number; graph: WorkflowGraph; node: BranchNode; fields: WorkflowFormField[];
  onChange: (r: BranchRoute) => void; onRemove: () => void;
}) {
  const { t } = useTranslation();
  const when = route.when ?? { source: 'fee', op: 'gt', value: 0 };
  const field = fields.find((f) => f.path === when.field);
  const setWhen = (change: Partial<Condition>) => onChange({ ...route, when: { ...when, ...change } });
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      title={t('wf.routeN', { n: index + 1 })}
      extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('wf.removeRoute')} data-testid={`wf-route-remove-${index}`} />}
      data-testid={`wf-route-${index}`}
    >
      <Radio.Group
        value={when.source}
        onChange={(e) => onChange({ ...route, when: e.target.value === 'fee' ? { source: 'fee', op: 'gt', value: 0 } : { source: 'field', op: 'eq' } })}
        optionType="button"
        size="small"
        style={{ marginBottom: 8 }}
        data-testid={`wf-route-source-${index}`}
        options={[
          { value: 'field', label: t('wf.sourceField') },
          { value: 'fee', label: t('wf.sourceFee') },
        ]}
      />
      {when.source === 'field' && (
        <Form.Item label={t('wf.field')} style={{ marginBottom: 8 }}>
          <Select
            value={when.field}
            placeholder={t('wf.chooseField')}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(f: string) => setWhen({ field: f, value: undefined })}
            options={fields.map((f) => ({ value: f.path, label: f.title || f.path }))}
            notFoundContent={t('wf.noFormFields')}
            data-testid={`wf-route-field-${index}`}
          />
        </Form.Item>
      )}
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Select
          value={when.op}
          onChange={(op: Condition['op']) => setWhen({ op, ...(op === 'truthy' || op === 'falsy' ? { value: undefined } : {}) })}
          options={CONDITION_OPS.map((op) => ({ value: op, label: t(`wf.op.${op}`) }))}
          style={{ width: 150, flex: 'none' }}
          data-testid={`wf-route-op-${index}`}
        />
        <ConditionValue when={when} field={field} onChange={(value) => setWhen({ value })} testId={`wf-route-value-${index}`} />
      </Space.Compact>
      <TargetSelect
        graph={graph}
        node={node}
        label={t('wf.routeTarget')}
        required
        style={{ marginBottom: 0 }}
        value={route.target}
        onChange={(target) => onChange({ ...route, target: target ?? '' })}
        testId={`wf-route-target-${index}`}
      />
    </Card>
  );
}

function BranchFields({ node, graph, context, onChange }: { node: BranchNode; graph: WorkflowGraph; context: WorkflowContext | undefined; onChange: (n: BranchNode) => void }) {
  const { t } = useTranslation();
  const routes = node.routes ?? [];
  const setRoutes = (next: BranchRoute[]) => onChange({ ...node, routes: next });
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('wf.branchHint')}
      </Typography.Paragraph>
      {routes.map((r, i) => (
        <RouteFields
          key={i}
          route={r}
          index={i}
          graph={graph}
          node={node}
          fields={context?.formFields ?? []}
          onChange={(next) => setRoutes(routes.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setRoutes(routes.filter((_, j) => j !== i))}
        />
      ))}
      <Button
        block
        icon={<PlusOutlined />}
        onClick={() => setRoutes([...routes, { when: { source: 'field', op: 'eq' }, target: '' }])}
        style={{ marginBottom: 12 }}
        data-testid="wf-route-add"
      >
        {t('wf.addRoute')}
      </Button>
      <TargetSelect
        graph={graph}
        node={node}
        label={t('wf.otherwise')}
        required
        value={node.otherwise}
        onChange={(otherwise) => onChange({ ...node, otherwise: otherwise ?? '' })}
        testId="wf-node-otherwise"
      />
    </>
  );
}

function otherUnitOptions(context: WorkflowContext | undefined) {
  return (context?.units ?? []).filter((u) => u.id !== context?.unitId).map((u) => ({ value: u.id, label: u.name }));
}

function NextSelect({ graph, node, value, onChange }: { graph: WorkflowGraph; node: WorkflowNode; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return <TargetSelect graph={graph} node={node} label={t('wf.next')} required value={value} onChange={(v) => onChange(v ?? '')} testId="wf-node-next" />;
}

function ConsultationFields({ node, graph, context, onChange }: { node: ConsultationNode; graph: WorkflowGraph; context: WorkflowContext | undefined; onChange: (n: ConsultationNode) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={t('wf.consultUnits')} required>
        <Select
          mode="multiple"
          value={node.units ?? []}
          onChange={(units: string[]) => onChange({ ...node, units })}
          showSearch={{ optionFilterProp: 'label' }}
          options={otherUnitOptions(context)}
          data-testid="wf-node-units"
        />
      </Form.Item>
      <Form.Item label={t('wf.answerRole')} required>
        <Select value={node.role} onChange={(role: OfficerRole) => onChange({ ...node, role })} options={roleOptions(t)} data-testid="wf-node-role" />
      </Form.Item>
      <QuotaInput value={node.quota} onChange={(quota) => onChange({ ...node, quota })} testId="wf-node" />
      <Form.Item label={t('wf.join')} required>
        <Space.Compact>
          <Select
            value={node.join}
            onChange={(join: ConsultationNode['join']) => onChange({ ...node, join, quorum: join === 'quorum' ? node.quorum ?? 1 : undefined })}
            style={{ width: 200 }}
            options={(['all', 'any', 'quorum'] as const).map((j) => ({ value: j, label: t(`wf.joinKind.${j}`) }))}
            data-testid="wf-node-join"
          />
          {node.join === 'quorum' && (
            <InputNumber min={1} precision={0} value={node.quorum} onChange={(v) => onChange({ ...node, quorum: v ?? undefined })} data-testid="wf-node-quorum" />
          )}
        </Space.Compact>
      </Form.Item>
      <NextSelect graph={graph} node={node} value={node.next} onChange={(next) => onChange({ ...node, next })} />
    </>
  );
}

function TransferFields({ node, graph, context, onChange }: { node: TransferNode; graph: WorkflowGraph; context: WorkflowContext | undefined; onChange: (n: TransferNode) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={t('wf.transferUnit')} required>
        <Select
          value={node.unitId || undefined}
          placeholder={t('wf.chooseUnit')}
          onChange={(unitId: string) => onChange({ ...node, unitId })}
          showSearch={{ optionFilterProp: 'label' }}
          options={otherUnitOptions(context)}
          data-testid="wf-node-transfer-unit"
        />
      </Form.Item>
      <QuotaInput value={node.quota} onChange={(quota) => onChange({ ...node, quota })} testId="wf-node" />
      <NextSelect graph={graph} node={node} value={node.next} onChange={(next) => onChange({ ...node, next })} />
      <TargetSelect
        graph={graph}
        node={node}
        label={t('wf.onRefusal')}
        extra={t('wf.onRefusalHint')}
        placeholder={t('wf.sameAsNext')}
        value={node.onRefusal}
        onChange={(v) => onChange({ ...node, onRefusal: v ?? undefined })}
        testId="wf-node-on-refusal"
      />
    </>
  );
}

function EndFields({ node, onChange }: { node: EndNode; onChange: (n: EndNode) => void }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('wf.outcome')} required>
      <Radio.Group
        value={node.outcome}
        onChange={(e) => onChange({ ...node, outcome: e.target.value })}
        data-testid="wf-node-outcome"
        options={[
          { value: 'result', label: t('wf.type.end_result') },
          { value: 'refusal', label: t('wf.type.end_refusal') },
        ]}
      />
    </Form.Item>
  );
}

/** The key box: applied only when valid and unused, so references are never merged into another node. */
function KeyInput({ graph, node, editable, onRename }: { graph: WorkflowGraph; node: WorkflowNode; editable: boolean; onRename: (k: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(node.key);
  useEffect(() => setDraft(node.key), [node.key]);
  const taken = draft !== node.key && graph.nodes.some((n) => n.key === draft);
  const error = !NODE_KEY_PATTERN.test(draft) ? t('wf.keyRule') : taken ? t('wf.keyTaken') : null;
  return (
    <Form.Item label={t('wf.key')} validateStatus={error ? 'error' : undefined} help={error ?? (editable ? t('wf.keyHint') : t('wf.keyLocked'))}>
      <Input
        value={draft}
        disabled={!editable}
        onChange={(e) => {
          const v = e.target.value.trim();
          setDraft(v);
          if (NODE_KEY_PATTERN.test(v) && !graph.nodes.some((n) => n.key === v && n.key !== node.key)) onRename(v);
        }}
        data-testid="wf-node-key"
      />
    </Form.Item>
  );
}

export function NodePanel(p: NodePanelProps) {
  const { t } = useTranslation();
  const { node, graph, context } = p;
  return (
    <Form layout="vertical" size="small" disabled={p.readOnly} data-testid="wf-node-panel" data-node={node.key}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>{typeLabel(t, node)}</Typography.Text>
        {!p.readOnly && (
          <Space size={4}>
            {node.type !== 'end' && (
              <Button size="small" icon={<FlagOutlined />} disabled={graph.start === node.key} onClick={p.onSetStart} data-testid="wf-node-set-start">
                {graph.start === node.key ? t('wf.isStart') : t('wf.setStart')}
              </Button>
            )}
            <Popconfirm title={t('wf.deleteNodeConfirm')} okText={t('wf.deleteNode')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={p.onDelete}>
              <Button size="small" danger icon={<DeleteOutlined />} data-testid="wf-node-delete">
                {t('wf.deleteNode')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      {p.issues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <ul className="wf-issue-list">
              {p.issues.map((i, n) => (
                <li key={n}>{i.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form.Item label={t('wf.name')} required>
        <Input value={node.name} onChange={(e) => p.onChange({ ...node, name: e.target.value })} data-testid="wf-node-name" />
      </Form.Item>
      <KeyInput graph={graph} node={node} editable={p.keyEditable && !p.readOnly} onRename={p.onRenameKey} />
      {node.type === 'task' && <TaskFields node={node} graph={graph} context={context} onChange={p.onChange} />}
      {node.type === 'branch' && <BranchFields node={node} graph={graph} context={context} onChange={p.onChange} />}
      {node.type === 'consultation' && <ConsultationFields node={node} graph={graph} context={context} onChange={p.onChange} />}
      {node.type === 'transfer' && <TransferFields node={node} graph={graph} context={context} onChange={p.onChange} />}
      {node.type === 'end' && <EndFields node={node} onChange={p.onChange} />}
    </Form>
  );
}
