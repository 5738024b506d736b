import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../common/accounts';
import { CALENDAR_DAY_KINDS } from '../../../common/calendar';
import { ONLINE_LEVELS } from '../../../common/catalog';
import { CHANNELS, DEADLINE_STATES, DESK_DECISIONS, DOSSIER_STATUSES, RETURN_METHODS, VISIT_STATES } from '../../../common/dossier';
import { CONDITION_OPS, OFFICER_ROLES, WORKFLOW_STATUSES } from '../../../common/workflow';
import en from './en.json';
import vi from './vi.json';

// Every value of a shared list (common/, which the server's schemas use too) is shown to people through
// an i18n key `<prefix>.<value>`: a value added to a list must come with its label in both languages.
const VOCABULARIES: [prefix: string, values: readonly string[]][] = [
  ['status', DOSSIER_STATUSES],
  ['channel', CHANNELS],
  ['deadline', DEADLINE_STATES],
  ['returnMethod', RETURN_METHODS],
  ['desk.result', DESK_DECISIONS],
  ['desk.resultHint', DESK_DECISIONS],
  ['desk', DESK_DECISIONS],
  ['process.visitState', VISIT_STATES],
  ['role', ROLES],
  ['role', OFFICER_ROLES],
  ['onlineLevel', ONLINE_LEVELS],
  ['calendar.kind', CALENDAR_DAY_KINDS],
  ['wf.status', WORKFLOW_STATUSES],
  ['wf.op', CONDITION_OPS],
];

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
}

/** Every key path of a message tree (leaves only). */
function keysOf(node: unknown, prefix = ''): string[] {
  if (!node || typeof node !== 'object') return [prefix];
  return Object.entries(node).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('the labels of the shared vocabularies', () => {
  for (const [lang, messages] of [['vi', vi], ['en', en]] as const) {
    it.each(VOCABULARIES)(`${lang}: %s.* names every value`, (prefix, values) => {
      const missing = values.filter((v) => {
        const text = lookup(messages, `${prefix}.${v}`);
        return typeof text !== 'string' || text.trim() === '';
      });
      expect(missing).toEqual([]);
    });
  }

  it('exist in both languages, key for key', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(vi).sort());
  });
});
