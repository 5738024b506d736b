// Accounts, roles and identification, shared by the server (database types, route schemas) and the web app.

/** Every role an account can hold; officer roles are held at a unit. */
export const ROLES = ['citizen', 'business', 'desk', 'specialist', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who an account belongs to. */
export const USER_KINDS = ['citizen', 'business', 'officer'] as const;
export type UserKind = (typeof USER_KINDS)[number];

/** What an applicant's identification number identifies: a person (12-digit personal number) or an organisation (tax code). */
export const ID_TYPES = ['personal', 'organisation'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** How an account's declared ID number was verified (`vneid` is reserved for the identity provider). */
export const ID_VERIFICATION_METHODS = ['desk', 'vneid', 'seed'] as const;
export type IdVerificationMethod = (typeof ID_VERIFICATION_METHODS)[number];
