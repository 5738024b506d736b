import { useState } from 'react';
import { Alert, App, Button, Descriptions, Empty, Flex, Form, Input, Modal, Space, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { errorMessage } from '../api/client';
import { useUnitCertificate, useUploadUnitCertificate } from './api';
import type { AdminUnit, UnitCertificate } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';

function isPkcs12(file: File): boolean {
  return /\.(p12|pfx)$/i.test(file.name);
}

function ValidityTag({ cert }: { cert: UnitCertificate }) {
  const { t } = useTranslation();
  const now = dayjs();
  if (dayjs(cert.notAfter).isBefore(now)) {
    return (
      <Tag color="red" data-testid="cert-expired">
        {t('cert.expired')}
      </Tag>
    );
  }
  if (dayjs(cert.notBefore).isAfter(now)) return <Tag color="orange">{t('cert.notYetValid')}</Tag>;
  return <Tag color="green">{t('cert.valid')}</Tag>;
}

function CurrentCertificate({ cert }: { cert: UnitCertificate }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      data-testid="cert-current"
      size="small"
      bordered
      column={1}
      items={[
        { key: 'subject', label: t('cert.subject'), children: <span data-testid="cert-subject">{cert.subject}</span> },
        { key: 'issuer', label: t('cert.issuer'), children: cert.issuer },
        { key: 'serial', label: t('cert.serialNumber'), children: <Typography.Text code>{cert.serialNumber}</Typography.Text> },
        {
          key: 'validity',
          label: t('cert.validity'),
          children: (
            <Space size={[8, 4]} wrap>
              <span data-testid="cert-validity">
                {formatDateTime(cert.notBefore)} – {formatDateTime(cert.notAfter)}
              </span>
              <ValidityTag cert={cert} />
            </Space>
          ),
        },
        { key: 'uploaded', label: t('cert.uploadedAt'), children: formatDateTime(cert.uploadedAt) },
      ]}
    />
  );
}

/** Admin: view and replace the digital signing certificate (.p12/.pfx) of a unit. */
export function CertificateModal({ unit, onClose }: { unit: AdminUnit | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cert = useUnitCertificate(unit?.id ?? null);
  const save = useUploadUnitCertificate(unit?.id ?? '');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [passphrase, setPassphrase] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);

  function close() {
    setFiles([]);
    setPassphrase('');
    setFileError(null);
    save.reset();
    onClose();
  }

  async function onSave() {
    const file = files[0]?.originFileObj;
    if (!file) {
      setFileError(t('cert.fileRequired'));
      return;
    }
    try {
      await save.mutateAsync({ file, passphrase });
      message.success(t('cert.saved'));
      setFiles([]);
      setPassphrase('');
    } catch (err) {
      message.error(errorMessage(err, t('common.error')), 6);
    }
  }

  return (
    <Modal
      open={!!unit}
      onCancel={close}
      title={
        <Space size={6}>
          <SafetyCertificateOutlined />
          {t('cert.title', { unit: unit?.name ?? '' })}
        </Space>
      }
      width={640}
      destroyOnHidden
      modalRender={(node) => <div data-testid="cert-modal">{node}</div>}
      footer={[
        <Button key="close" onClick={close}>
          {t('cert.close')}
        </Button>,
        <Button key="save" type="primary" onClick={() => void onSave()} loading={save.isPending} data-testid="cert-save">
          {cert.data ? t('cert.replace') : t('cert.save')}
        </Button>,
      ]}
    >
      <Typography.Title level={5}>{t('cert.current')}</Typography.Title>
      {cert.isLoading ? (
        <PageSpinner />
      ) : cert.isError ? (
        <ProblemAlert error={cert.error} onRetry={() => void cert.refetch()} />
      ) : cert.data ? (
        <CurrentCertificate cert={cert.data} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cert.none')} data-testid="cert-none" style={{ margin: '8px 0' }} />
      )}

      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {cert.data ? t('cert.uploadNew') : t('cert.upload')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('cert.uploadHint')}
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void onSave()} autoComplete="off" component="div">
        <Form.Item label={t('cert.file')} required validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
          <Upload
            accept=".p12,.pfx,application/x-pkcs12"
            maxCount={1}
            fileList={files}
            beforeUpload={(file) => {
              if (!isPkcs12(file)) {
                setFileError(t('cert.fileType'));
                return Upload.LIST_IGNORE;
              }
              return false;
            }}
            onChange={({ fileList }) => {
              setFiles(fileList.slice(-1));
              if (fileList.length > 0) setFileError(null);
            }}
            data-testid="cert-file"
          >
            <Button icon={<UploadOutlined />}>{t('cert.chooseFile')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item label={t('cert.passphrase')} extra={t('cert.passphraseHint')}>
          <Input.Password
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            autoComplete="new-password"
            data-testid="cert-passphrase"
            onPressEnter={() => void onSave()}
          />
        </Form.Item>
      </Form>
      {save.isError && (
        <Flex vertical style={{ marginTop: 4 }} data-testid="cert-error">
          <ProblemAlert error={save.error} title={t('cert.saveFailed')} />
        </Flex>
      )}
      {save.isSuccess && !save.isPending && (
        <Alert type="success" showIcon title={t('cert.saved')} data-testid="cert-saved" />
      )}
    </Modal>
  );
}
