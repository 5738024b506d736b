import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { markAudited } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import { problemResponses } from '../../platform/openapi';
import { requestContext } from '../../platform/request-context';
import { IdParams, PasswordBody, PasswordChangeBody, SessionInfo, StaffList, TotpCodeBody, TotpSetup } from './schema';
import {
  auditOwnTotp, changePassword, disableOwnTotp, endMyOtherSessions, endMySession, mySessions, resetUserTotp, staffList, unlockUser,
} from './service';
import { confirmEnrollment, startEnrollment } from './totp';

/** The signed-in user's own security (password, second factor, sessions) and the admin's staff list, unlock and TOTP reset. */
export async function accountSecurityRoutes(app: App, deps: AppDeps) {
  const { db, config } = deps;

  app.post('/api/v1/account/password', {
    schema: {
      tags: ['account'], summary: 'Đổi mật khẩu (các phiên đăng nhập khác của tài khoản kết thúc)', body: PasswordChangeBody,
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 422, 429) },
    },
  }, async (req, reply) => {
    await changePassword(deps, requireActor(req), req.body, requestContext(req));
    return reply.status(204).send(null);
  });

  const requireOfficer = (req: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(req);
    if (actor.kind !== 'officer') {
      throw new AppError(403, 'totp_officers_only', 'Không áp dụng', 'Xác thực hai bước dành cho tài khoản cán bộ và quản trị viên.');
    }
    return actor;
  };

  app.post('/api/v1/account/totp/setup', {
    schema: {
      tags: ['account'], summary: 'Bắt đầu đăng ký xác thực hai bước: khóa bí mật và mã QR (chưa có hiệu lực cho đến khi xác nhận bằng một mã)',
      response: { 200: TotpSetup, ...problemResponses(401, 403, 409) },
    },
    config: { beforeTotp: true },
  }, async (req) => {
    const actor = requireOfficer(req);
    return startEnrollment(db, deps.secrets!, { id: actor.userId, username: actor.username });
  });

  app.post('/api/v1/account/totp/confirm', {
    schema: {
      tags: ['account'], summary: 'Xác nhận đăng ký xác thực hai bước bằng mã đầu tiên; từ đó đăng nhập cần mã', body: TotpCodeBody,
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 422) },
    },
    config: { beforeTotp: true, rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const actor = requireOfficer(req);
    const result = await confirmEnrollment(db, deps.secrets!, actor.userId, req.body.code, deps.now());
    if (result !== 'ok') {
      const detail = 'Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực (kiểm tra đồng hồ của điện thoại).';
      throw new AppError(422, 'totp_invalid', 'Mã xác thực không đúng', detail, [{ path: '/code', message: detail }]);
    }
    await auditOwnTotp(deps, actor, 'user.totp_enable', requestContext(req));
    return reply.status(204).send(null);
  });

  app.post('/api/v1/account/totp/disable', {
    schema: {
      tags: ['account'], summary: 'Tắt xác thực hai bước (cần mật khẩu; quản trị viên không được tắt)', body: PasswordBody,
      response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 422, 429) },
    },
  }, async (req, reply) => {
    await disableOwnTotp(deps, requireOfficer(req), req.body.password, requestContext(req));
    return reply.status(204).send(null);
  });

  app.get('/api/v1/account/sessions', {
    schema: { tags: ['account'], summary: 'Các phiên đăng nhập của tôi', response: { 200: Type.Object({ items: Type.Array(SessionInfo) }), ...problemResponses(401, 403) } },
  }, async (req) => mySessions(deps, requireActor(req)));

  app.delete('/api/v1/account/sessions/:id', {
    schema: { tags: ['account'], summary: 'Kết thúc một phiên đăng nhập của tôi', params: IdParams, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } },
  }, async (req, reply) => {
    await endMySession(deps, requireActor(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.delete('/api/v1/account/sessions', {
    schema: {
      tags: ['account'], summary: 'Kết thúc mọi phiên đăng nhập khác của tôi (giữ phiên hiện tại)',
      response: { 200: Type.Object({ ended: Type.Integer() }), ...problemResponses(401, 403) },
    },
  }, async (req) => endMyOtherSessions(deps, requireActor(req)));

  app.get('/api/v1/admin/users', {
    schema: { tags: ['admin'], summary: 'Cán bộ và tài khoản (quản trị)', response: { 200: StaffList, ...problemResponses(401, 403) } },
  }, async (req) => staffList(deps, requireActor(req)));

  app.post('/api/v1/admin/users/:id/unlock', {
    schema: {
      tags: ['admin'], summary: 'Mở khóa đăng nhập của một tài khoản (ghi nhật ký)', params: IdParams,
      response: { 200: Type.Object({ wasLocked: Type.Boolean() }), ...problemResponses(401, 403, 404) },
    },
  }, async (req) => {
    markAudited(req); // user.unlock, in the change's own transaction
    return unlockUser(deps, requireActor(req), req.params.id, requestContext(req));
  });

  app.post('/api/v1/admin/users/:id/totp/reset', {
    schema: {
      tags: ['admin'], summary: 'Đặt lại xác thực hai bước của một tài khoản khác (mất điện thoại; ghi nhật ký)', params: IdParams,
      response: { 200: Type.Object({ removed: Type.Boolean() }), ...problemResponses(401, 403, 404) },
    },
  }, async (req) => {
    markAudited(req); // user.totp_reset, in the change's own transaction
    return resetUserTotp(deps, requireActor(req), req.params.id, requestContext(req));
  });
}
