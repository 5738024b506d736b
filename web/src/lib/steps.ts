/**
 * A use case of several requests (create, then attach, then record…) reports each later step's outcome:
 * the first request makes the thing, and a later one failing does not undo it.
 */
import { errorMessage } from '../api/client';

/** What became of one step: done, or failed and why (the server's message). */
export type StepOutcome = { ok: true } | { ok: false; message: string };

/** Runs one step and says how it went, never throwing. */
export async function attempt(run: () => Promise<unknown>): Promise<StepOutcome> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

/** The failed steps of a list, by name, as the pages show them. */
export function failures(steps: readonly (StepOutcome & { name: string })[]): { name: string; message: string }[] {
  return steps.flatMap((s) => (s.ok ? [] : [{ name: s.name, message: s.message }]));
}
