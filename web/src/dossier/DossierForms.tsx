import { Button, Dropdown } from 'antd';
import { DownOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { dossierFormUrl, useDossierForms } from './api';

/** "In biểu mẫu": the one-stop forms (Mẫu 01–06) of a dossier; those that apply now link to the PDF. */
export function DossierForms({ dossierId }: { dossierId: string }) {
  const { t } = useTranslation();
  const forms = useDossierForms(dossierId);
  const items = (forms.data?.items ?? []).map((f) => ({
    key: f.no,
    disabled: !f.available,
    label: f.available ? (
      <a href={dossierFormUrl(dossierId, f.no)} target="_blank" rel="noreferrer" data-testid={`dossier-form-${f.no}`}>
        {t('forms.item', { no: f.no, title: f.title })}
      </a>
    ) : (
      <span data-testid={`dossier-form-${f.no}`} aria-disabled title={t('forms.notAvailable')}>
        {t('forms.item', { no: f.no, title: f.title })}
      </span>
    ),
  }));
  return (
    <Dropdown
      trigger={['click']}
      menu={{ items: items.length ? items : [{ key: 'none', disabled: true, label: forms.isError ? t('common.error') : t('common.loading') }] }}
    >
      <Button icon={<PrinterOutlined />} loading={forms.isLoading} data-testid="dossier-forms">
        {t('forms.print')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
