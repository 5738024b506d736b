// The official one-stop forms as PDFs. `renderForm` picks the template set a dossier was received under
// (`templateSetFor`): Circular 03/2025 from 1 Jul 2025 (Decree 118/2025 in force), Circular 01/2018 before.
import PDFDocument from 'pdfkit';
import { TT01_TITLES, tt01Form } from './circular-01-2018';
import { TT03_2025_FORMS, TT03_TITLES, type FormSpec } from './circular-03-2025';
import { registerFonts } from './font';
import { FormWriter, MARGINS } from './layout';
import type { FormContext, FormNo, TemplateSet } from './types';

export type { FormContext, FormNo, TemplateSet } from './types';
export { trackingBookXlsx } from './tracking-book-xlsx';
export { TT01_NUMBER } from './circular-01-2018';

/** Vietnamese titles by our FormNo, per template set (the 2018 set has no 05). */
export const FORM_TITLES: Record<TemplateSet, Partial<Record<FormNo, string>>> = {
  'tt03-2025': TT03_TITLES,
  'tt01-2018': TT01_TITLES,
};

/** Decree 118/2025/NĐ-CP took effect at 00:00 on 1 Jul 2025, Vietnam time. */
export const TT03_2025_FROM = new Date('2025-07-01T00:00:00+07:00');

/** The template set for a dossier: by its reception date; not yet received → the current set. */
export function templateSetFor(receivedAt: Date | null): TemplateSet {
  return receivedAt && receivedAt.getTime() < TT03_2025_FROM.getTime() ? 'tt01-2018' : 'tt03-2025';
}

function specFor(no: FormNo, set: TemplateSet): FormSpec {
  return set === 'tt03-2025' ? TT03_2025_FORMS[no] : tt01Form(no);
}

/** Renders one form as an A4 PDF (the book, 07, in landscape). */
export async function renderForm(no: FormNo, ctx: FormContext, set: TemplateSet): Promise<Buffer> {
  const spec = specFor(no, set);
  const doc = new PDFDocument({
    size: 'A4',
    layout: spec.landscape ? 'landscape' : 'portrait',
    margins: MARGINS,
    bufferPages: true,
    compress: true,
    info: {
      Title: `${spec.title} - ${ctx.dossier.code}`,
      Author: ctx.unit.agencyName,
      Subject: set === 'tt03-2025' ? 'Thông tư 03/2025/TT-VPCP' : 'Thông tư 01/2018/TT-VPCP',
      Creator: 'MotCua',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    registerFonts(doc);
    const w = new FormWriter(doc);
    await spec.build(w, ctx);
    w.pageNumbers();
  } catch (e) {
    doc.end();
    await done.catch(() => undefined);
    throw e;
  }
  doc.end();
  return done;
}
