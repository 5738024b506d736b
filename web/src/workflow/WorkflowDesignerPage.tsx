/**
 * Visual workflow designer (/quan-tri/quy-trinh/:id): the internal process of a procedure at a unit
 * drawn as a graph, validated live with the same validator the server runs on publish.
 *
 * Usable without drag and drop: palette buttons place new nodes automatically and every link can be
 * chosen from selects in the side panel; links drawn on the canvas write the same properties.
 */
import { useCallback, useMemo, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Flex, Popconfirm, Row, Select, Space, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  CopyOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  SaveOutlined,
  SendOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { Connection, Edge, EdgeChange } from '@xyflow/react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { longestPathHours, validateWorkflow } from '../../../common/workflow';
import type { ValidationIssue, WorkflowGraph, WorkflowNode } from '../../../common/workflow';
import { ApiError } from '../api/client';
import type { Problem } from '../api/client';
import { fetchWorkflowExport, useAdminWorkflow, useCreateWorkflow, useDeleteWorkflow, usePublishWorkflow, useSaveWorkflow, useWorkflowContext } from './api';
import type { WorkflowContext, WorkflowDetail } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatWorkingDuration } from '../lib/deadline';
import { formatDateTime } from '../lib/format';
import { useLeaveGuard } from '../lib/useLeaveGuard';
import { uniqueKey } from '../lib/form-builder';
import { CopyModal } from './CopyModal';
import { buildEdges, buildNodes, FlowCanvas, useFlowNodes } from './FlowCanvas';
import type { WfFlowNode } from './FlowCanvas';
import { connect, disconnect, freePosition, linksOf, newNode, PALETTE, removeNode, renameKey, replaceNode, slugKey, validationContext, withPositions } from './graph';
import type { PaletteKind } from './graph';
import { NodePanel } from './NodePanel';
import { WorkflowStatusTag } from './WorkflowStatusTag';

const LIST_URL = '/quan-tri?tab=workflows';

const PALETTE_ICONS: Record<PaletteKind, React.ReactNode> = {
  task: <UserOutlined />,
  branch: <BranchesOutlined />,
  consultation: <CommentOutlined />,
  transfer: <SendOutlined />,
  'end-result': <CheckCircleOutlined />,
  'end-refusal': <CloseCircleOutlined />,
};

/** Downloads a JSON document as a file. */
function downloadJson(name: string, doc: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The server's reasons for refusing to publish, by node key (`errors[].path` is "/nodes/<key>"). */
function publishErrors(err: ApiError): { path?: string; message: string }[] {
  const errors = err.problem.errors ?? [];
  if (errors.length === 0) return [{ message: err.message }];
  return errors.map((e) => ({ path: e.path && e.path !== '/' ? e.path.replace(/^\/?nodes\//, '') : undefined, message: e.message }));
}

/** Working hours as "3 ngày 4 giờ". */
function useHours() {
  const { t } = useTranslation();
  return (h: number) => formatWorkingDuration(t, h * 60);
}

function IssueList({ issues, graph, onPick, testId }: { issues: { node?: string; message: string }[]; graph: WorkflowGraph; onPick: (key: string) => void; testId: string }) {
  const keys = new Set(graph.nodes.map((n) => n.key));
  return (
    <ul className="wf-issue-list" data-testid={testId}>
      {issues.map((i, n) => (
        <li key={n} data-testid="wf-issue" data-node={i.node}>
          {i.node && keys.has(i.node) ? (
            <Typography.Link onClick={() => onPick(i.node!)}>{i.message}</Typography.Link>
          ) : (
            i.message
          )}
        </li>
      ))}
    </ul>
  );
}

interface DesignerProps {
  workflow: WorkflowDetail;
  context: WorkflowContext | undefined;
}

function Designer({ workflow, context }: DesignerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const flow = useReactFlow<WfFlowNode, Edge>();
  const hours = useHours();
  const readOnly = workflow.status !== 'draft';

  const [graph, setGraph] = useState<WorkflowGraph>(() => withPositions(workflow.definition));
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  /** Nodes added in this session: their key may be edited; in `autoKeys`, it follows the name. */
  const [newKeys, setNewKeys] = useState<ReadonlySet<string>>(new Set());
  const [autoKeys, setAutoKeys] = useState<ReadonlySet<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<{ path?: string; message: string }[] | null>(null);
  const [copyOpen, setCopyOpen] = useState(false);

  const save = useSaveWorkflow(workflow.id);
  const publish = usePublishWorkflow(workflow.id);
  const remove = useDeleteWorkflow();
  const create = useCreateWorkflow();

  const change = useCallback((next: WorkflowGraph | ((g: WorkflowGraph) => WorkflowGraph)) => {
    setGraph(next);
    setDirty(true);
    setServerErrors(null);
  }, []);

  const vctx = useMemo(() => validationContext(context, workflow.legalHours, workflow.unitId), [context, workflow.legalHours, workflow.unitId]);
  const issues = useMemo(() => validateWorkflow(graph, vctx), [graph, vctx]);
  const issuesByNode = useMemo(() => {
    const m = new Map<string, ValidationIssue[]>();
    for (const i of issues) if (i.node) m.set(i.node, [...(m.get(i.node) ?? []), i]);
    return m;
  }, [issues]);
  const invalid = useMemo(() => new Set([...issuesByNode.keys(), ...(serverErrors ?? []).map((e) => e.path ?? '')]), [issuesByNode, serverErrors]);
  const legalHours = context?.legalHours ?? workflow.legalHours ?? 0;
  const total = useMemo(() => (graph.nodes.some((n) => n.key === graph.start) ? longestPathHours(graph) : 0), [graph]);

  const unitName = useCallback((id: string) => context?.units.find((u) => u.id === id)?.name, [context]);
  const built = useMemo(
    () => buildNodes(t, graph, { selected, invalid, readOnly, unitName, ownUnitId: context?.unitId ?? workflow.unitId }),
    [t, graph, selected, invalid, readOnly, unitName, context, workflow.unitId],
  );
  const [nodes, onNodesChange] = useFlowNodes(built);
  const edges = useMemo(() => buildEdges(t, graph, { fields: context?.formFields, selected: selectedEdge, readOnly }), [t, graph, context, selectedEdge, readOnly]);

  const leave = useLeaveGuard(dirty, () => setDirty(false));

  function focus(key: string) {
    setSelected(key);
    const n = graph.nodes.find((x) => x.key === key);
    if (n?.position) void flow.setCenter(n.position.x + 110, n.position.y + 38, { zoom: Math.max(flow.getZoom(), 0.8), duration: 300 });
  }

  function addNode(kind: PaletteKind) {
    const near = graph.nodes.find((n) => n.key === selected)?.position;
    const node = newNode(kind, t(`wf.defaultName.${kind}`), graph.nodes.map((n) => n.key), freePosition(graph, near));
    change((g) => ({ ...g, start: g.start && g.nodes.some((n) => n.key === g.start) ? g.start : node.type === 'end' ? g.start : node.key, nodes: [...g.nodes, node] }));
    setNewKeys((s) => new Set(s).add(node.key));
    setAutoKeys((s) => new Set(s).add(node.key));
    setSelected(node.key);
    setTimeout(() => void flow.setCenter(node.position!.x + 110, node.position!.y + 38, { zoom: flow.getZoom(), duration: 300 }), 0);
  }

  function rename(from: string, to: string, manual: boolean) {
    if (from === to) return;
    change((g) => renameKey(g, from, to));
    const swap = (s: ReadonlySet<string>, keep: boolean) => {
      const next = new Set(s);
      next.delete(from);
      if (keep) next.add(to);
      return next;
    };
    setNewKeys((s) => swap(s, true));
    setAutoKeys((s) => swap(s, !manual && s.has(from)));
    setSelected((k) => (k === from ? to : k));
  }

  function updateNode(key: string, next: WorkflowNode) {
    const prev = graph.nodes.find((n) => n.key === key);
    change((g) => replaceNode(g, key, next));
    // A new node's key follows its name until the key is edited by hand.
    if (prev && autoKeys.has(key) && prev.name !== next.name) {
      const others = graph.nodes.filter((n) => n.key !== key).map((n) => n.key);
      const base = slugKey(next.name);
      if (base) rename(key, uniqueKey(base, others), false);
    }
  }

  function deleteNodes(keys: string[]) {
    change((g) => keys.reduce(removeNode, g));
    setSelected((k) => (k && keys.includes(k) ? null : k));
  }

  function onConnect(c: Connection) {
    if (readOnly || !c.source || !c.target) return;
    change((g) => connect(g, c.source, c.sourceHandle, c.target));
  }

  function onEdgesDelete(deleted: Edge[]) {
    const links = linksOf(graph);
    change((g) => deleted.reduce((acc, e) => {
      const l = links.find((x) => x.id === e.id);
      return l ? disconnect(acc, l) : acc;
    }, g));
    setSelectedEdge(null);
  }

  function onEdgesChange(changes: EdgeChange[]) {
    for (const c of changes) if (c.type === 'select') setSelectedEdge(c.selected ? c.id : null);
  }

  function onDragStop(_: unknown, __: WfFlowNode, moved: WfFlowNode[]) {
    const pos = new Map(moved.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));
    change((g) => ({ ...g, nodes: g.nodes.map((n) => (pos.has(n.key) ? { ...n, position: pos.get(n.key)! } : n)) }));
  }

  function relayout() {
    change((g) => withPositions(g, true));
    setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 300 }), 50);
  }

  async function doSave(quiet = false) {
    await save.mutateAsync(graph);
    setDirty(false);
    if (!quiet) message.success(t('wf.saved'));
  }

  async function doPublish() {
    try {
      if (dirty) await doSave(true);
      await publish.mutateAsync();
      setDirty(false);
      message.success(t('wf.publishedMsg'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setServerErrors(publishErrors(err));
      else message.error(err instanceof Error ? err.message : t('common.error'));
    }
  }

  async function newDraft() {
    try {
      const w = await create.mutateAsync({ procedureCode: workflow.procedureCode, unitId: workflow.unitId, basedOn: workflow.id });
      navigate(`/quan-tri/quy-trinh/${encodeURIComponent(w.id)}`);
    } catch (err) {
      const draftId = err instanceof ApiError ? (err.problem as Problem & { draftId?: string }).draftId : undefined;
      if (err instanceof ApiError && err.status === 409 && draftId) {
        message.info(t('wf.draftExists'));
        navigate(`/quan-tri/quy-trinh/${encodeURIComponent(draftId)}`);
      } else message.error(err instanceof Error ? err.message : t('common.error'));
    }
  }

  async function doDelete() {
    await remove.mutateAsync(workflow.id);
    setDirty(false);
    message.success(t('wf.deleted'));
    navigate(LIST_URL);
  }

  async function doExport() {
    try {
      const doc = await fetchWorkflowExport(workflow.id);
      downloadJson(`quy-trinh-${workflow.procedureCode}-${workflow.unitCode}-v${workflow.version}.json`, doc);
    } catch (err) {
      message.error(err instanceof Error ? err.message : t('common.error'));
    }
  }

  const selectedNode = graph.nodes.find((n) => n.key === selected);
  const overLegal = legalHours > 0 && total > legalHours;

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <a onClick={() => leave('/quan-tri')}>{t('admin.title')}</a> },
          { title: <a onClick={() => leave(LIST_URL)}>{t('admin.workflows')}</a> },
          { title: `${workflow.procedureCode} — ${workflow.unitName}` },
        ]}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex justify="space-between" align="start" wrap gap={8}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="wf-title">
              <ApartmentOutlined /> {workflow.procedureName}
            </Typography.Title>
            <Space size={8} wrap>
              <Typography.Text type="secondary">
                {workflow.procedureCode} · {workflow.unitName} · {t('wf.versionN', { n: workflow.version })}
              </Typography.Text>
              <WorkflowStatusTag status={workflow.status} />
              {workflow.publishedAt && <Typography.Text type="secondary">{t('wf.publishedAt', { date: formatDateTime(workflow.publishedAt) })}</Typography.Text>}
              {dirty && <Typography.Text type="warning">{t('wf.unsaved')}</Typography.Text>}
            </Space>
          </div>
          <Space wrap>
            {!readOnly && (
              <>
                <Button icon={<SaveOutlined />} onClick={() => void doSave().catch((e) => message.error(e instanceof Error ? e.message : t('common.error')))} loading={save.isPending} data-testid="wf-save">
                  {t('wf.save')}
                </Button>
                <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void doPublish()} loading={publish.isPending} data-testid="wf-publish">
                  {t('wf.publish')}
                </Button>
                <Popconfirm title={t('wf.deleteConfirm')} okText={t('wf.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => doDelete().catch((e) => message.error(e instanceof Error ? e.message : t('common.error')))}>
                  <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="wf-delete">
                    {t('wf.delete')}
                  </Button>
                </Popconfirm>
              </>
            )}
            {readOnly && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => void newDraft()} loading={create.isPending} data-testid="wf-new-draft">
                {t('wf.newDraft')}
              </Button>
            )}
            <Button icon={<CopyOutlined />} onClick={() => setCopyOpen(true)} data-testid="wf-copy">
              {t('wf.copy')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void doExport()} data-testid="wf-export">
              {t('wf.export')}
            </Button>
          </Space>
        </Flex>
      </Card>
      <CopyModal open={copyOpen} workflowId={workflow.id} context={context} onClose={() => setCopyOpen(false)} />

      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('wf.readOnlyNote')} data-testid="wf-readonly" />}
      {serverErrors && serverErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setServerErrors(null)}
          style={{ marginBottom: 12 }}
          title={t('wf.publishFailed')}
          description={<IssueList issues={serverErrors.map((e) => ({ node: e.path, message: e.message }))} graph={graph} onPick={focus} testId="wf-server-errors" />}
        />
      )}
      {!readOnly &&
        (issues.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('wf.issuesTitle', { count: issues.length })}
            description={<IssueList issues={issues} graph={graph} onPick={focus} testId="wf-issues" />}
          />
        ) : (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('wf.valid')} data-testid="wf-valid" />
        ))}

      <Row gutter={12}>
        <Col xs={24} lg={16}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}>
              {!readOnly ? (
                <Space size={4} wrap data-testid="wf-palette">
                  <Typography.Text type="secondary">{t('wf.add')}</Typography.Text>
                  {PALETTE.map((k) => (
                    <Tooltip key={k} title={t(`wf.paletteHint.${k}`)}>
                      <Button size="small" icon={PALETTE_ICONS[k]} onClick={() => addNode(k)} data-testid={`wf-add-${k}`}>
                        {t(`wf.palette.${k}`)}
                      </Button>
                    </Tooltip>
                  ))}
                </Space>
              ) : (
                <span />
              )}
              <Space size={4}>
                {!readOnly && (
                  <Button size="small" onClick={relayout} data-testid="wf-layout">
                    {t('wf.autoLayout')}
                  </Button>
                )}
              </Space>
            </Flex>
            <FlowCanvas
              height={620}
              testId="wf-canvas"
              readOnly={readOnly}
              nodes={nodes}
              edges={edges}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onNodeClick={(_, n) => setSelected(n.id)}
              onPaneClick={() => setSelected(null)}
              onConnect={onConnect}
              onNodesDelete={(ns) => deleteNodes(ns.map((n) => n.id))}
              onEdgesDelete={onEdgesDelete}
              onNodeDragStop={onDragStop}
              deleteKeyCode={readOnly ? null : 'Delete'}
              elementsSelectable
            />
          </Card>
          <Typography.Paragraph
            style={{ marginTop: 8 }}
            type={overLegal ? 'danger' : 'secondary'}
            data-testid="wf-duration"
            data-hours={total}
            data-legal-hours={legalHours}
          >
            {t('wf.duration', { total: hours(total), legal: legalHours > 0 ? hours(legalHours) : t('wf.legalUnknown') })}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={selectedNode ? selectedNode.name || selectedNode.key : t('wf.properties')} className="wf-side">
            {selectedNode ? (
              <NodePanel
                graph={graph}
                node={selectedNode}
                context={context}
                issues={issuesByNode.get(selectedNode.key) ?? []}
                readOnly={readOnly}
                keyEditable={newKeys.has(selectedNode.key)}
                onChange={(next) => updateNode(selectedNode.key, next)}
                onRenameKey={(k) => rename(selectedNode.key, k, true)}
                onSetStart={() => change((g) => ({ ...g, start: selectedNode.key }))}
                onDelete={() => deleteNodes([selectedNode.key])}
              />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{t('wf.selectHint')}</Typography.Text>
                <div>
                  <Typography.Text strong>{t('wf.startNode')}</Typography.Text>
                  <Select
                    style={{ width: '100%', marginTop: 4 }}
                    value={graph.start || undefined}
                    disabled={readOnly}
                    placeholder={t('wf.chooseTarget')}
                    onChange={(start: string) => change((g) => ({ ...g, start }))}
                    options={graph.nodes.filter((n) => n.type !== 'end').map((n) => ({ value: n.key, label: n.name || n.key }))}
                    data-testid="wf-start"
                  />
                </div>
                <Typography.Text>{t('wf.nodeCount', { count: graph.nodes.length })}</Typography.Text>
                {graph.nodes.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wf.emptyHint')} />}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

export default function WorkflowDesignerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const workflow = useAdminWorkflow(id);
  const context = useWorkflowContext(id);
  if (workflow.isLoading) return <PageSpinner />;
  if (workflow.isError) {
    return (
      <>
        <ProblemAlert error={workflow.error} onRetry={() => void workflow.refetch()} />
        <Link to={LIST_URL}>{t('common.back')}</Link>
      </>
    );
  }
  if (!workflow.data) return null;
  return (
    <ReactFlowProvider>
      {context.isError && <ProblemAlert error={context.error} title={t('wf.contextFailed')} onRetry={() => void context.refetch()} />}
      {/* A new version (after publishing, or a new draft) starts the designer afresh. */}
      <Designer key={`${workflow.data.id}:${workflow.data.status}`} workflow={workflow.data} context={context.data} />
    </ReactFlowProvider>
  );
}
