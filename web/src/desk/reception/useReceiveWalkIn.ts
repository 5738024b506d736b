import { useState } from 'react';
import type { DeskDossierInput, Dossier } from '../../api/types';
import { recordStoreConsent, uploadDossierFile } from '../../dossier/api';
import { attempt, type StepOutcome } from '../../lib/steps';
import { useCreateDeskDossier } from '../api';

/** A scanned file to attach to the new dossier, labelled with its checklist row. */
export interface ScannedFile {
  file: File;
  /** The checklist document it is a copy of. */
  label?: string;
}

/** The outcome of a reception whose dossier was created (later steps may have failed on their own). */
export interface WalkInOutcome {
  dossier: Dossier;
  /** One per scanned file, in the order given. */
  uploads: (StepOutcome & { name: string })[];
  /** The applicant's consent to the reuse of their store: null when not asked for (or refused with the dossier). */
  consent: StepOutcome | null;
}

/** Where a reception stands while it runs. */
export type WalkInStep = 'idle' | 'creating' | 'uploading' | 'consenting';

/**
 * Walk-in reception as one use case: create the dossier at the desk (accept, ask for a supplement or
 * refuse), then attach the scanned copies, then record the applicant's consent to the reuse of their
 * stored documents (not for a refused dossier). Only the creation is all-or-nothing on the server; each
 * later step is its own request, and its failure is reported in the outcome rather than undoing the
 * dossier, which exists and has a code by then. A failed creation rejects with the server's error.
 */
export function useReceiveWalkIn() {
  const create = useCreateDeskDossier();
  const [step, setStep] = useState<WalkInStep>('idle');

  async function receive(input: DeskDossierInput, files: ScannedFile[], consent: boolean): Promise<WalkInOutcome> {
    setStep('creating');
    try {
      const dossier = await create.mutateAsync(input);
      setStep('uploading');
      const uploads: WalkInOutcome['uploads'] = [];
      for (const { file, label } of files) {
        uploads.push({ name: file.name, ...(await attempt(() => uploadDossierFile(dossier.id, file, label))) });
      }
      let consented: StepOutcome | null = null;
      // The consent is recorded on the dossier (an event, audited) before the applicant's store is offered.
      if (consent && input.decision !== 'reject') {
        setStep('consenting');
        consented = await attempt(() => recordStoreConsent(dossier.id));
      }
      return { dossier, uploads, consent: consented };
    } finally {
      setStep('idle');
    }
  }

  return { receive, step, busy: step !== 'idle' };
}
