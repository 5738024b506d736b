import { Type } from 'typebox';
import type { App, AppDeps } from '../../deps';
import { auditRead } from '../../platform/audit-http';
import { requireActor } from '../../platform/auth';
import { problemResponses } from '../../platform/openapi';
import { CodeBody, Identity, VerifyBody } from './schema';
import { presentCodeAccount } from './present';
import { accountByCode, issueDeskCode, myIdentity, verifyAtDesk } from './service';

/** The citizen's identity (declared / verified) and its verification at the desk. */
export async function identityRoutes(app: App, deps: AppDeps) {

  app.get('/api/v1/my/identity', {
    schema: { tags: ['identity'], summary: 'Số định danh cá nhân của tài khoản và tình trạng xác thực', response: { 200: Identity, ...problemResponses(401) } },
  }, async (req) => {
    return myIdentity(deps, requireActor(req));
  });

  app.post('/api/v1/my/identity/desk-code', {
    schema: {
      tags: ['identity'], summary: 'Tạo mã một lần để Bộ phận một cửa xác thực số định danh của tài khoản (hiệu lực 15 phút)',
      response: { 201: Type.Object({ code: Type.String(), expiresAt: Type.String() }), ...problemResponses(401, 403, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await issueDeskCode(deps, requireActor(req))));

  const rateLimit = { max: deps.config.lookupRateLimitPerMinute, timeWindow: '1 minute' };
  app.post('/api/v1/desk/identity/lookup', {
    schema: {
      tags: ['identity'], summary: 'Bộ phận một cửa: tài khoản ứng với mã công dân xuất trình', body: CodeBody,
      response: {
        200: Type.Object({
          userId: Type.String(), username: Type.String(), fullName: Type.String(), birthDate: Type.Union([Type.String(), Type.Null()]),
          declaredIdNumber: Type.Union([Type.String(), Type.Null()]), verified: Type.Boolean(),
        }),
        ...problemResponses(400, 401, 403, 404, 429),
      },
    },
    config: { rateLimit },
  }, async (req) => {
    const actor = requireActor(req);
    const u = await accountByCode(deps, actor, req.body.code);
    await auditRead(deps.audit!, req, actor, { action: 'identity.lookup', targetType: 'user', targetId: u.id, subjectUserId: u.id });
    return presentCodeAccount(u);
  });

  app.post('/api/v1/desk/identity/verify', {
    schema: {
      tags: ['identity'], summary: 'Bộ phận một cửa xác thực số định danh của tài khoản (đã đối chiếu thẻ căn cước và người xuất trình)',
      body: VerifyBody,
      response: {
        200: Type.Object({
          userId: Type.String(), username: Type.String(), fullName: Type.String(), verifiedAt: Type.String(),
          method: Type.Literal('desk'), linkedDossiers: Type.Integer(),
        }),
        ...problemResponses(400, 401, 403, 404, 409, 422, 429),
      },
    },
    config: { rateLimit },
  }, async (req) => verifyAtDesk(deps, requireActor(req), req.body, { ip: req.ip, requestId: String(req.id) }));
}
