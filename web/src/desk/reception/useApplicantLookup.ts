import { useRef, useState } from 'react';
import { App } from 'antd';
import type { FormInstance, InputRef } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import type { IdType } from '../../api/types';
import { normaliseIdNumber } from '../../lib/idnumber';
import { lookupPerson } from '../api';
import type { ReceptionValues } from './form';

/** Where the look-up of the typed ID number stands: not done, running, a known person, or a new one. */
export type LookupState = 'idle' | 'loading' | 'found' | 'new';

/**
 * The applicant part of reception: look the ID number up in the desk's registry and fill the form with
 * what is known (or clear it for a new person and move to the name), and the applicant's consent to the
 * reuse of their stored documents, which holds only for the person looked up.
 */
export function useApplicantLookup(form: FormInstance<ReceptionValues>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<LookupState>('idle');
  /** The known applicant, present, agrees that their stored documents are used for this dossier. */
  const [storeConsent, setStoreConsent] = useState(false);
  const idRef = useRef<InputRef>(null);
  const nameRef = useRef<InputRef>(null);

  /** The ID number or its type changed: the previous look-up, and the consent given with it, no longer hold. */
  function changed() {
    setState('idle');
    setStoreConsent(false);
  }

  async function lookup() {
    const type = form.getFieldValue('idType') as IdType;
    const raw = form.getFieldValue('idNumber') as string | undefined;
    try {
      await form.validateFields(['idNumber']);
    } catch {
      idRef.current?.focus();
      return;
    }
    const idNumber = normaliseIdNumber(raw);
    form.setFieldValue('idNumber', idNumber);
    setState('loading');
    setStoreConsent(false);
    try {
      const person = await lookupPerson(type, idNumber);
      if (person) {
        form.setFieldsValue({
          fullName: person.fullName,
          birthDate: person.birthDate && dayjs(person.birthDate).isValid() ? dayjs(person.birthDate) : null,
          address: person.address ?? undefined,
          phone: person.phone ?? undefined,
          email: person.email ?? undefined,
        });
        setState('found');
      } else {
        form.setFieldsValue({ fullName: '', birthDate: null, address: undefined, phone: undefined, email: undefined });
        setState('new');
        setTimeout(() => nameRef.current?.focus(), 0);
      }
    } catch (err) {
      setState('idle');
      if (err instanceof ApiError && (err.status === 422 || err.status === 400)) {
        form.setFields([{ name: 'idNumber', errors: [errorMessage(err)] }]);
      } else {
        message.error(errorMessage(err, t('common.error')));
      }
    }
  }

  return { state, storeConsent, setStoreConsent, lookup, changed, idRef, nameRef };
}

export type ApplicantLookup = ReturnType<typeof useApplicantLookup>;
