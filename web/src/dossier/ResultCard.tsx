import { App, Button, Card, Empty, Flex, Space, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, FilePdfOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { dossierResultUrl, useUploadDossierResult } from './api';
import type { Dossier, User } from '../api/types';
import { formatDateTime } from '../lib/format';

const RESULT_ROLES = new Set(['specialist', 'leader']);

/** A specialist or leader of the dossier's competent unit (who may upload the result document). */
export function canUploadResult(user: User | null | undefined, dossier: Dossier): boolean {
  return !!user && user.roles.some((r) => RESULT_ROLES.has(r.role) && r.unitId === dossier.unitId);
}

function isPdf(file: File): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

/**
 * "Kết quả giải quyết": the result document of a dossier. Officers of the competent unit upload the PDF
 * while the dossier is in progress; the leader's final approval signs it with the unit's certificate.
 */
export function ResultCard({ dossier: d, user, officer }: { dossier: Dossier; user: User | null | undefined; officer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadDossierResult(d.id);
  const result = d.result ?? null;
  const mayUpload = d.status === 'in_progress' && canUploadResult(user, d);

  // Citizens see the card only once a result exists.
  if (!result && !officer) return null;

  function beforeUpload(file: File) {
    if (!isPdf(file)) {
      message.error(t('result.pdfOnly'));
      return Upload.LIST_IGNORE;
    }
    upload.mutate(file, {
      onSuccess: () => message.success(t('result.uploaded')),
      onError: (err) => message.error(errorMessage(err, t('common.error')), 6),
    });
    return false;
  }

  const picker = (testId: string, label: string, primary: boolean) => (
    <Upload accept=".pdf,application/pdf" maxCount={1} showUploadList={false} beforeUpload={beforeUpload} disabled={upload.isPending} data-testid={testId}>
      <Button type={primary ? 'primary' : 'default'} size={primary ? 'middle' : 'small'} icon={<UploadOutlined />} loading={upload.isPending}>
        {label}
      </Button>
    </Upload>
  );

  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <SafetyCertificateOutlined />
          {t('result.title')}
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="dossier-result"
    >
      {result ? (
        <Flex vertical gap={8}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text strong data-testid="result-name">
              <FilePdfOutlined style={{ color: '#cf1322' }} /> {result.name}
            </Typography.Text>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              href={dossierResultUrl(d.id)}
              target="_blank"
              rel="noreferrer"
              download={result.name}
              data-testid="result-download"
            >
              {t('common.download')}
            </Button>
          </Flex>
          {result.signed ? (
            <Space size={[8, 4]} wrap>
              <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="result-signed">
                {t('result.signed')}
              </Tag>
              <Typography.Text type="secondary" data-testid="result-signer">
                {t('result.signedBy', { signer: result.signer ?? '—', date: formatDateTime(result.signedAt) })}
              </Typography.Text>
            </Space>
          ) : (
            <Space size={[8, 4]} wrap>
              <Tag color="orange" data-testid="result-unsigned">
                {t('result.unsigned')}
              </Tag>
              <Typography.Text type="secondary">{t('result.unsignedHint')}</Typography.Text>
            </Space>
          )}
          {!result.signed && mayUpload && <div>{picker('result-replace', t('result.replace'), false)}</div>}
        </Flex>
      ) : mayUpload ? (
        <Flex vertical gap={8} align="flex-start">
          {picker('result-upload', t('result.upload'), true)}
          <Typography.Text type="secondary" data-testid="result-hint">
            {t('result.hint')}
          </Typography.Text>
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('result.none')} style={{ margin: '8px 0' }} />
      )}
    </Card>
  );
}
