import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Dossier } from '../api/types';
import { createDossier, invalidateMyDossiers, reuseDossierFile, uploadDossierFile } from '../dossier/api';
import { attempt, type StepOutcome } from '../lib/steps';

/** A file the applicant attaches, labelled with the required document it is (unlabelled: an extra file). */
export interface Attachment {
  file: File;
  label?: string;
}

/** A document from the applicant's store, attached without uploading it again. */
export interface Reuse {
  id: string;
  name: string;
  label: string;
}

/** The outcome of a submission whose dossier was created (attachments may have failed on their own). */
export interface OnlineSubmission {
  dossier: Dossier;
  /** One per attachment and per reused document, in the order given. */
  attachments: (StepOutcome & { name: string })[];
}

/**
 * Online submission as one use case: create the dossier (the e-form is checked there, all or nothing),
 * then upload each attachment and attach each reused document. A later step's failure is reported in
 * the outcome, not undone: the dossier exists and has its code by then. A failed creation rejects with
 * the server's error. The applicant's lists are refreshed either way.
 */
export function useSubmitOnline() {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function submit(
    input: { procedureCode: string; unitId: string; formData: Record<string, unknown> },
    uploads: Attachment[],
    reuses: Reuse[],
  ): Promise<OnlineSubmission> {
    setBusy(true);
    try {
      const dossier = await createDossier(input);
      const attachments: OnlineSubmission['attachments'] = [];
      for (const { file, label } of uploads) {
        attachments.push({ name: file.name, ...(await attempt(() => uploadDossierFile(dossier.id, file, label))) });
      }
      for (const d of reuses) {
        attachments.push({ name: d.name, ...(await attempt(() => reuseDossierFile(dossier.id, d.id, d.label))) });
      }
      void invalidateMyDossiers(qc);
      return { dossier, attachments };
    } finally {
      setBusy(false);
    }
  }

  return { submit, busy };
}
