import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { sameAs } from '../lib/form';
import { ApiError, errorMessage } from '../api/client';
import { useRegister } from '../account/api';
import type { RegisterInput } from '../api/types';
import { safeNext } from '../lib/roles';

interface Values {
  username: string;
  password: string;
  confirm: string;
  fullName: string;
  idNumber?: string;
  birthDate?: Dayjs | null;
  phone?: string;
  email?: string;
  address?: string;
}

/** Citizen self-registration; logs the user in on success. */
export function RegisterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const register = useRegister();
  const [form] = Form.useForm<Values>();
  const next = safeNext(params.get('next'));

  async function onFinish(v: Values) {
    const input: RegisterInput = {
      username: v.username.trim(),
      password: v.password,
      fullName: v.fullName.trim().replace(/\s+/g, ' '),
    };
    if (v.idNumber?.trim()) input.idNumber = v.idNumber.trim();
    if (v.birthDate) input.birthDate = v.birthDate.format('YYYY-MM-DD');
    if (v.phone?.trim()) input.phone = v.phone.replace(/[\s.-]/g, '');
    if (v.email?.trim()) input.email = v.email.trim();
    if (v.address?.trim()) input.address = v.address.trim();
    try {
      await register.mutateAsync(input);
      message.success(t('register.success'));
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        form.setFields(
          err.problem.errors
            .map((e) => ({ name: e.path.replace(/^\/+/, '').split('/')[0] as keyof Values, errors: [e.message] }))
            .filter((f) => f.name),
        );
      }
    }
  }

  const error = register.error;

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Card className="mc-form-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('register.title')}
        </Typography.Title>
        {error && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={register.isPending} scrollToFirstError>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="username"
                label={t('register.username')}
                extra={t('register.usernameRule')}
                rules={[
                  { required: true, whitespace: true, message: t('login.usernameRequired') },
                  { pattern: /^[A-Za-z0-9._-]{3,50}$/, message: t('register.usernameRule') },
                ]}
              >
                <Input autoComplete="username" autoCapitalize="none" autoCorrect="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="fullName"
                label={t('register.fullName')}
                rules={[{ required: true, whitespace: true, message: t('register.fullNameRequired') }, { max: 200 }]}
              >
                <Input autoComplete="name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="password"
                label={t('register.password')}
                extra={t('register.passwordRule')}
                rules={[
                  { required: true, message: t('login.passwordRequired') },
                  { min: 8, message: t('register.passwordRule') },
                ]}
                hasFeedback
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="confirm"
                label={t('register.confirmPassword')}
                dependencies={['password']}
                hasFeedback
                rules={[
                  { required: true, message: t('register.passwordMismatch') },
                  sameAs('password', t('register.passwordMismatch')),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="idNumber"
                label={t('register.idNumber')}
                rules={[{ pattern: /^\d{12}$/, message: t('register.idNumberRule') }]}
              >
                <Input inputMode="numeric" maxLength={12} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="birthDate" label={t('register.birthDate')}>
                <DatePicker
                  format="DD/MM/YYYY"
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isAfter(dayjs())}
                  placeholder="dd/mm/yyyy"
                  inputReadOnly={false}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="phone" label={t('register.phone')} rules={[{ pattern: /^(\+84|0)[\d\s.-]{8,12}$/, message: t('register.phoneRule') }]}>
                <Input inputMode="tel" autoComplete="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="email" label={t('register.email')} rules={[{ type: 'email', message: t('register.emailRule') }]}>
                <Input inputMode="email" autoComplete="email" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="address" label={t('register.address')}>
                <Input autoComplete="street-address" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" size="large" block loading={register.isPending} data-testid="register-submit">
            {t('register.submit')}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          {t('register.haveAccount')} <Link to="/dang-nhap">{t('register.loginLink')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
