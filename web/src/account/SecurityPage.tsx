import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Steps, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { sameAs } from '../lib/form';
import { ApiError, errorMessage } from '../api/client';
import { useChangePassword, useEndSessions, useMySessions, useSession, useTotpConfirm, useTotpDisable, useTotpSetup } from './api';
import type { SessionInfo, TotpSetup, User } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';
import { homeFor, isAdmin, mustEnrollTotp } from '../lib/roles';

/** "Chrome · Android" from a user-agent string (enough to recognise one's own devices). */
export function deviceName(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 40);
}

/** Field errors of a problem answer onto the form's fields (`/newPassword` → newPassword). */
function fieldErrors(err: unknown): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError) || !err.problem.errors) return [];
  return err.problem.errors.map((e) => ({ name: e.path.replace(/^\/+/, ''), errors: [e.message] })).filter((f) => f.name);
}

function TotpCard({ user }: { user: User }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const setup = useTotpSetup();
  const confirm = useTotpConfirm();
  const disable = useTotpDisable();
  const [enrolling, setEnrolling] = useState<TotpSetup | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [form] = Form.useForm<{ code: string }>();
  const [pwForm] = Form.useForm<{ password: string }>();

  async function start() {
    try {
      setEnrolling(await setup.mutateAsync());
    } catch (err) {
      message.error(errorMessage(err));
    }
  }
  async function finish(values: { code: string }) {
    try {
      await confirm.mutateAsync(values.code.replace(/\s+/g, ''));
      setEnrolling(null);
      message.success(t('security.totpEnabledNow'));
      if (mustEnrollTotp(user)) navigate(homeFor({ ...user, totpEnabled: true }), { replace: true });
    } catch (err) {
      form.setFields(fieldErrors(err).map((f) => ({ ...f, name: 'code' as const })));
    }
  }
  async function turnOff(values: { password: string }) {
    try {
      await disable.mutateAsync(values.password);
      setDisabling(false);
      pwForm.resetFields();
      message.success(t('security.totpDisabled'));
    } catch (err) {
      pwForm.setFields([{ name: 'password', errors: [errorMessage(err)] }]);
    }
  }

  return (
    <Card title={<><SafetyCertificateOutlined /> {t('security.totpTitle')}</>} data-testid="totp-card">
      <Typography.Paragraph type="secondary">{t('security.totpIntro')}</Typography.Paragraph>
      {user.totpEnabled ? (
        <Space orientation="vertical">
          <Tag color="green" data-testid="totp-status">{t('security.totpOn')}</Tag>
          {isAdmin(user) ? (
            <Typography.Text type="secondary">{t('security.totpAdminsMust')}</Typography.Text>
          ) : (
            <Button onClick={() => setDisabling(true)}>{t('security.totpDisable')}</Button>
          )}
        </Space>
      ) : enrolling ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Steps
            orientation="vertical"
            size="small"
            current={-1}
            items={[
              { title: t('security.step1'), content: t('security.step1Help') },
              { title: t('security.step2'), content: t('security.step2Help') },
              { title: t('security.step3'), content: t('security.step3Help') },
            ]}
          />
          <img src={enrolling.qrDataUrl} alt={t('security.qrAlt')} width={200} height={200} data-testid="totp-qr" />
          <Typography.Text>
            {t('security.secretLabel')}{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {enrolling.secret}
            </Typography.Text>
          </Typography.Text>
          <Form form={form} layout="inline" onFinish={(v) => void finish(v)} disabled={confirm.isPending}>
            <Form.Item name="code" label={t('login.totpCode')} rules={[{ required: true, pattern: /^\s*\d{3}\s?\d{3}\s*$/, message: t('login.totpCodeRule') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={7} style={{ width: 140 }} data-testid="totp-confirm-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending} data-testid="totp-confirm">
              {t('security.totpConfirm')}
            </Button>
          </Form>
        </Space>
      ) : (
        <Space orientation="vertical">
          <Tag>{t('security.totpOff')}</Tag>
          <Button type="primary" onClick={() => void start()} loading={setup.isPending} data-testid="totp-start">
            {t('security.totpStart')}
          </Button>
        </Space>
      )}
      <Modal
        open={disabling}
        title={t('security.totpDisable')}
        okText={t('security.totpDisable')}
        okButtonProps={{ danger: true, loading: disable.isPending }}
        onOk={() => pwForm.submit()}
        onCancel={() => setDisabling(false)}
        destroyOnHidden
      >
        <Form form={pwForm} layout="vertical" onFinish={(v) => void turnOff(v)}>
          <Form.Item name="password" label={t('security.currentPassword')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useChangePassword();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  async function onFinish(v: { currentPassword: string; newPassword: string }) {
    try {
      await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      message.success(t('security.passwordChanged'));
    } catch (err) {
      const fields = fieldErrors(err);
      if (fields.length) form.setFields(fields as never);
      else message.error(errorMessage(err));
    }
  }
  return (
    <Card title={t('security.passwordTitle')}>
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={change.isPending} style={{ maxWidth: 420 }}>
        <Form.Item name="currentPassword" label={t('security.currentPassword')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="pw-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('security.newPassword')}
          extra={t('register.passwordRule')}
          rules={[{ required: true, message: t('login.passwordRequired') }, { min: 8, message: t('register.passwordRule') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('register.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('register.passwordMismatch') },
            sameAs('newPassword', t('register.passwordMismatch')),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('security.passwordEndsOthers')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="pw-submit">
          {t('security.passwordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function SessionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sessions = useMySessions();
  const end = useEndSessions();
  async function endOne(id?: string) {
    try {
      await end.mutateAsync(id);
      message.success(t(id ? 'security.sessionEnded' : 'security.othersEnded'));
    } catch (err) {
      message.error(errorMessage(err));
    }
  }
  const columns: TableProps<SessionInfo>['columns'] = [
    {
      title: t('security.device'),
      key: 'device',
      render: (_, s) => (
        <Space size={4} wrap>
          <Tooltip title={s.userAgent}>{deviceName(s.userAgent)}</Tooltip>
          {s.current && <Tag color="blue">{t('security.thisDevice')}</Tag>}
        </Space>
      ),
    },
    { title: t('security.ip'), dataIndex: 'ip', key: 'ip', width: 150, render: (v: string | null) => v ?? '—' },
    { title: t('security.signedInAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('security.lastSeen'), dataIndex: 'lastSeenAt', key: 'lastSeenAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 130,
      render: (_, s) =>
        s.current ? null : (
          <Button size="small" danger onClick={() => void endOne(s.id)} loading={end.isPending} data-testid="session-end">
            {t('security.endSession')}
          </Button>
        ),
    },
  ];
  const others = (sessions.data?.items ?? []).filter((s) => !s.current).length;
  return (
    <Card
      title={t('security.sessionsTitle')}
      extra={
        <Popconfirm title={t('security.endOthersConfirm')} onConfirm={() => void endOne()} okText={t('security.endOthers')} cancelText={t('common.cancel')}>
          <Button disabled={others === 0} data-testid="sessions-end-others">
            {t('security.endOthers')}
          </Button>
        </Popconfirm>
      }
    >
      {sessions.isError ? (
        <ProblemAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table<SessionInfo>
          data-testid="sessions-table"
          rowKey="id"
          size="small"
          loading={sessions.isLoading}
          columns={columns}
          dataSource={sessions.data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
        />
      )}
    </Card>
  );
}

/** The signed-in user's security: second factor (officers; admins must), password, sessions. */
export default function SecurityPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data?.user;
  if (!user) return null;
  const enrollFirst = mustEnrollTotp(user);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('security.title')}
      </Typography.Title>
      {enrollFirst && <Alert type="warning" showIcon title={t('security.mustEnroll')} description={t('security.mustEnrollHelp')} data-testid="must-enroll" />}
      {user.kind === 'officer' && <TotpCard user={user} />}
      {!enrollFirst && <PasswordCard />}
      {!enrollFirst && <SessionsCard />}
    </Space>
  );
}
