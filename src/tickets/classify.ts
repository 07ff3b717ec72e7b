import { TICKET_TYPES, type TicketType, type Urgency } from '../store/types.ts';
import { DANGER_WORDS, TYPE_WORDS } from './keywords.ts';

export interface Proposal {
  type: TicketType | null;
  /** 0 to 1: how far the best type stands out from the others. */
  confidence: number;
  urgency: Urgency;
  /** True when danger words raised the urgency above what the customer chose. */
  raised: boolean;
  /** The words that drove the proposal, for the timeline. */
  words: { type: string[]; danger: string[] };
}

/**
 * Proposes a type and urgency from what the customer wrote, in any of the five languages. It reads
 * words, not meaning: negations ("no smoke") still count, which errs towards urgency on purpose.
 */
export function propose(text: string, chosen: Urgency): Proposal {
  const haystack = text.toLowerCase();
  const scores = TICKET_TYPES.map((type) => ({ type, hits: found(haystack, TYPE_WORDS[type]) }));
  scores.sort((a, b) => b.hits.length - a.hits.length);

  const [best, second] = scores;
  const top = best?.hits.length ?? 0;
  const runnerUp = second?.hits.length ?? 0;
  // One hit alone is a hint; two or more with no rival make a confident proposal.
  const confidence = top === 0 ? 0 : (top - runnerUp) / (top + 1);
  const danger = found(haystack, DANGER_WORDS);
  const urgency: Urgency = danger.length > 0 ? 'urgent' : chosen;

  return {
    type: top > 0 && best ? best.type : null,
    confidence: Math.round(confidence * 100) / 100,
    urgency,
    raised: urgency !== chosen,
    words: { type: best?.hits ?? [], danger },
  };
}

function found(haystack: string, words: readonly string[]): string[] {
  const hits = new Set<string>();
  for (const word of words) {
    if (/^[\x20-\x7e]+$/.test(word)) {
      const at = haystack.indexOf(word);
      if (at >= 0 && !/[a-z0-9]/.test(haystack[at - 1] ?? ' ')) hits.add(word);
    } else if (haystack.includes(word)) {
      hits.add(word);
    }
  }
  // A word inside a longer hit (坏 in 坏了) is the same evidence: count it once.
  return [...hits].filter((w) => ![...hits].some((o) => o !== w && o.includes(w)));
}
