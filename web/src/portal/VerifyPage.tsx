import { Alert, App, Card, Descriptions, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useVerifyDocument } from '../dossier/api';
import type { VerifyResult } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';

function isPdf(file: File): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

function VerifyOutcome({ r, fileName }: { r: VerifyResult; fileName: string }) {
  const { t } = useTranslation();
  const type = r.valid ? 'success' : r.signed ? 'error' : 'warning';
  const title = r.valid ? t('verify.valid') : r.signed ? t('verify.invalid') : t('verify.unsigned');
  const norm = (v: string) => v.trim().replace(/[.\s]+$/, '').toLowerCase();
  const showMessage = !!r.message && norm(r.message) !== norm(title);
  const items = [
    { key: 'file', label: t('verify.file'), children: fileName },
    ...(r.signer
      ? [
          { key: 'cn', label: t('verify.signer'), children: <span data-testid="verify-signer">{r.signer.commonName ?? '—'}</span> },
          { key: 'org', label: t('verify.organization'), children: <span data-testid="verify-organization">{r.signer.organization ?? '—'}</span> },
        ]
      : []),
    ...(r.signedAt
      ? [{ key: 'at', label: t('verify.signedAt'), children: <span data-testid="verify-signed-at">{t('verify.vnTime', { date: formatDateTime(r.signedAt) })}</span> }]
      : []),
    ...(r.dossierCode
      ? [
          {
            key: 'code',
            label: t('verify.dossierCode'),
            children: (
              <Link to={`/tra-cuu/${encodeURIComponent(r.dossierCode)}`} data-testid="verify-dossier-code">
                {r.dossierCode}
              </Link>
            ),
          },
        ]
      : []),
    ...(r.signed
      ? [{ key: 'whole', label: t('verify.coverage'), children: r.coversWholeDocument ? t('verify.coversWhole') : t('verify.coversPart') }]
      : []),
  ];
  return (
    <div data-testid="verify-result" data-valid={r.valid ? 'true' : 'false'} data-signed={r.signed ? 'true' : 'false'}>
      <Alert
        type={type}
        showIcon
        title={<strong>{title}</strong>}
        description={showMessage ? <span data-testid="verify-message">{r.message}</span> : undefined}
        style={{ marginBottom: 12 }}
      />
      <Descriptions size="small" bordered column={1} items={items} />
    </div>
  );
}

/** Public page "Xác thực kết quả điện tử": checks the digital signature of a result PDF. */
export function VerifyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const verify = useVerifyDocument();
  const fileName = verify.variables?.name ?? '';

  function beforeUpload(file: File) {
    if (!isPdf(file)) {
      message.error(t('verify.pdfOnly'));
      return Upload.LIST_IGNORE;
    }
    verify.mutate(file);
    return false;
  }

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }} data-testid="verify-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('verify.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('verify.subtitle')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".pdf,application/pdf"
        maxCount={1}
        showUploadList={false}
        beforeUpload={beforeUpload}
        disabled={verify.isPending}
        data-testid="verify-file"
        style={{ marginBottom: 24 }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('verify.choose')}</p>
        <p className="ant-upload-hint">{t('verify.hint')}</p>
      </Upload.Dragger>
      <div style={{ marginTop: 24 }}>
        {verify.isPending && <PageSpinner />}
        {verify.isError && <ProblemAlert error={verify.error} />}
        {verify.data && !verify.isPending && (
          <Card size="small" title={t('verify.resultTitle')}>
            <VerifyOutcome r={verify.data} fileName={fileName} />
          </Card>
        )}
      </div>
    </div>
  );
}
