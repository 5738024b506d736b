import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useLogin, useLoginTotp, useSession } from '../account/api';
import type { User } from '../api/types';
import { homeFor, mustEnrollTotp, safeNext, SECURITY_PAGE } from '../lib/roles';

/** Login with username and password, then the TOTP code when the account has one; goes to ?next or the user's home area. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const loginTotp = useLoginTotp();
  const [challenge, setChallenge] = useState<string | null>(null);
  const next = safeNext(params.get('next'));
  const pending = login.isPending || loginTotp.isPending;
  // An admin who must still enroll goes to enrollment first, whatever ?next says.
  const target = (user: User) => (mustEnrollTotp(user) ? SECURITY_PAGE : next ?? homeFor(user));

  if (session.data?.user && !pending && !login.isSuccess && !loginTotp.isSuccess) {
    return <Navigate replace to={target(session.data.user)} />;
  }

  async function onPassword(values: { username: string; password: string }) {
    try {
      const r = await login.mutateAsync({ username: values.username.trim(), password: values.password });
      if ('user' in r) navigate(target(r.user), { replace: true });
      else setChallenge(r.challenge);
    } catch {
      /* shown below */
    }
  }

  async function onCode(values: { code: string }) {
    if (!challenge) return;
    try {
      const s = await loginTotp.mutateAsync({ challenge, code: values.code.replace(/\s+/g, '') });
      navigate(target(s.user), { replace: true });
    } catch (err) {
      // The step expired (or was spent): start again from the password.
      if (err instanceof ApiError && err.code === 'login_challenge_expired') setChallenge(null);
    }
  }

  const error = challenge ? loginTotp.error : login.error;
  const errorText = error instanceof ApiError && error.status === 401 && !challenge ? error.problem.detail || t('login.failed') : error ? errorMessage(error) : null;

  return (
    <div className="mc-narrow">
      <Card className="mc-form-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {challenge ? t('login.totpTitle') : t('login.title')}
        </Typography.Title>
        {next && !error && !challenge && <Alert type="info" showIcon title={t('common.loginRequired')} style={{ marginBottom: 16 }} />}
        {errorText && <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />}
        {challenge ? (
          <Form key="totp" layout="vertical" onFinish={(v) => void onCode(v)} requiredMark={false} disabled={pending}>
            <Typography.Paragraph type="secondary">{t('login.totpHelp')}</Typography.Paragraph>
            <Form.Item
              name="code"
              label={t('login.totpCode')}
              rules={[{ required: true, pattern: /^\s*\d{3}\s?\d{3}\s*$/, message: t('login.totpCodeRule') }]}
            >
              <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={7} size="large" autoFocus data-testid="login-totp-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={loginTotp.isPending} data-testid="login-totp-submit">
              {t('login.totpSubmit')}
            </Button>
            <Button type="link" block onClick={() => setChallenge(null)} style={{ marginTop: 8 }}>
              {t('login.back')}
            </Button>
          </Form>
        ) : (
          <Form key="password" layout="vertical" onFinish={(v) => void onPassword(v)} requiredMark={false} disabled={pending}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" autoCorrect="off" size="large" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        )}
        {!challenge && (
          <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
            {t('login.noAccount')} <Link to={next ? `/dang-ky?next=${encodeURIComponent(next)}` : '/dang-ky'}>{t('login.registerLink')}</Link>
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}
