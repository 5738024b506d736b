import { randomBytes } from 'node:crypto';
import {
  Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type DatabaseConnection, type Driver,
} from 'kysely';
import { buildApp } from './app';
import { loadConfig } from './config';
import type { Db } from './db/client';
import type { Database } from './db/types';
import type { CalendarProvider } from './modules/calendar/provider';
import { secretBox } from './platform/secrets';
import type { FileStorage } from './platform/storage';

// The OpenAPI document is made from the route schemas as the routes are registered; nothing in it comes
// from the database. `openApiDocument` builds the application on dependencies that refuse every use — a
// database driver that never connects, a calendar and a file store that throw — so the document can
// be written where no PostgreSQL runs (the web's generated API types, `npm run api:types`), and any
// module that starts querying while it registers its routes fails here loudly instead of hanging.

const refuse = (what: string) => (): never => {
  throw new Error(`${what} is not available while the OpenAPI document is built`);
};

/** A Kysely driver that never connects: building queries works, running one throws. */
class NoDatabaseDriver implements Driver {
  async init(): Promise<void> {}
  acquireConnection(): Promise<DatabaseConnection> { return Promise.reject(new Error('the OpenAPI document is built without a database')); }
  async beginTransaction(): Promise<void> {}
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** The API's OpenAPI 3 document (what `GET /api/openapi.json` serves), built without a database. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const db: Db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new NoDatabaseDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const calendar: CalendarProvider = { forUnit: refuse('the calendar'), snapshot: refuse('the calendar') };
  const storage: FileStorage = { put: refuse('file storage'), get: refuse('file storage'), remove: refuse('file storage') };
  const app = await buildApp(
    { config: loadConfig({ WEB_DIR: '/nonexistent' }), db, storage, calendar, now: Date.now, secrets: secretBox(randomBytes(32)) },
    { logger: false },
  );
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await db.destroy();
  }
}
