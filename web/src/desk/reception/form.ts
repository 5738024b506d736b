// The reception form's values and the pure steps around them: the request body made from them, and the
// form field an error of the server points at. No React here, so both are unit-tested (form.test.ts).
import type { Dayjs } from 'dayjs';
import type { DeskDecision, DeskDossierInput, IdType } from '../../api/types';
import { pathSegments } from '../../lib/eform';
import { normaliseIdNumber } from '../../lib/idnumber';

/** One row of the checklist: a required document and whether the applicant handed it in. */
export interface DocRow {
  name: string;
  originals: number;
  copies: number;
  provided: boolean;
}

/** One fee to collect (amount null while the officer has not typed it). */
export interface FeeRow {
  name: string;
  amount: number | null;
  receiptNumber?: string;
}

/** Everything the officer fills in. */
export interface ReceptionValues {
  idType: IdType;
  idNumber: string;
  fullName: string;
  birthDate?: Dayjs | null;
  address?: string;
  phone?: string;
  email?: string;
  hasAuthorised?: boolean;
  authorised?: { fullName?: string; idNumber?: string; phone?: string; address?: string; document?: string };
  receivingUnitId?: string;
  procedureCode?: string;
  unitId?: string;
  documents: DocRow[];
  sets: number;
  returnPlace: string;
  fees: FeeRow[];
}

const trimmed = (s?: string | null) => (s ?? '').trim() || undefined;
/** Phone numbers as typed ("0912 345.678") without the separators. */
const phoneDigits = (s: string) => s.replace(/[\s.-]/g, '');

/**
 * The body of POST /desk/dossiers for a decision: text trimmed, ID numbers and phones without separators,
 * empty optional fields left out, the birth date only for a person, fees only when the dossier is
 * accepted (and only those with an amount), the comment only when there is one.
 */
export function toDeskInput(v: ReceptionValues, decision: DeskDecision, comment: string | undefined, defaultReturnPlace: string): DeskDossierInput {
  const address = trimmed(v.address);
  const phone = trimmed(v.phone);
  const email = trimmed(v.email);
  const auth = v.authorised;
  return {
    procedureCode: v.procedureCode ?? '',
    unitId: v.unitId ?? '',
    ...(v.receivingUnitId ? { receivingUnitId: v.receivingUnitId } : {}),
    applicant: {
      idType: v.idType,
      idNumber: normaliseIdNumber(v.idNumber),
      fullName: (v.fullName ?? '').trim(),
      ...(v.idType === 'personal' && v.birthDate ? { birthDate: v.birthDate.format('YYYY-MM-DD') } : {}),
      ...(address ? { address } : {}),
      ...(phone ? { phone: phoneDigits(phone) } : {}),
      ...(email ? { email } : {}),
    },
    authorised: v.hasAuthorised
      ? {
          fullName: (auth?.fullName ?? '').trim(),
          idNumber: normaliseIdNumber(auth?.idNumber),
          document: (auth?.document ?? '').trim(),
          ...(trimmed(auth?.address) ? { address: trimmed(auth?.address) } : {}),
          ...(trimmed(auth?.phone) ? { phone: phoneDigits(auth!.phone!) } : {}),
        }
      : null,
    documents: (v.documents ?? []).map((d) => ({ name: d.name, originals: d.originals ?? 0, copies: d.copies ?? 0, provided: !!d.provided })),
    sets: v.sets || 1,
    returnPlace: (v.returnPlace ?? '').trim() || defaultReturnPlace,
    decision,
    ...(decision === 'accept'
      ? {
          fees: (v.fees ?? [])
            .filter((f) => f && (f.amount ?? 0) > 0)
            .map((f) => ({ name: f.name.trim(), amount: f.amount ?? 0, receiptNumber: (f.receiptNumber ?? '').trim() })),
        }
      : {}),
    ...(comment?.trim() ? { comment: comment.trim() } : {}),
  };
}

const TOP_LEVEL = new Set(['procedureCode', 'unitId', 'receivingUnitId', 'sets', 'returnPlace']);

/**
 * The form field a problem+json error path of POST /desk/dossiers points at, or null when the form has no
 * such field ("comment" is in the decision dialog; unknown paths are shown in the page's alert only).
 * A document's error marks its "provided" box, the only control a checklist row has.
 */
export function fieldForErrorPath(path: string): (string | number)[] | null {
  const segs = pathSegments(path);
  if (segs[0] === 'applicant' && segs[1]) return [segs[1]];
  if (segs[0] === 'authorised' && segs[1]) return ['authorised', segs[1]];
  if ((segs[0] === 'fees' || segs[0] === 'documents') && segs[1] !== undefined && segs[2]) {
    const field = segs[0] === 'documents' ? 'provided' : segs[2];
    return [segs[0], Number(segs[1]), field];
  }
  if (segs[0] !== undefined && TOP_LEVEL.has(segs[0])) return [segs[0]];
  return null;
}

/** The names of the checklist's documents not handed in. */
export function missingDocuments(documents: readonly (DocRow | undefined)[] | undefined): string[] {
  return (documents ?? []).filter((d): d is DocRow => !!d && !d.provided).map((d) => d.name);
}
