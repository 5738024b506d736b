/**
 * A dossier's process diagram (GET /dossiers/{id}/process): its workflow drawn with the designer's
 * nodes, the path taken highlighted, the current step(s) pulsing; below, every visit of a step and
 * the liên thông legs at other units.
 */
import { useMemo } from 'react';
import { Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Edge } from '@xyflow/react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { WorkflowGraph } from '../../../common/workflow';
import { ApiError } from '../api/client';
import { useDossierProcess } from '../dossier/api';
import type { DossierStatus, ProcessLeg, ProcessVisit, VisitState } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { StatusTag } from '../components/StatusTag';
import { formatWorkingDuration } from '../lib/deadline';
import { formatDateTime } from '../lib/format';
import { buildEdges, buildNodes, FlowCanvas, useFlowNodes } from './FlowCanvas';
import type { NodeState, WfFlowNode } from './FlowCanvas';
import { linksOf, pathThroughBranches, schemaFields, withPositions } from './graph';
import type { Link as GraphLink } from './graph';

const VISIT_COLORS: Record<VisitState, string> = { open: 'processing', done: 'green', cancelled: 'default', expired: 'red' };

/** The nodes and links on the path the dossier took, from its visits in time order. */
export function pathTaken(g: WorkflowGraph, visits: ProcessVisit[], current: string[], refused: boolean) {
  const keys = new Set(g.nodes.map((n) => n.key));
  const seq = visits
    .filter((v): v is ProcessVisit & { nodeKey: string } => !!v.nodeKey && keys.has(v.nodeKey))
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
  const links = linksOf(g);
  const nodes = new Set(seq.map((v) => v.nodeKey));
  const taken = new Set<string>();
  const walk = (from: string, to: string): boolean => {
    const direct = links.find((l) => l.source === from && l.target === to);
    const path: GraphLink[] | null = direct ? [direct] : pathThroughBranches(g, from, to);
    for (const l of path ?? []) {
      taken.add(l.id);
      nodes.add(l.target);
    }
    return !!path;
  };
  for (let i = 1; i < seq.length; i++) if (seq[i - 1].nodeKey !== seq[i].nodeKey) walk(seq[i - 1].nodeKey, seq[i].nodeKey);
  // A dossier past its last step: the end it reached (the refusal end when it was refused).
  const last = seq[seq.length - 1];
  if (last && current.length === 0 && last.state === 'done') {
    const ends = g.nodes.filter((n) => n.type === 'end').sort((a, b) => Number((a.type === 'end' && a.outcome === 'refusal') !== refused) - Number((b.type === 'end' && b.outcome === 'refusal') !== refused));
    for (const e of ends) if (walk(last.nodeKey, e.key)) break;
  }
  const states = new Map<string, NodeState>();
  for (const k of nodes) states.set(k, 'visited');
  for (const k of current) states.set(k, 'current');
  return { states, taken };
}

function usedCell(t: TFunction, v: ProcessVisit) {
  const over = v.onTime === false || (!!v.quotaHours && v.usedMinutes > v.quotaHours * 60);
  return (
    <Typography.Text type={over ? 'danger' : undefined} data-over={over || undefined}>
      {formatWorkingDuration(t, v.usedMinutes)}
    </Typography.Text>
  );
}

const REFUSED = new Set<string>(['refused', 'rejected']);

interface Props {
  dossierId: string;
  status: DossierStatus;
  /** The procedure's e-form (JSON Schema): names the fields of branch conditions. */
  formSchema?: unknown;
  /** Officers may open the liên thông legs (applicants follow the dossier they applied for). */
  officer: boolean;
}

export default function ProcessDiagram({ dossierId, status, formSchema, officer }: Props) {
  const { t } = useTranslation();
  const process = useDossierProcess(dossierId);
  const data = process.data;
  const graph = useMemo(() => (data ? withPositions(data.definition) : null), [data]);
  const fields = useMemo(() => schemaFields(formSchema), [formSchema]);
  const path = useMemo(() => (graph && data ? pathTaken(graph, data.visits ?? [], data.current ?? [], REFUSED.has(status)) : null), [graph, data, status]);
  const built = useMemo<WfFlowNode[]>(() => (graph && path ? buildNodes(t, graph, { states: path.states, readOnly: true }) : []), [t, graph, path]);
  const [nodes, onNodesChange] = useFlowNodes(built);
  const edges = useMemo<Edge[]>(() => (graph && path ? buildEdges(t, graph, { highlighted: path.taken, fields, readOnly: true }) : []), [t, graph, path, fields]);

  if (process.isLoading) return <PageSpinner />;
  if (process.isError) {
    if (process.error instanceof ApiError && process.error.status === 404) {
      return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('process.none')} />;
    }
    return <ProblemAlert error={process.error} onRetry={() => void process.refetch()} />;
  }
  if (!data || !graph) return null;
  const showHolder = (data.visits ?? []).some((v) => v.holder);

  const visitColumns: TableProps<ProcessVisit>['columns'] = [
    { title: t('process.step'), dataIndex: 'name', key: 'step' },
    { title: t('process.unit'), dataIndex: 'unitName', key: 'unit', width: 180 },
    ...(showHolder ? [{ title: t('process.holder'), key: 'holder', width: 160, render: (_: unknown, v: ProcessVisit) => v.holder?.fullName ?? t('process.pool') }] : []),
    { title: t('process.entered'), dataIndex: 'enteredAt', key: 'entered', width: 140, render: (v: string) => formatDateTime(v) },
    { title: t('process.left'), dataIndex: 'leftAt', key: 'left', width: 140, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('process.time'),
      key: 'time',
      width: 170,
      render: (_, v) => (
        <span>
          {usedCell(t, v)}
          {v.quotaHours ? <Typography.Text type="secondary"> / {formatWorkingDuration(t, v.quotaHours * 60)}</Typography.Text> : null}
        </span>
      ),
    },
    {
      title: t('process.state'),
      dataIndex: 'state',
      key: 'state',
      width: 120,
      render: (s: VisitState) => (
        <Tag color={VISIT_COLORS[s] ?? 'default'} data-testid="process-visit-state" data-state={s}>
          {t(`process.visitState.${s}`, { defaultValue: s })}
        </Tag>
      ),
    },
  ];

  const legColumns: TableProps<ProcessLeg>['columns'] = [
    { title: t('process.unit'), dataIndex: 'unitName', key: 'unit' },
    { title: t('dossier.status'), dataIndex: 'status', key: 'status', width: 190, render: (s: string) => <StatusTag status={s} testId="process-leg-status" /> },
    { title: t('dossier.dueAt'), dataIndex: 'dueAt', key: 'due', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: t('dossier.completedAt'), dataIndex: 'completedAt', key: 'completed', width: 140, render: (v: string | null) => formatDateTime(v) },
    ...(officer
      ? [
          {
            title: '',
            key: 'open',
            width: 110,
            render: (_: unknown, l: ProcessLeg) => (
              <Link to={`/ho-so/${encodeURIComponent(l.dossierId)}`} data-testid="process-leg-link">
                {t('process.openLeg')}
              </Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="process-diagram" data-current={(data.current ?? []).join(',')}>
      {data.origin && (
        <Typography.Paragraph>
          {t('process.origin', { unit: data.origin.unitName })}{' '}
          <Link to={`/ho-so/${encodeURIComponent(data.origin.dossierId)}`} data-testid="process-origin-link">
            {t('process.openOrigin')}
          </Link>
        </Typography.Paragraph>
      )}
      <Space size={12} wrap style={{ marginBottom: 8, fontSize: 12 }}>
        <span className="wf-legend wf-legend-visited">{t('process.legendVisited')}</span>
        <span className="wf-legend wf-legend-current">{t('process.legendCurrent')}</span>
        <span className="wf-legend wf-legend-idle">{t('process.legendIdle')}</span>
      </Space>
      <FlowCanvas
        height={440}
        readOnly
        testId="process-canvas"
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        elementsSelectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('process.visits')}
      </Typography.Title>
      <Table<ProcessVisit>
        size="small"
        rowKey="taskId"
        pagination={false}
        dataSource={[...(data.visits ?? [])].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))}
        columns={visitColumns}
        scroll={{ x: 800 }}
        data-testid="process-visits"
        onRow={(v) => ({ 'data-testid': 'process-visit', 'data-node': v.nodeKey ?? '', 'data-state': v.state } as React.HTMLAttributes<HTMLElement>)}
      />
      {(data.legs ?? []).length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('process.legs')}
          </Typography.Title>
          <Table<ProcessLeg>
            size="small"
            rowKey="dossierId"
            pagination={false}
            dataSource={data.legs}
            columns={legColumns}
            scroll={{ x: 700 }}
            data-testid="process-legs"
          />
        </>
      )}
    </div>
  );
}
