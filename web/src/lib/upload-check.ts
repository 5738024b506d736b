import { Upload } from 'antd';
import type { TFunction } from 'i18next';

/** What the server accepts as a dossier attachment (it checks the content again). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const ALLOWED_EXT = /\.(pdf|jpe?g|png)$/i;

/**
 * An antd Upload `beforeUpload` that refuses files the server would refuse (type, size) with a message,
 * and otherwise keeps the file locally: it is sent once the dossier exists.
 */
export function attachmentBeforeUpload(t: TFunction, showError: (text: string) => void) {
  return (file: File) => {
    if (!(ALLOWED_TYPES.includes(file.type) || ALLOWED_EXT.test(file.name))) {
      showError(t('apply.fileType', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    if (file.size > MAX_FILE_BYTES) {
      showError(t('apply.fileTooLarge', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    return false;
  };
}
