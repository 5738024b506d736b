import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, IdcardOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../account/api';
import { useDeskCode } from '../identity/api';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate, formatDateTime } from '../lib/format';

/**
 * The signed-in person's account: who they are, and whether their ID number is verified. A declared
 * number links nothing; a citizen whose number is not verified gets a one-time code to show at the desk
 * with their ID card, after which dossiers received for them at the desk appear in "My dossiers".
 */
export default function AccountPage() {
  const { t } = useTranslation();
  const session = useSession();
  const code = useDeskCode();
  const user = session.data?.user;
  if (!user) return null;
  const verified = !!user.idVerifiedAt;

  return (
    <div data-testid="account-page" style={{ maxWidth: 760 }}>
      <Typography.Title level={3}>{t('identity.title')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('register.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('register.fullName')}>{user.fullName}</Descriptions.Item>
          {user.kind === 'citizen' && (
            <Descriptions.Item label={t('register.idNumber')}>
              <Space wrap>
                <span style={{ fontFamily: 'monospace' }}>{user.idNumber ?? '—'}</span>
                {verified ? (
                  <Tag color="success" icon={<CheckCircleOutlined />} data-testid="identity-status" data-verified="true">
                    {t('identity.verifiedOn', { date: formatDate(user.idVerifiedAt) })}
                  </Tag>
                ) : (
                  <Tag color="warning" icon={<ExclamationCircleOutlined />} data-testid="identity-status" data-verified="false">
                    {t('identity.notVerified')}
                  </Tag>
                )}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {user.kind === 'citizen' && !verified && (
        <Card size="small" title={t('identity.howTitle')}>
          <Typography.Paragraph>{t('identity.why')}</Typography.Paragraph>
          <ol style={{ paddingInlineStart: 20 }}>
            <li>{t('identity.step1')}</li>
            <li>{t('identity.step2')}</li>
            <li>{t('identity.step3')}</li>
          </ol>
          {code.data ? (
            <Alert
              type="info"
              showIcon
              icon={<IdcardOutlined />}
              title={
                <Typography.Text strong data-testid="identity-desk-code" style={{ fontSize: 28, fontFamily: 'monospace', letterSpacing: 2 }}>
                  {code.data.code}
                </Typography.Text>
              }
              description={t('identity.codeHint', { time: formatDateTime(code.data.expiresAt) })}
            />
          ) : null}
          {code.isError && <ProblemAlert error={code.error} />}
          <Button
            type={code.data ? 'default' : 'primary'}
            style={{ marginTop: 12 }}
            loading={code.isPending}
            onClick={() => code.mutate()}
            data-testid="identity-new-code"
          >
            {code.data ? t('identity.newCode') : t('identity.getCode')}
          </Button>
        </Card>
      )}
    </div>
  );
}
