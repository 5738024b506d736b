import type { FormUnit } from './forms/types';

/** A unit's form lines as its admin edits them (what is set, or the defaults). */
export const presentSettings = (u: FormUnit) => ({
  parentName: u.parentName, deskName: u.deskName, place: u.place, numberSuffix: u.numberSuffix ?? '',
  contactName: u.contactName ?? '', contactPhone: u.contactPhone ?? '',
});

/** What a unit's certificate says of itself: never the key or the passphrase. */
export const presentCert = (c: { subject: string; issuer: string; serial_number: string; not_before: Date; not_after: Date; uploaded_at: Date }) => ({
  subject: c.subject, issuer: c.issuer, serialNumber: c.serial_number, notBefore: c.not_before.toISOString(), notAfter: c.not_after.toISOString(), uploadedAt: c.uploaded_at.toISOString(),
});
