import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_KEY_PATTERN, toGraph, validateWorkflow, type TaskNode, type WorkflowGraph } from '../../../common/workflow';
import { demoProcedure, demoProcedures } from '../test/demo-data';
import {
  autoLayout, connect, disconnect, linksOf, newNode, PALETTE, pathThroughBranches, removeNode, renameKey, schemaFields, setAction,
  slugKey, validationContext, withPositions,
} from './graph';

/** Land use change at Đồng Hới: a consultation loop, a branch on the area, a liên thông leg, refusals. */
const landUse = () => toGraph(demoProcedure('1.012790').workflow);
const shipped = demoProcedures.map((p) => [p.code, toGraph(p.workflow)] as const);
const ids = (g: WorkflowGraph) => linksOf(g).map((l) => l.id).sort();

describe('the links of a graph', () => {
  it('are one per action, route and next, with refusals drawn to the refusal end', () => {
    expect(ids(landUse())).toEqual([
      'dien_tich>otherwise>van_phong_dang_ky',
      'dien_tich>route0>xin_y_kien_quy_hoach',
      'phe_duyet>advance>ket_qua',
      'phe_duyet>back>xem_xet',
      'phe_duyet>refuse>tu_choi',
      'tham_tra>advance>dien_tich',
      'tham_tra>consult>xin_y_kien',
      'van_phong_dang_ky>next>xem_xet',
      'van_phong_dang_ky>onRefusal>tu_choi',
      'xem_xet>advance>phe_duyet',
      'xem_xet>back>tham_tra',
      'xem_xet>refuse>tu_choi',
      'xin_y_kien>next>tham_tra',
      'xin_y_kien_quy_hoach>next>van_phong_dang_ky',
    ]);
    expect(linksOf(landUse()).filter((l) => l.back).map((l) => l.kind).sort()).toEqual(['back', 'back', 'consult']);
  });

  it('leave out targets that do not exist (a half-made draft)', () => {
    const g = landUse();
    const broken = { ...g, nodes: g.nodes.filter((n) => n.key !== 'ket_qua') };
    expect(ids(broken)).not.toContain('phe_duyet>advance>ket_qua');
    expect(linksOf(broken)).toHaveLength(linksOf(g).length - 1);
  });
});

describe('editing a graph', () => {
  it.each(shipped)('%s: renaming a node there and back changes nothing', (_, g) => {
    for (const n of g.nodes) {
      const away = renameKey(g, n.key, 'tam_thoi');
      expect(away.nodes.some((x) => x.key === n.key)).toBe(false);
      expect(linksOf(away)).toHaveLength(linksOf(g).length);
      expect(renameKey(away, 'tam_thoi', n.key)).toEqual(g);
    }
  });

  it('renames every reference: the start, actions, a consultation\'s way back', () => {
    const g = renameKey(landUse(), 'tham_tra', 'kiem_tra');
    expect(g.start).toBe('kiem_tra');
    expect(ids(g)).toContain('xin_y_kien>next>kiem_tra');
    expect(ids(g)).toContain('xem_xet>back>kiem_tra');
    expect(JSON.stringify(g)).not.toContain('"tham_tra"');
  });

  it('removes a node: optional links to it go, required ones are left empty for the validator to point at', () => {
    const g = removeNode(landUse(), 'xin_y_kien');
    const first = g.nodes.find((n) => n.key === 'tham_tra') as TaskNode;
    expect(first.actions.map((a) => a.kind)).toEqual(['advance', 'supplement']);
    const noLeg = removeNode(landUse(), 'van_phong_dang_ky');
    const branch = noLeg.nodes.find((n) => n.key === 'dien_tich');
    expect(branch).toMatchObject({ otherwise: '' });
    const issues = validateWorkflow(noLeg, { legalHours: 0, unitId: 'u' });
    expect(issues.some((i) => i.node === 'dien_tich')).toBe(true);
  });

  it.each(shipped)('%s: deleting any link on the canvas removes exactly that link', (_, g) => {
    for (const l of linksOf(g)) {
      const after = linksOf(disconnect(g, l));
      expect(after).toHaveLength(linksOf(g).length - 1);
      if (l.kind !== 'route') expect(after.map((x) => x.id)).not.toContain(l.id);
    }
  });

  it('draws a link from each kind of handle', () => {
    const g = landUse();
    expect(ids(connect(g, 'xem_xet', 'back', 'dien_tich'))).toContain('xem_xet>back>dien_tich');
    // A second route fills no empty one, so it is appended with a placeholder condition.
    const routed = connect(g, 'dien_tich', 'route', 'xem_xet');
    expect(ids(routed)).toContain('dien_tich>route1>xem_xet');
    expect(ids(connect(g, 'dien_tich', 'otherwise', 'xem_xet'))).toContain('dien_tich>otherwise>xem_xet');
    expect(ids(connect(g, 'van_phong_dang_ky', 'onRefusal', 'ket_qua'))).toContain('van_phong_dang_ky>onRefusal>ket_qua');
    // Nothing leaves an end, and a node does not link to itself.
    expect(connect(g, 'ket_qua', 'next', 'tham_tra')).toBe(g);
    expect(connect(g, 'tham_tra', 'advance', 'tham_tra')).toBe(g);
  });

  it('sets, retargets and removes a task action', () => {
    const actions = [{ kind: 'advance' as const, target: 'a', label: 'Trình' }, { kind: 'supplement' as const }];
    expect(setAction(actions, 'advance', 'b')).toEqual([{ kind: 'advance', target: 'b', label: 'Trình' }, { kind: 'supplement' }]);
    expect(setAction(actions, 'back', 'c')).toEqual([...actions, { kind: 'back', target: 'c' }]);
    expect(setAction(actions, 'supplement', null)).toEqual([actions[0]]);
    expect(setAction(actions, 'supplement', undefined, false)).toEqual([actions[0]]);
  });
});

describe('new nodes', () => {
  it('get a key from their name that the validator accepts and nobody has', () => {
    fc.assert(fc.property(fc.constantFrom(...PALETTE), fc.string(), fc.array(fc.string({ maxLength: 40 })), (kind, name, taken) => {
      const n = newNode(kind, name, taken, { x: 0, y: 0 });
      expect(n.key).toMatch(NODE_KEY_PATTERN);
      expect(taken).not.toContain(n.key);
      expect(n.name).toBe(name);
    }));
    expect(slugKey('Chuyên viên thẩm định hồ sơ')).toBe('chuyen_vien_tham_dinh_ho_so');
    expect(newNode('task', '!!!', [], { x: 0, y: 0 }).key).toBe('buoc');
  });
});

describe('layout', () => {
  it.each(shipped)('%s: every node gets a place, and forward steps go down the page', (_, g) => {
    const laid = withPositions(g, true);
    expect(laid.nodes.every((n) => n.position)).toBe(true);
    const at = new Map(laid.nodes.map((n) => [n.key, n.position!]));
    // Legacy lists become straight chains: each step below the previous one.
    if (!g.nodes.some((n) => n.type === 'branch' || n.type === 'consultation')) {
      for (const l of linksOf(g).filter((x) => !x.back)) expect(at.get(l.target)!.y).toBeGreaterThan(at.get(l.source)!.y);
    }
  });

  it('places only the nodes that have no position, unless asked to redo all', () => {
    const g = landUse();
    expect(withPositions(g)).toBe(g);
    const partly = { ...g, nodes: g.nodes.map((n) => (n.key === 'ket_qua' ? { ...n, position: undefined } : n)) };
    const placed = withPositions(partly);
    expect(placed.nodes.find((n) => n.key === 'ket_qua')!.position).toEqual(autoLayout(partly).get('ket_qua'));
    expect(placed.nodes.find((n) => n.key === 'tham_tra')!.position).toEqual({ x: 0, y: 0 });
  });
});

describe('paths through branches', () => {
  it('go from a step through branches to the next step, and no further', () => {
    const g = landUse();
    expect(pathThroughBranches(g, 'tham_tra', 'xin_y_kien_quy_hoach')!.map((l) => l.id)).toEqual([
      'tham_tra>advance>dien_tich', 'dien_tich>route0>xin_y_kien_quy_hoach',
    ]);
    expect(pathThroughBranches(g, 'tham_tra', 'van_phong_dang_ky')!.map((l) => l.kind)).toEqual(['advance', 'otherwise']);
    // The leg is not a branch: the path does not cross it.
    expect(pathThroughBranches(g, 'tham_tra', 'xem_xet')).toBeNull();
    // "Send back" is not a forward step.
    expect(pathThroughBranches(g, 'xem_xet', 'tham_tra')).toBeNull();
  });
});

describe('the designer context and form fields', () => {
  it('become the validator\'s context', () => {
    const ctx = validationContext({
      legalHours: 120, unitId: 'u1', unitsWithWorkflow: ['u2'], formFields: [],
      units: [{ id: 'u1', code: 'P-DONGHOI', name: 'UBND phường Đồng Hới', levelCode: 'commune', roles: ['desk', 'leader'] }],
      officers: [{ id: 'o1', fullName: 'Lê Quang Linh', roles: [{ unitId: 'u1', role: 'leader' }] }],
    }, 0, 'fallback');
    expect(ctx.legalHours).toBe(120);
    expect(ctx.units!.get('u1')!.roles.has('leader')).toBe(true);
    expect(ctx.officers!.get('o1')!.name).toBe('Lê Quang Linh');
    expect(ctx.unitsWithWorkflow!.has('u2')).toBe(true);
    expect(validationContext(undefined, 40, 'u9')).toEqual({ legalHours: 40, unitId: 'u9' });
  });

  it('list the e-form\'s fields by dot path, nested objects flattened, lists left out', () => {
    const fields = schemaFields(demoProcedure('1.012756').formSchema);
    expect(fields.map((f) => f.path)).toContain('nguoiDangKy.hoTen');
    expect(fields.find((f) => f.path === 'nguoiDangKy.ngaySinh')).toEqual({ path: 'nguoiDangKy.ngaySinh', title: 'Ngày sinh', type: 'string' });
    expect(schemaFields({ properties: { a: { type: 'array' }, b: {} } })).toEqual([{ path: 'b', title: 'b', type: 'string' }]);
    expect(schemaFields(null)).toEqual([]);
  });
});
