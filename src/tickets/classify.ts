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
  // How far the best type leads its rival, scaled down when it rests on a single word.
  const confidence = top === 0 ? 0 : ((top - runnerUp) / top) * Math.min(1, top / 2);
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

const LATIN = /^[\x20-\x7e]+$/;
const patterns = new Map<string, RegExp>();

/**
 * Latin words match whole words with common English endings (a trailing `*` marks a stem that
 * takes any ending); CJK and Hangul words match anywhere, as those scripts do not space words.
 */
function matcher(word: string): RegExp | undefined {
  if (!LATIN.test(word)) return undefined;
  let pattern = patterns.get(word);
  if (!pattern) {
    const stem = word.endsWith('*');
    const escaped = word.replace(/\*$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ending = stem ? '[a-z]*' : '(?:s|es|ed|d|ing)?';
    pattern = new RegExp(`(?<![a-z0-9])${escaped}${ending}(?![a-z0-9])`);
    patterns.set(word, pattern);
  }
  return pattern;
}

function found(haystack: string, words: readonly string[]): string[] {
  const hits = new Set<string>();
  for (const word of words) {
    const pattern = matcher(word);
    if (pattern ? pattern.test(haystack) : haystack.includes(word))
      hits.add(word.replace(/\*$/, ''));
  }
  // A word inside a longer hit (坏 in 坏了) is the same evidence: count it once.
  return [...hits].filter((w) => ![...hits].some((o) => o !== w && o.includes(w)));
}
