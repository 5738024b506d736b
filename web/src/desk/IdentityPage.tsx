import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Result, Typography } from 'antd';
import { IdcardOutlined, SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useCodeLookup, useVerifyIdentity } from '../identity/api';
import type { CodeAccount, IdentityVerified } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate, formatDateTime } from '../lib/format';
import { idNumberProblem, normaliseIdNumber } from '../lib/idnumber';

/**
 * The desk verifies a citizen's ID number: the citizen shows a one-time code from their account, the
 * officer sees whose account it is, compares it with the ID card and the person in front of them, types
 * the card's number and confirms. From then on walk-ins with that number link to that account.
 */
export default function IdentityPage() {
  const { t } = useTranslation();
  const lookup = useCodeLookup();
  const verify = useVerifyIdentity();
  const [code, setCode] = useState('');
  const [account, setAccount] = useState<CodeAccount | null>(null);
  const [done, setDone] = useState<IdentityVerified | null>(null);
  const [form] = Form.useForm<{ idNumber: string; checked: boolean }>();

  function reset() {
    setCode('');
    setAccount(null);
    setDone(null);
    lookup.reset();
    verify.reset();
    form.resetFields();
  }

  async function onLookup() {
    if (!code.trim()) return;
    setAccount(null);
    verify.reset();
    try {
      const a = await lookup.mutateAsync(code.trim());
      setAccount(a);
      form.setFieldsValue({ idNumber: a.declaredIdNumber ?? '', checked: false });
    } catch {
      // shown below
    }
  }

  async function onVerify(v: { idNumber: string }) {
    try {
      setDone(await verify.mutateAsync({ code: code.trim(), idNumber: normaliseIdNumber(v.idNumber) }));
    } catch {
      // shown below
    }
  }

  if (done) {
    return (
      <Result
        status="success"
        data-testid="identity-verified"
        title={t('identity.desk.done', { name: done.fullName })}
        subTitle={t('identity.desk.doneHint', { at: formatDateTime(done.verifiedAt), count: done.linkedDossiers })}
        extra={<Button type="primary" onClick={reset}>{t('identity.desk.next')}</Button>}
      />
    );
  }

  return (
    <div data-testid="desk-identity">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/xu-ly">{t('nav.inbox')}</Link> }, { title: t('identity.desk.title') }]} />
      <Typography.Title level={3}>{t('identity.desk.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('identity.desk.intro')}</Typography.Paragraph>
      <Card size="small" title={t('identity.desk.stepCode')} style={{ marginBottom: 16, maxWidth: 720 }}>
        <Flex gap={8}>
          <Input
            size="large"
            value={code}
            onChange={(e) => { setCode(e.target.value.toUpperCase()); setAccount(null); }}
            onPressEnter={() => void onLookup()}
            placeholder="XXXX-XXXX"
            maxLength={12}
            aria-label={t('identity.desk.code')}
            data-testid="identity-code"
            style={{ fontFamily: 'monospace', letterSpacing: 2, maxWidth: 240 }}
          />
          <Button size="large" icon={<SearchOutlined />} loading={lookup.isPending} onClick={() => void onLookup()} data-testid="identity-lookup">
            {t('identity.desk.find')}
          </Button>
        </Flex>
        {lookup.isError && <div style={{ marginTop: 12 }}><ProblemAlert error={lookup.error} /></div>}
      </Card>

      {account && (
        <Card size="small" title={t('identity.desk.stepCard')} style={{ maxWidth: 720 }} data-testid="identity-account">
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('identity.desk.account')}>{account.username}</Descriptions.Item>
            <Descriptions.Item label={t('register.fullName')}>{account.fullName}</Descriptions.Item>
            <Descriptions.Item label={t('register.birthDate')}>{account.birthDate ? formatDate(account.birthDate) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('identity.declared')}>{account.declaredIdNumber ?? '—'}</Descriptions.Item>
          </Descriptions>
          {account.verified ? (
            <Alert type="info" showIcon title={t('identity.desk.already')} />
          ) : (
            <Form form={form} layout="vertical" onFinish={(v) => void onVerify(v)} requiredMark>
              <Form.Item
                name="idNumber"
                label={t('identity.desk.cardNumber')}
                extra={t('identity.desk.cardNumberHint')}
                rules={[{
                  validator: (_, value: string | undefined) => {
                    const problem = idNumberProblem('personal', value ?? '');
                    return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
                  },
                }]}
              >
                <Input size="large" prefix={<IdcardOutlined />} maxLength={16} data-testid="identity-card-number" style={{ fontFamily: 'monospace', maxWidth: 280 }} />
              </Form.Item>
              <Form.Item
                name="checked"
                valuePropName="checked"
                rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('identity.desk.checkRequired')))) }]}
              >
                <Checkbox data-testid="identity-checked">{t('identity.desk.check')}</Checkbox>
              </Form.Item>
              {verify.isError && <div style={{ marginBottom: 12 }}><ProblemAlert error={verify.error} /></div>}
              <Button type="primary" htmlType="submit" loading={verify.isPending} data-testid="identity-verify">
                {t('identity.desk.verify')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </div>
  );
}
