/**
 * The workflow canvas shared by the designer (editable) and the dossier's process diagram (read-only).
 *
 * Why React Flow (@xyflow/react) and not bpmn-js: our definitions are our own JSON graph
 * (common/workflow.ts, schema 2), not BPMN XML; DESIGN.md keeps BPMN only as a later import/export
 * format. React Flow is a React component library rendering our own node components (antd inside,
 * i18n, test ids) over plain data, so the designer edits the graph directly instead of round-tripping
 * through a BPMN model and its diagram interchange.
 */
import { useCallback, useEffect, useState } from 'react';
import { applyNodeChanges, Background, Controls, Handle, MarkerType, Panel, Position as Side, ReactFlow } from '@xyflow/react';
import type { Edge, Node, NodeChange, NodeProps, ReactFlowProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Tag } from 'antd';
import {
  BranchesOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  CommentOutlined,
  SendOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { quotaHours } from '../../../common/workflow';
import type { Condition, WorkflowGraph, WorkflowNode } from '../../../common/workflow';
import type { WorkflowFormField } from '../api/types';
import { formatWorkingDuration } from '../lib/deadline';
import { linksOf } from './graph';
import type { Link, LinkKind } from './graph';

/** How a node looks in the process diagram: on the path taken, where the dossier is now, or not reached. */
export type NodeState = 'visited' | 'current' | 'idle';

export interface WfNodeData extends Record<string, unknown> {
  node: WorkflowNode;
  start: boolean;
  invalid: boolean;
  state?: NodeState;
  /** One line under the name: role, unit, time quota… */
  detail: string;
  readOnly: boolean;
}
export type WfFlowNode = Node<WfNodeData, 'wf'>;

const ICONS: Record<WorkflowNode['type'], React.ReactNode> = {
  task: <UserOutlined />,
  branch: <BranchesOutlined />,
  consultation: <CommentOutlined />,
  transfer: <SendOutlined />,
  end: <CheckCircleOutlined />,
};

/** "Bước xử lý", "Rẽ nhánh", … or the end's outcome. */
export function typeLabel(t: TFunction, n: WorkflowNode): string {
  return n.type === 'end' ? t(`wf.type.end_${n.outcome}`) : t(`wf.type.${n.type}`);
}

/** Source handles (the link kinds a node can start) and where they sit on the box. */
const HANDLES: Record<WorkflowNode['type'], { id: string; side: Side; style?: React.CSSProperties; connectable: boolean }[]> = {
  task: [
    { id: 'advance', side: Side.Bottom, connectable: true },
    { id: 'back', side: Side.Left, connectable: true },
    { id: 'consult', side: Side.Right, style: { top: '30%' }, connectable: true },
    { id: 'refuse', side: Side.Right, style: { top: '70%' }, connectable: false },
  ],
  branch: [
    { id: 'route', side: Side.Bottom, style: { left: '30%' }, connectable: true },
    { id: 'otherwise', side: Side.Bottom, style: { left: '70%' }, connectable: true },
  ],
  consultation: [{ id: 'next', side: Side.Bottom, connectable: true }],
  transfer: [
    { id: 'next', side: Side.Bottom, connectable: true },
    { id: 'onRefusal', side: Side.Right, connectable: true },
  ],
  end: [],
};

function WfNode({ data, selected }: NodeProps<WfFlowNode>) {
  const { t } = useTranslation();
  const n = data.node;
  const classes = [
    'wf-node',
    `wf-node-${n.type}`,
    n.type === 'end' ? `wf-node-end-${n.outcome}` : '',
    data.invalid ? 'wf-node-invalid' : '',
    selected ? 'wf-node-selected' : '',
    data.state ? `wf-node-${data.state}` : '',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`wf-node-${n.key}`} data-state={data.state} data-invalid={data.invalid || undefined}>
      <Handle type="target" position={Side.Top} id="in" isConnectable={!data.readOnly} />
      <div className="wf-node-type">
        {n.type === 'end' && n.outcome === 'refusal' ? <CloseCircleOutlined /> : ICONS[n.type]} {typeLabel(t, n)}
        {data.start && (
          <Tag color="blue" className="wf-node-start">
            {t('wf.start')}
          </Tag>
        )}
      </div>
      <div className="wf-node-name" title={n.name || n.key}>
        {n.name || n.key}
      </div>
      {data.detail && (
        <div className="wf-node-detail" title={data.detail}>
          {data.detail}
        </div>
      )}
      {HANDLES[n.type].map((h) => (
        <Handle
          key={h.id}
          type="source"
          id={h.id}
          position={h.side}
          style={h.style}
          className={`wf-handle-${h.id}`}
          isConnectable={!data.readOnly && h.connectable}
          title={t(`wf.link.${h.id}`)}
        />
      ))}
    </div>
  );
}

const nodeTypes = { wf: WfNode };

/** What the node boxes need to describe a step: unit names and form field titles. */
export interface NodeDescribeContext {
  unitName?: (id: string) => string | undefined;
  ownUnitId?: string;
}

/** The line under a node's name. */
export function nodeDetail(t: TFunction, n: WorkflowNode, c: NodeDescribeContext): string {
  const quota = (q: { amount: number; unit: 'hour' | 'day' } | undefined) =>
    q && q.amount > 0 ? formatWorkingDuration(t, quotaHours(q) * 60) : '';
  const unit = (id: string | null | undefined) => (id && id !== c.ownUnitId ? c.unitName?.(id) ?? '' : '');
  const parts: string[] = [];
  switch (n.type) {
    case 'task':
      parts.push(t(`role.${n.assignee?.role}`, { defaultValue: n.assignee?.role ?? '' }), unit(n.assignee?.unitId), quota(n.quota));
      break;
    case 'branch':
      parts.push(t('wf.routesCount', { count: n.routes?.length ?? 0 }));
      break;
    case 'consultation':
      parts.push(t('wf.unitsCount', { count: n.units?.length ?? 0 }), quota(n.quota));
      break;
    case 'transfer':
      parts.push(unit(n.unitId), quota(n.quota));
      break;
    case 'end':
      break;
  }
  return parts.filter(Boolean).join(' · ');
}

export interface BuildNodesOptions extends NodeDescribeContext {
  selected?: string | null;
  invalid?: ReadonlySet<string>;
  states?: ReadonlyMap<string, NodeState>;
  readOnly: boolean;
}

export function buildNodes(t: TFunction, g: WorkflowGraph, o: BuildNodesOptions): WfFlowNode[] {
  return g.nodes.map((n) => ({
    id: n.key,
    type: 'wf',
    position: n.position ?? { x: 0, y: 0 },
    selected: o.selected === n.key,
    deletable: !o.readOnly,
    data: {
      node: n,
      start: g.start === n.key,
      invalid: o.invalid?.has(n.key) ?? false,
      state: o.states ? o.states.get(n.key) ?? 'idle' : undefined,
      detail: nodeDetail(t, n, o),
      readOnly: o.readOnly,
    },
  }));
}

const LINK_COLORS: Record<LinkKind, string> = {
  advance: '#0b5cad',
  next: '#0b5cad',
  back: '#8c8c8c',
  consult: '#722ed1',
  refuse: '#cf1322',
  onRefusal: '#cf1322',
  route: '#d46b08',
  otherwise: '#595959',
};
const DASHED = new Set<LinkKind>(['back', 'consult', 'refuse', 'onRefusal']);

const OPS: Record<Condition['op'], string> = { eq: '=', neq: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', truthy: '', falsy: '' };

/** "Nếu phí > 0", "Nếu Quan hệ = Cha", "Nếu Có đất ở có giá trị". */
export function conditionLabel(t: TFunction, c: Condition | undefined, fields: WorkflowFormField[] = []): string {
  if (!c) return '';
  const subject = c.source === 'fee' ? t('wf.cond.fee') : fields.find((f) => f.path === c.field)?.title ?? c.field ?? '?';
  if (c.op === 'truthy' || c.op === 'falsy') return t('wf.cond.ifUnary', { subject, op: t(`wf.op.${c.op}`) });
  const value = typeof c.value === 'boolean' ? t(c.value ? 'dossier.yes' : 'dossier.no') : String(c.value ?? '?');
  return t('wf.cond.if', { subject, op: OPS[c.op] ?? c.op, value });
}

export interface BuildEdgesOptions {
  fields?: WorkflowFormField[];
  /** Links on the path taken (process diagram): others are greyed. */
  highlighted?: ReadonlySet<string>;
  selected?: string | null;
  readOnly: boolean;
}

export function linkLabel(t: TFunction, g: WorkflowGraph, l: Link, fields?: WorkflowFormField[]): string {
  if (l.kind !== 'route') return t(`wf.link.${l.kind}`);
  const n = g.nodes.find((x) => x.key === l.source);
  const route = n?.type === 'branch' ? n.routes[l.index ?? 0] : undefined;
  return route?.label || conditionLabel(t, route?.when, fields);
}

export function buildEdges(t: TFunction, g: WorkflowGraph, o: BuildEdgesOptions): Edge[] {
  return linksOf(g).map((l) => {
    const dim = o.highlighted && !o.highlighted.has(l.id);
    const color = dim ? '#d9d9d9' : LINK_COLORS[l.kind];
    return {
      id: l.id,
      source: l.source,
      target: l.target,
      sourceHandle: l.handle,
      targetHandle: 'in',
      // "Send back" loops run along the left side; the legend names them instead of a label over the boxes.
      label: l.kind === 'back' ? undefined : linkLabel(t, g, l, o.fields),
      selected: o.selected === l.id,
      deletable: !o.readOnly,
      animated: !!o.highlighted && !dim,
      data: { kind: l.kind },
      style: { stroke: color, strokeWidth: o.highlighted && !dim ? 3 : 1.6, strokeDasharray: DASHED.has(l.kind) ? '6 4' : undefined },
      labelStyle: { fill: dim ? '#bfbfbf' : color, fontSize: 11, fontWeight: 500 },
      labelBgStyle: { fill: '#fff' },
      labelBgPadding: [4, 2] as [number, number],
      markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
    };
  });
}

/** React Flow nodes kept in state (they carry measured sizes), rebuilt whenever `built` changes. */
export function useFlowNodes(built: WfFlowNode[]) {
  const [nodes, setNodes] = useState<WfFlowNode[]>(built);
  useEffect(() => {
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      return built.map((n) => {
        const measured = old.get(n.id)?.measured;
        return measured ? { ...n, measured } : n;
      });
    });
  }, [built]);
  const onNodesChange = useCallback((changes: NodeChange<WfFlowNode>[]) => setNodes((nds) => applyNodeChanges(changes, nds)), []);
  return [nodes, onNodesChange] as const;
}

/** What the line styles mean. */
function LinkLegend() {
  const { t } = useTranslation();
  const kinds: LinkKind[] = ['advance', 'back', 'consult', 'refuse', 'route'];
  return (
    <Panel position="top-right" className="wf-link-legend">
      {kinds.map((k) => (
        <div key={k}>
          <svg width="26" height="8" aria-hidden>
            <line x1="0" y1="4" x2="26" y2="4" stroke={LINK_COLORS[k]} strokeWidth="2" strokeDasharray={DASHED.has(k) ? '5 3' : undefined} />
          </svg>{' '}
          {t(`wf.link.${k}`)}
        </div>
      ))}
    </Panel>
  );
}

type CanvasProps = ReactFlowProps<WfFlowNode, Edge> & { height: number | string; testId?: string; readOnly?: boolean };

/** React Flow with our node type, background grid and zoom controls. */
export function FlowCanvas({ height, testId, readOnly, ...props }: CanvasProps) {
  return (
    <div style={{ height }} className={`wf-canvas${readOnly ? ' wf-canvas-readonly' : ''}`} data-testid={testId}>
      <ReactFlow<WfFlowNode, Edge>
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        minZoom={0.2}
        maxZoom={1.5}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        {...props}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
        <LinkLegend />
      </ReactFlow>
    </div>
  );
}
