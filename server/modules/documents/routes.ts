import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../../app';
import { isAdmin, requireActor } from '../../platform/auth';
import { forbidden, invalid, notFound } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { loadReadable } from '../dossiers/service';
import { FORM_TITLES, renderForm, templateSetFor } from './forms';
import { trackingBookXlsx } from './forms/tracking-book-xlsx';
import type { FormNo, TemplateSet } from './forms/types';
import { availableForms, dossierFormContext, formUnit, trackingBookContext } from './service';

const SETS = ['tt03-2025', 'tt01-2018'] as const;

/** The official forms of Circular 03/2025 (and the 2018 set for older dossiers) as PDF, and the tracking book. */
export async function documentRoutes(app: FastifyInstance, { db, calendar, now, config }: AppDeps) {
  app.get<{ Params: { id: string } }>('/api/v1/dossiers/:id/forms', {
    schema: {
      tags: ['documents'], summary: 'Các biểu mẫu in được cho hồ sơ (Thông tư 03/2025/TT-VPCP, mẫu 01–06)',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Object({ set: Type.String(), items: Type.Array(Type.Object({ no: Type.String(), title: Type.String(), available: Type.Boolean() })) }), ...problemResponses(401, 404) },
    },
  }, async (req) => {
    const d = await loadReadable(db, requireActor(req), req.params.id);
    const set = templateSetFor(d.received_at);
    const avail = await availableForms(db, d);
    return {
      set,
      items: (Object.keys(avail) as (keyof typeof avail)[])
        .filter((no) => FORM_TITLES[set][no] !== undefined)
        .map((no) => ({ no, title: FORM_TITLES[set][no]!, available: avail[no] })),
    };
  });

  const FormParams = Type.Object({ id: Type.String({ maxLength: 64 }), no: Type.String({ pattern: '^0[1-6]$' }) });
  const FormQuery = Type.Object({ set: Type.Optional(Type.Union(SETS.map((s) => Type.Literal(s)))) });
  app.get<{ Params: Static<typeof FormParams>; Querystring: Static<typeof FormQuery> }>('/api/v1/dossiers/:id/forms/:no', {
    schema: { tags: ['documents'], summary: 'In biểu mẫu của hồ sơ (PDF, A4)', params: FormParams, querystring: FormQuery },
  }, async (req, reply) => {
    const d = await loadReadable(db, requireActor(req), req.params.id);
    const no = req.params.no as Exclude<FormNo, '07'>;
    const avail = await availableForms(db, d);
    if (!avail[no]) throw invalid('form_not_applicable', `Mẫu ${no} chưa áp dụng cho hồ sơ ở tình trạng hiện tại.`);
    const set: TemplateSet = req.query.set ?? templateSetFor(d.received_at);
    if (FORM_TITLES[set][no] === undefined) throw notFound('form_not_in_set', `Bộ mẫu ${set} không có mẫu ${no}.`);
    const pdf = await renderForm(no, await dossierFormContext(db, calendar, d, new Date(now()), config.publicUrl), set);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="mau-${no}-${(d.code ?? d.id).replace(/[^A-Za-z0-9.-]/g, '_')}.pdf"`);
    return reply.send(pdf);
  });

  const BookQuery = Type.Object({
    unitId: Type.Optional(Type.String({ maxLength: 64 })), field: Type.Optional(Type.String({ maxLength: 40 })),
    from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }),
    format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')], { default: 'pdf' }),
  });
  app.get<{ Querystring: Static<typeof BookQuery> }>('/api/v1/desk/tracking-book', {
    schema: { tags: ['desk'], summary: 'Sổ theo dõi hồ sơ (Mẫu 07) theo lĩnh vực và thời gian, PDF hoặc Excel', querystring: BookQuery },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const desks = actor.roles.filter((r) => r.role === 'desk' && r.unitId).map((r) => r.unitId!);
    const unitId = req.query.unitId ?? desks[0];
    if (!unitId || !desks.includes(unitId)) throw forbidden('Chỉ Bộ phận một cửa của đơn vị mới xem được sổ theo dõi hồ sơ.');
    if (req.query.to < req.query.from) throw invalid('invalid_period', 'Ngày kết thúc phải sau ngày bắt đầu.');
    const ctx = await trackingBookContext(db, unitId, req.query.field, req.query.from, req.query.to, new Date(now()));
    const name = `so-theo-doi-ho-so-${req.query.from}-${req.query.to}`;
    if (req.query.format === 'xlsx') {
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${name}.xlsx"`);
      return reply.send(await trackingBookXlsx(ctx));
    }
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${name}.pdf"`);
    return reply.send(await renderForm('07', ctx, 'tt03-2025'));
  });

  const FormSettings = Type.Object({
    parentName: Type.String({ minLength: 1, maxLength: 200 }), deskName: Type.String({ minLength: 1, maxLength: 200 }),
    place: Type.String({ minLength: 1, maxLength: 100 }), numberSuffix: Type.Optional(Type.String({ maxLength: 60 })),
    contactName: Type.Optional(Type.String({ maxLength: 200 })), contactPhone: Type.Optional(Type.String({ maxLength: 30 })),
  });
  const unitForAdmin = async (req: Parameters<typeof requireActor>[0], id: string) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới sửa được mẫu biểu của đơn vị.');
    const unit = /^[0-9a-f-]{36}$/i.test(id) ? await db.selectFrom('units').select(['id', 'tenant_id']).where('id', '=', id).where('tenant_id', '=', actor.tenantId).executeTakeFirst() : undefined;
    if (!unit) throw notFound('unit_not_found', 'Không tìm thấy đơn vị.');
    return unit;
  };
  const present = (u: Awaited<ReturnType<typeof formUnit>>) => ({
    parentName: u.parentName, deskName: u.deskName, place: u.place, numberSuffix: u.numberSuffix ?? '',
    contactName: u.contactName ?? '', contactPhone: u.contactPhone ?? '',
  });
  app.get<{ Params: { id: string } }>('/api/v1/admin/units/:id/forms', {
    schema: { tags: ['admin'], summary: 'Dòng tiêu đề, địa danh, liên hệ in trên biểu mẫu của đơn vị', params: Type.Object({ id: Type.String() }), response: { 200: FormSettings, ...problemResponses(401, 403, 404) } },
  }, async (req) => present(await formUnit(db, (await unitForAdmin(req, req.params.id)).id)));
  app.put<{ Params: { id: string }; Body: Static<typeof FormSettings> }>('/api/v1/admin/units/:id/forms', {
    schema: { tags: ['admin'], summary: 'Sửa dòng tiêu đề, địa danh, liên hệ in trên biểu mẫu của đơn vị', params: Type.Object({ id: Type.String() }), body: FormSettings, response: { 200: FormSettings, ...problemResponses(400, 401, 403, 404) } },
  }, async (req) => {
    const unit = await unitForAdmin(req, req.params.id);
    const row = {
      parent_name: req.body.parentName.trim(), desk_name: req.body.deskName.trim(), place: req.body.place.trim(),
      number_suffix: req.body.numberSuffix?.trim() || null, contact_name: req.body.contactName?.trim() || null, contact_phone: req.body.contactPhone?.trim() || null,
    };
    await db.insertInto('unit_form_settings').values({ unit_id: unit.id, tenant_id: unit.tenant_id, ...row })
      .onConflict((oc) => oc.column('unit_id').doUpdateSet(row)).execute();
    return present(await formUnit(db, unit.id));
  });
}
