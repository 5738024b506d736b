import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../server/openapi-document';
import { API_TYPES_FILE, renderApiTypes, withSharedProblem } from './api-types';

describe('the web app API types', () => {
  it('are what the route schemas say now (run `npm run api:types` after changing a route schema)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    const current = await renderApiTypes();
    // Not toEqual on the whole text: the first differing line says which route changed.
    const a = committed.split('\n');
    const b = current.split('\n');
    const first = b.findIndex((line, i) => line !== a[i]);
    expect(first === -1 && a.length === b.length ? null : { line: first + 1, committed: a[first], current: b[first] }).toBeNull();
  }, 60_000);

  it('come from a document built without a database, naming every route the web calls', async () => {
    const doc = await openApiDocument();
    const paths = Object.keys(doc.paths as object);
    expect(paths).toContain('/api/v1/dossiers/{id}');
    expect(paths).toContain('/api/v1/desk/dossiers');
    expect(paths).toContain('/api/v1/admin/workflows/{id}/context');
    // Hidden routes (health, the document itself, the web app's fallback) are not part of the API.
    expect(paths.some((p) => !p.startsWith('/api/v1/'))).toBe(false);
  }, 60_000);

  it('name the problem+json body once, with its shape unchanged', () => {
    const problem = { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] };
    const doc = {
      openapi: '3.0.3',
      paths: { '/x': { get: { responses: { 404: { content: { 'application/json': { schema: { ...problem } } } } } } } },
    };
    // A document whose error schema is not the platform's Problem is refused rather than half-rewritten.
    expect(() => withSharedProblem(doc)).toThrow(/no problem\+json schema/);
  });
});
