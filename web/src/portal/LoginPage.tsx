import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useLogin, useSession } from '../api/hooks';
import { homeFor, safeNext } from '../lib/roles';

/** Login with username and password; goes to ?next or the user's home area. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const next = safeNext(params.get('next'));

  if (session.data?.user && !login.isPending && !login.isSuccess) {
    return <Navigate replace to={next ?? homeFor(session.data.user)} />;
  }

  async function onFinish(values: { username: string; password: string }) {
    try {
      const s = await login.mutateAsync({ username: values.username.trim(), password: values.password });
      navigate(next ?? homeFor(s.user), { replace: true });
    } catch {
      /* shown below */
    }
  }

  const error = login.error;
  const errorText = error instanceof ApiError && error.status === 401 ? error.problem.detail || t('login.failed') : error ? errorMessage(error) : null;

  return (
    <div className="mc-narrow">
      <Card className="mc-form-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        {next && !error && <Alert type="info" showIcon title={t('common.loginRequired')} style={{ marginBottom: 16 }} />}
        {errorText && <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />}
        <Form layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} disabled={login.isPending}>
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
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          {t('login.noAccount')} <Link to={next ? `/dang-ky?next=${encodeURIComponent(next)}` : '/dang-ky'}>{t('login.registerLink')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
