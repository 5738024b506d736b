// The procedure catalog's vocabulary, shared by the server (database types, route schemas) and the web app.

/** How far a procedure can be carried out online (full: to the result; partial: submission only; info: information only). */
export const ONLINE_LEVELS = ['full', 'partial', 'info'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
