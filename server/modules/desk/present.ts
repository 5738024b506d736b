import type { findPerson } from './service';

/** An applicant found by ID number, as the desk fills the reception form with it. */
export const presentPerson = (p: NonNullable<Awaited<ReturnType<typeof findPerson>>>) => ({
  id: p.id, idType: p.id_type, idNumber: p.id_number, fullName: p.full_name, birthDate: p.birth_date, address: p.address, phone: p.phone, email: p.email,
});
