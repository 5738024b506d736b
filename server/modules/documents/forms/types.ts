// What the official one-stop forms print. The documents service gathers it from the database; the
// renderers turn it into A4 PDFs and never query anything themselves.

/** Per-unit template data an admin can adjust (unit names, contact lines): never code. */
export interface FormUnit {
  /** "ĐƠN VỊ CHỦ QUẢN" line, e.g. "UBND TỈNH QUẢNG TRỊ" or "UBND PHƯỜNG ĐỒNG HỚI". */
  parentName: string;
  /** The desk: "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" or "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG …". */
  deskName: string;
  /** The competent agency's name, e.g. "Ủy ban nhân dân phường Đồng Hới". */
  agencyName: string;
  /** Place for the date line: "Đồng Hới" → "Đồng Hới, ngày 23 tháng 11 năm 2026". */
  place: string;
  /** Number-line suffix, default "TTPVHCC (BPTNTKQ)". */
  numberSuffix?: string;
  phone?: string;
  address?: string;
  /** Who to contact for guidance (Mẫu 02): name and phone. */
  contactName?: string;
  contactPhone?: string;
}

export interface FormPerson {
  fullName: string;
  /** 12-digit personal ID number or organisation ID / tax code. */
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  isOrganisation?: boolean;
}

export interface FormAuthorisation extends FormPerson {
  /** The authorisation document, e.g. "Giấy ủy quyền số 12/2026 ngày 20/11/2026". */
  document: string;
}

export interface FormDocumentLine { name: string; originals: number; copies: number; count?: number }

export interface FormDossier {
  code: string;
  procedureName: string;
  fieldName: string;
  competentUnitName: string;
  receivingUnitName: string;
  coordinatingUnitNames?: string[];
  applicant: FormPerson;
  authorised?: FormAuthorisation | null;
  receivedAt: Date | null;
  dueAt: Date | null;
  processingTimeText: string;
  documents: FormDocumentLine[];
  sets: number;
  returnPlace: string;
  fees?: { name: string; amount: number }[];
  trackingBook?: { bookNo: string; seq: number } | null;
  /** Public lookup URL printed as a QR code on the receipt. */
  lookupUrl: string;
}

/** One hand-over on the control sheet (Mẫu 06), derived from the dossier's events. */
export interface ControlRow {
  giver: string;
  receiver: string;
  at: Date;
  verdict: 'early' | 'on_time' | 'late' | null;
  note?: string;
}

export interface TrackingBookRow {
  seq: number;
  code: string;
  procedureName: string;
  applicantName: string;
  addressPhone: string;
  competentUnitName: string;
  receivedAt: Date | null;
  dueAt: Date | null;
  returnedAt: Date | null;
  returnMethod: string;
}

export type FormNo = '01' | '02' | '03' | '04' | '05' | '06' | '07';
export type TemplateSet = 'tt03-2025' | 'tt01-2018';

/** Everything a form may need; each form reads the parts it prints. */
export interface FormContext {
  unit: FormUnit;
  /** The date printed in "…, ngày … tháng … năm …" (issue date). */
  issuedAt: Date;
  dossier: FormDossier;
  /** Officer who receives / guides / signs at the desk. */
  officerName: string;
  /** Head of agency (Mẫu 04). */
  headName?: string;
  supplement?: { items: string[]; reason: string };
  refusal?: { reason: string };
  apology?: { reason: string; newDueAt: Date; recipient: string };
  stop?: { requestedAt: Date; reason: string; feesNote: string };
  control?: ControlRow[];
  trackingBook?: { field: string; from: Date; to: Date; bookNo: string; rows: TrackingBookRow[] };
}
