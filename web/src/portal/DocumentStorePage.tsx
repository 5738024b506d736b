import { Button, Empty, Flex, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { myDocumentFileUrl, useMyDocuments } from '../dossier/api';
import type { StoredDocument } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { fileKind, formatDateTime, formatSize } from '../lib/format';

/** The applicant's store of digitised documents (Kho giấy tờ đã số hóa, Decree 45/2020). */
export default function DocumentStorePage() {
  const { t } = useTranslation();
  const query = useMyDocuments();
  const items = query.data?.items ?? [];

  const columns: TableProps<StoredDocument>['columns'] = [
    {
      title: t('store.name'),
      dataIndex: 'name',
      render: (name: string) => (
        <span>
          <FileTextOutlined style={{ marginInlineEnd: 6, color: '#0b5cad' }} />
          {name}
        </span>
      ),
    },
    { title: t('store.type'), dataIndex: 'contentType', width: 90, render: (ct: string) => fileKind(ct) },
    { title: t('store.size'), dataIndex: 'size', width: 100, align: 'right', render: (s: number) => formatSize(s) },
    { title: t('store.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('store.source'),
      dataIndex: 'sourceDossierCode',
      width: 200,
      render: (code: string | null) =>
        code ? <Typography.Text style={{ fontFamily: 'monospace' }}>{code}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: '',
      key: 'download',
      width: 120,
      render: (_, d) => (
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={myDocumentFileUrl(d.id)}
          target="_blank"
          rel="noreferrer"
          aria-label={`${t('store.download')}: ${d.name}`}
          data-testid={`document-download-${d.id}`}
        >
          {t('store.download')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="document-store">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('store.title')}
        </Typography.Title>
        <Link to="/ho-so-cua-toi">
          <Button>{t('nav.myDossiers')}</Button>
        </Link>
      </Flex>
      <Typography.Paragraph type="secondary">{t('store.hint')}</Typography.Paragraph>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && items.length === 0 ? (
        <Empty description={t('store.empty')} />
      ) : (
        <Table<StoredDocument>
          size="middle"
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={query.isLoading}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 760 }}
          data-testid="document-store-table"
        />
      )}
    </div>
  );
}
