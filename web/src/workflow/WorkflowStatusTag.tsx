import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { draft: 'gold', published: 'green', retired: 'default' };

/** Bản nháp / Đang áp dụng / Ngừng áp dụng. */
export function WorkflowStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid="wf-status" data-status={status}>
      {t(`wf.status.${status}`, { defaultValue: status })}
    </Tag>
  );
}
