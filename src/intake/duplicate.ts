import type { Draft, Ticket } from '../store/types.ts';
import { normalizeArgument } from '../text/normalize.ts';

/** How alike two problem descriptions must be (Dice coefficient of character pairs). */
const SIMILAR_PROBLEM = 0.8;

/**
 * The customer's open ticket that a new request repeats, if any: the same product and a similar
 * problem, compared after folding case, width and whitespace (`normalizeArgument`).
 *
 * Character pairs work the same for languages written with and without spaces. A reworded
 * description of the same fault is not caught; the customer then opens a second ticket, as before.
 */
export function findDuplicate(draft: Draft, open: readonly Ticket[]): Ticket | undefined {
  if (draft.product === undefined || draft.problem === undefined) return undefined;
  const product = normalizeArgument(draft.product);
  const problem = pairs(normalizeArgument(draft.problem));
  return open.find(
    (ticket) =>
      ticket.state !== 'closed' &&
      normalizeArgument(ticket.product) === product &&
      dice(problem, pairs(normalizeArgument(ticket.problem))) >= SIMILAR_PROBLEM,
  );
}

/** The text's adjacent character pairs, counted (a one-character text is its own pair). */
function pairs(text: string): Map<string, number> {
  const chars = [...text];
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(text, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = `${chars[i]}${chars[i + 1]}`;
    out.set(pair, (out.get(pair) ?? 0) + 1);
  }
  return out;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const count of a.values()) total += count;
  for (const [pair, count] of b) {
    total += count;
    shared += Math.min(count, a.get(pair) ?? 0);
  }
  return total === 0 ? 1 : (2 * shared) / total;
}
