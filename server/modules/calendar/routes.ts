import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { requireActor } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import {
  DateParams, DayBody, DayResponse, Deadline, DeadlineQuery, DaysQuery, IdParams, ImportBody, ImportResult, UnitCalendar,
  UnitCalendarResponse, YearDays,
} from './schema';
import {
  computeDeadline, importCalendarDays, removeCalendarDay, setCalendarDay, setUnitCalendar, unitCalendar, yearCalendar,
} from './service';

/** The working calendar: public day lists and deadline computation; admin editing and import. */
export async function calendarRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/calendar/days', {
    schema: {
      tags: ['calendar'], summary: 'Lịch làm việc của một năm (ngày làm việc, cuối tuần, nghỉ lễ, làm bù)', querystring: DaysQuery,
      response: { 200: YearDays, ...problemResponses(400, 404) },
    },
  }, async (req) => yearCalendar(deps, req.query.year, req.query.unitId));

  app.get('/api/v1/calendar/deadline', {
    schema: {
      tags: ['calendar'], summary: 'Tính hạn giải quyết theo ngày/giờ làm việc',
      description: 'Thời điểm bắt đầu tính (sau giờ tiếp nhận cuối — mặc định 15:00 —, ngoài giờ hoặc ngày nghỉ: đầu buổi làm việc kế tiếp) và hạn trả, theo giờ Việt Nam (+07:00).',
      querystring: DeadlineQuery,
      response: { 200: Deadline, ...problemResponses(400, 404, 422) },
    },
  }, async (req) => computeDeadline(deps, req.query));

  app.put('/api/v1/admin/calendar/days/:date', {
    schema: {
      tags: ['admin'], summary: 'Đặt một ngày nghỉ lễ / ngày làm bù', params: DateParams, body: DayBody,
      response: { 200: DayResponse, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req) => setCalendarDay(deps, requireActor(req), req.params.date, req.body));

  app.delete('/api/v1/admin/calendar/days/:date', {
    schema: { tags: ['admin'], summary: 'Trả một ngày về lịch làm việc bình thường', params: DateParams, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } },
  }, async (req, reply) => {
    await removeCalendarDay(deps, requireActor(req), req.params.date);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/admin/calendar/import', {
    schema: {
      tags: ['admin'], summary: 'Nhập danh sách ngày nghỉ lễ / làm bù (dạng data/holidays/<năm>.json); kiểm tra trước với dryRun',
      body: ImportBody, response: { 200: ImportResult, ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req) => importCalendarDays(deps, requireActor(req), req.body));

  app.get('/api/v1/admin/units/:id/calendar', {
    schema: { tags: ['admin'], summary: 'Giờ làm việc và ngày nghỉ riêng của đơn vị', params: IdParams, response: { 200: UnitCalendarResponse, ...problemResponses(401, 403, 404) } },
  }, async (req) => unitCalendar(deps, requireActor(req), req.params.id));

  app.put('/api/v1/admin/units/:id/calendar', {
    schema: { tags: ['admin'], summary: 'Sửa giờ làm việc và ngày nghỉ riêng của đơn vị', params: IdParams, body: UnitCalendar, response: { 200: UnitCalendarResponse, ...problemResponses(400, 401, 403, 404, 422) } },
  }, async (req) => setUnitCalendar(deps, requireActor(req), req.params.id, req.body));
}
