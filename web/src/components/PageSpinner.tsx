import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** Centered loading indicator for a page or section. */
export function PageSpinner() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" style={{ padding: 48 }}>
      <Spin description={t('common.loading')} size="large">
        <div style={{ width: 80, height: 40 }} />
      </Spin>
    </Flex>
  );
}
