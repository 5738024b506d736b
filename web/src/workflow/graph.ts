/**
 * Pure helpers of the workflow designer and the process diagram: editing a schema 2 graph
 * (common/workflow.ts) node by node, the links drawn between nodes, and automatic layout.
 */
import dagre from '@dagrejs/dagre';
import { refusalEnd } from '../../../common/workflow';
import type {
  BranchNode,
  Condition,
  OfficerRole,
  Position,
  TaskAction,
  TaskActionKind,
  ValidationContext,
  WorkflowGraph,
  WorkflowNode,
} from '../../../common/workflow';
import type { WorkflowContext, WorkflowFormField } from '../api/types';
import { uniqueKey } from '../lib/form-builder';
import { foldVietnamese } from '../../../common/text';

export type PaletteKind = 'task' | 'branch' | 'consultation' | 'transfer' | 'end-result' | 'end-refusal';
export const PALETTE: readonly PaletteKind[] = ['task', 'branch', 'consultation', 'transfer', 'end-result', 'end-refusal'];

/** Size of a node box on the canvas (used by the layout; the CSS matches). */
export const NODE_SIZE = { width: 220, height: 76 } as const;
const END_SIZE = { width: 180, height: 48 } as const;

/** "Chuyên viên thẩm định" → "chuyen_vien_tham_dinh" (the validator's key rule: letters, digits, _ and -, at most 40). */
export function slugKey(name: string): string {
  return foldVietnamese(name).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 36).replace(/_+$/, '');
}

export const emptyGraph = (): WorkflowGraph => ({ schema: 2, start: '', nodes: [] });

/** A new node of a palette kind, with a key not used yet. */
export function newNode(kind: PaletteKind, name: string, taken: string[], position: Position): WorkflowNode {
  const key = uniqueKey(slugKey(name) || 'buoc', taken);
  switch (kind) {
    case 'task':
      return {
        key, name, type: 'task', position,
        assignee: { role: 'specialist', unitId: null, userId: null },
        quota: { amount: 1, unit: 'day' },
        actions: [{ kind: 'advance' }, { kind: 'supplement' }],
      };
    case 'branch':
      return { key, name, type: 'branch', position, routes: [{ when: { source: 'fee', op: 'gt', value: 0 }, target: '' }], otherwise: '' };
    case 'consultation':
      return { key, name, type: 'consultation', position, units: [], role: 'specialist', quota: { amount: 3, unit: 'day' }, join: 'all', next: '' };
    case 'transfer':
      return { key, name, type: 'transfer', position, unitId: '', quota: { amount: 5, unit: 'day' }, next: '' };
    case 'end-result':
      return { key, name, type: 'end', outcome: 'result', position };
    case 'end-refusal':
      return { key, name, type: 'end', outcome: 'refusal', position };
  }
}

/** Where a new node goes: below the lowest node, in the column of `near` (or the first column). */
export function freePosition(g: WorkflowGraph, near?: Position): Position {
  if (g.nodes.length === 0) return { x: 0, y: 0 };
  const bottom = Math.max(...g.nodes.map((n) => n.position?.y ?? 0));
  return { x: near?.x ?? Math.min(...g.nodes.map((n) => n.position?.x ?? 0)), y: bottom + NODE_SIZE.height + 60 };
}

export function replaceNode(g: WorkflowGraph, key: string, next: WorkflowNode): WorkflowGraph {
  return { ...g, nodes: g.nodes.map((n) => (n.key === key ? next : n)) };
}

/** Every place a node names another node, rewritten by `fn` (undefined drops an optional link). */
function mapTargets(g: WorkflowGraph, fn: (target: string) => string | undefined): WorkflowGraph {
  const req = (t: string) => fn(t) ?? '';
  const nodes = g.nodes.map((n): WorkflowNode => {
    switch (n.type) {
      case 'task':
        return {
          ...n,
          actions: n.actions.flatMap((a): TaskAction[] => {
            if (!a.target) return [a];
            const t = fn(a.target);
            if (t === undefined && (a.kind === 'back' || a.kind === 'consult')) return [];
            return [{ ...a, target: t }];
          }),
        };
      case 'branch':
        return { ...n, routes: n.routes.map((r) => ({ ...r, target: req(r.target) })), otherwise: req(n.otherwise) };
      case 'consultation':
        return { ...n, next: req(n.next) };
      case 'transfer':
        return { ...n, next: req(n.next), onRefusal: n.onRefusal ? fn(n.onRefusal) : undefined };
      case 'end':
        return n;
    }
  });
  return { ...g, start: g.start ? req(g.start) : g.start, nodes };
}

/** Renames a node's key everywhere it is referred to. */
export function renameKey(g: WorkflowGraph, from: string, to: string): WorkflowGraph {
  const renamed = mapTargets(g, (t) => (t === from ? to : t));
  return { ...renamed, nodes: renamed.nodes.map((n) => (n.key === from ? { ...n, key: to } : n)) };
}

/** Removes a node; links to it are cleared (optional ones dropped) so the validator points at them. */
export function removeNode(g: WorkflowGraph, key: string): WorkflowGraph {
  const cleared = mapTargets(g, (t) => (t === key ? undefined : t));
  return { ...cleared, nodes: cleared.nodes.filter((n) => n.key !== key) };
}

// ---- links (the edges of the canvas) ----

export type LinkKind = 'advance' | 'back' | 'consult' | 'refuse' | 'route' | 'otherwise' | 'next' | 'onRefusal';

export interface Link {
  id: string;
  source: string;
  target: string;
  kind: LinkKind;
  /** The source handle it leaves from (see FlowNode). */
  handle: string;
  /** For `route`: which route of the branch. */
  index?: number;
  /** A loop ("send back", or a consultation that comes back): left out of the layout. */
  back: boolean;
}

/** The links of a graph, one per action / route / next; only to nodes that exist. */
export function linksOf(g: WorkflowGraph): Link[] {
  const keys = new Set(g.nodes.map((n) => n.key));
  const out: Link[] = [];
  const add = (source: string, target: string | undefined, kind: LinkKind, handle: string, index?: number) => {
    if (target && keys.has(target)) out.push({ id: `${source}>${kind}${index ?? ''}>${target}`, source, target, kind, handle, index, back: kind === 'back' || kind === 'consult' });
  };
  const refusal = refusalEnd(g)?.key;
  for (const n of g.nodes) {
    switch (n.type) {
      case 'task':
        for (const a of n.actions ?? []) {
          if (a.kind === 'refuse') add(n.key, refusal, 'refuse', 'refuse');
          else if (a.kind === 'advance' || a.kind === 'back' || a.kind === 'consult') add(n.key, a.target, a.kind, a.kind);
        }
        break;
      case 'branch':
        (n.routes ?? []).forEach((r, i) => add(n.key, r.target, 'route', 'route', i));
        add(n.key, n.otherwise, 'otherwise', 'otherwise');
        break;
      case 'consultation':
        add(n.key, n.next, 'next', 'next');
        break;
      case 'transfer':
        add(n.key, n.next, 'next', 'next');
        add(n.key, n.onRefusal, 'onRefusal', 'onRefusal');
        break;
      case 'end':
        break;
    }
  }
  return out;
}

/** Sets the target of a task action, adding the action when missing, removing it when `target` is null. */
export function setAction(actions: TaskAction[], kind: TaskActionKind, target: string | null | undefined, on = true): TaskAction[] {
  const rest = actions.filter((a) => a.kind !== kind);
  if (!on || target === null) return rest;
  const current = actions.find((a) => a.kind === kind);
  const next: TaskAction = { ...current, kind, ...(target !== undefined ? { target } : {}) };
  return current ? actions.map((a) => (a.kind === kind ? next : a)) : [...actions, next];
}

/** A link drawn on the canvas from a node's handle to another node. */
export function connect(g: WorkflowGraph, source: string, handle: string | null | undefined, target: string): WorkflowGraph {
  const n = g.nodes.find((x) => x.key === source);
  if (!n || source === target) return g;
  switch (n.type) {
    case 'task': {
      const kind: TaskActionKind = handle === 'back' || handle === 'consult' ? handle : 'advance';
      return replaceNode(g, source, { ...n, actions: setAction(n.actions, kind, target) });
    }
    case 'branch':
      if (handle === 'otherwise') return replaceNode(g, source, { ...n, otherwise: target });
      return replaceNode(g, source, addRoute(n, target));
    case 'consultation':
      return replaceNode(g, source, { ...n, next: target });
    case 'transfer':
      return replaceNode(g, source, handle === 'onRefusal' ? { ...n, onRefusal: target } : { ...n, next: target });
    case 'end':
      return g;
  }
}

/** A new route of a branch: fills the first route without a target, else appends one. */
function addRoute(n: BranchNode, target: string): BranchNode {
  const empty = n.routes.findIndex((r) => !r.target);
  if (empty >= 0) return { ...n, routes: n.routes.map((r, i) => (i === empty ? { ...r, target } : r)) };
  const when: Condition = { source: 'fee', op: 'gt', value: 0 };
  return { ...n, routes: [...n.routes, { when, target }] };
}

/** Removes a link deleted on the canvas. */
export function disconnect(g: WorkflowGraph, link: Link): WorkflowGraph {
  const n = g.nodes.find((x) => x.key === link.source);
  if (!n) return g;
  switch (n.type) {
    case 'task':
      if (link.kind === 'refuse') return replaceNode(g, n.key, { ...n, actions: setAction(n.actions, 'refuse', null) });
      if (link.kind === 'advance') return replaceNode(g, n.key, { ...n, actions: n.actions.map((a) => (a.kind === 'advance' ? { kind: 'advance' } : a)) });
      return replaceNode(g, n.key, { ...n, actions: setAction(n.actions, link.kind as TaskActionKind, null) });
    case 'branch':
      if (link.kind === 'otherwise') return replaceNode(g, n.key, { ...n, otherwise: '' });
      return replaceNode(g, n.key, { ...n, routes: n.routes.filter((_, i) => i !== link.index) });
    case 'consultation':
      return replaceNode(g, n.key, { ...n, next: '' });
    case 'transfer':
      return replaceNode(g, n.key, link.kind === 'onRefusal' ? { ...n, onRefusal: undefined } : { ...n, next: '' });
    case 'end':
      return g;
  }
}

// ---- layout ----

export const sizeOf = (n: WorkflowNode) => (n.type === 'end' ? END_SIZE : NODE_SIZE);

/** Top-down layered layout (dagre) of every node, ignoring "send back" loops. */
export function autoLayout(g: WorkflowGraph): Map<string, Position> {
  const dg = new dagre.graphlib.Graph();
  dg.setGraph({ rankdir: 'TB', nodesep: 50, ranksep: 70, marginx: 0, marginy: 0 });
  dg.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) dg.setNode(n.key, { ...sizeOf(n) });
  for (const l of linksOf(g)) if (!l.back) dg.setEdge(l.source, l.target);
  dagre.layout(dg);
  const out = new Map<string, Position>();
  for (const n of g.nodes) {
    const p = dg.node(n.key);
    const size = sizeOf(n);
    // dagre gives centres; React Flow places nodes by their top-left corner.
    if (p) out.set(n.key, { x: Math.round(p.x - size.width / 2), y: Math.round(p.y - size.height / 2) });
  }
  return out;
}

/** The graph with every node placed: nodes without a position (converted legacy lists) get the automatic layout. */
export function withPositions(g: WorkflowGraph, force = false): WorkflowGraph {
  if (!force && g.nodes.every((n) => n.position)) return g;
  const laid = autoLayout(g);
  return { ...g, nodes: g.nodes.map((n) => (force || !n.position ? { ...n, position: laid.get(n.key) ?? { x: 0, y: 0 } } : n)) };
}

// ---- validation ----

/** The validator's view of the designer's context (units, officers, legal time). */
export function validationContext(ctx: WorkflowContext | undefined, legalHours: number, unitId: string): ValidationContext {
  if (!ctx) return { legalHours, unitId };
  return {
    legalHours: ctx.legalHours ?? legalHours,
    unitId: ctx.unitId ?? unitId,
    units: new Map(ctx.units.map((u) => [u.id, { name: u.name, roles: new Set<OfficerRole>(u.roles) }])),
    officers: new Map(ctx.officers.map((o) => [o.id, { name: o.fullName, roles: o.roles }])),
    unitsWithWorkflow: new Set(ctx.unitsWithWorkflow),
  };
}

/** The nodes reachable by forward links from `from` through branches only (a branch leaves no visit of its own). */
export function pathThroughBranches(g: WorkflowGraph, from: string, to: string): Link[] | null {
  const links = linksOf(g).filter((l) => !l.back);
  const byKey = new Map(g.nodes.map((n) => [n.key, n]));
  const prev = new Map<string, Link>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const key = queue.shift()!;
    for (const l of links.filter((x) => x.source === key)) {
      if (seen.has(l.target)) continue;
      seen.add(l.target);
      prev.set(l.target, l);
      if (l.target === to) {
        const path: Link[] = [];
        for (let k = to; k !== from; k = prev.get(k)!.source) path.unshift(prev.get(k)!);
        return path;
      }
      if (byKey.get(l.target)?.type === 'branch') queue.push(l.target);
    }
  }
  return null;
}

/** The fields of an e-form (JSON Schema) by dot path, nested objects flattened: names for branch conditions. */
export function schemaFields(schema: unknown, prefix = ''): WorkflowFormField[] {
  const props = ((schema as { properties?: Record<string, { type?: string; title?: string }> } | null)?.properties ?? {});
  return Object.entries(props).flatMap(([key, p]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (p?.type === 'object') return schemaFields(p, path);
    return p?.type === 'array' ? [] : [{ path, title: p?.title ?? key, type: p?.type ?? 'string' }];
  });
}
