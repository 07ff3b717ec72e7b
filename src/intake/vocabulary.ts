import { LANGUAGES, type Language } from '../i18n/languages.ts';
import {
  INTAKE_FIELDS,
  type IntakeField,
  TICKET_TYPES,
  type TicketType,
  URGENCIES,
  type Urgency,
} from '../store/types.ts';
import { normalizeArgument } from '../text/normalize.ts';

export type Intent =
  | { kind: 'cancel' }
  | { kind: 'restart' }
  | { kind: 'back' }
  | { kind: 'help' }
  | { kind: 'language'; language: Language };

/** The words a person may type, per language, as found under `input` in each locale file. */
interface InputWords {
  cancel?: string;
  restart?: string;
  back?: string;
  help?: string;
  yes?: string;
  urgency?: Partial<Record<Urgency, string>>;
  field?: Partial<Record<IntakeField, string>>;
  type?: Partial<Record<TicketType, string>>;
  language?: Partial<Record<Language, string>>;
}

/**
 * Recognises control words (cancel, back, a language's name...) typed in any of the five
 * languages, whatever the conversation's language. Words come from the `input` section of the
 * locale files, separated by `|`; matching is on the whole answer after NFKC and lower-casing.
 */
export class Vocabulary {
  readonly #words = new Map<string, string[]>();

  constructor(resources: Record<Language, Record<string, unknown>>) {
    for (const language of LANGUAGES) {
      const input = (resources[language].input ?? {}) as InputWords;
      this.#add('cancel', input.cancel);
      this.#add('restart', input.restart);
      this.#add('back', input.back);
      this.#add('help', input.help);
      this.#add('yes', input.yes);
      for (const u of URGENCIES) this.#add(`urgency:${u}`, input.urgency?.[u]);
      for (const f of INTAKE_FIELDS) this.#add(`field:${f}`, input.field?.[f]);
      for (const k of TICKET_TYPES) this.#add(`type:${k}`, input.type?.[k]);
      for (const l of LANGUAGES) this.#add(`language:${l}`, input.language?.[l]);
    }
  }

  #add(meaning: string, words: string | undefined): void {
    for (const word of (words ?? '').split('|')) {
      const key = simplify(word);
      if (!key) continue;
      const meanings = this.#words.get(key) ?? [];
      if (!meanings.includes(meaning)) meanings.push(meaning);
      this.#words.set(key, meanings);
    }
  }

  #meanings(text: string): string[] {
    return this.#words.get(simplify(text)) ?? [];
  }

  intent(text: string): Intent | undefined {
    const key = simplify(text);
    const switchTo = /^(?:\/?lang(?:uage)?)\s+(.+)$/.exec(key);
    const meanings = this.#meanings(switchTo?.[1] ?? text);
    for (const meaning of meanings) {
      if (meaning.startsWith('language:')) {
        return { kind: 'language', language: meaning.slice(9) as Language };
      }
    }
    if (switchTo) {
      const code = LANGUAGES.find((l) => l.toLowerCase() === switchTo[1]);
      if (code) return { kind: 'language', language: code };
    }
    for (const kind of ['cancel', 'restart', 'back', 'help'] as const) {
      if (meanings.includes(kind)) return { kind };
    }
    return undefined;
  }

  /** An urgency by its number (1 urgent, 2 high, 3 standard) or its word in any language. */
  urgency(text: string): Urgency | undefined {
    const key = simplify(text);
    const byCode = URGENCIES.find((urgency) => urgency === key);
    if (byCode) return byCode;
    const byNumber = /^[1-3]$/.test(key) ? URGENCIES[Number(key) - 1] : undefined;
    if (byNumber) return byNumber;
    const meaning = this.#meanings(text).find((m) => m.startsWith('urgency:'));
    return meaning ? (meaning.slice(8) as Urgency) : undefined;
  }

  /** A ticket type by its code (malfunction...) or its name in any language. */
  ticketType(text: string): TicketType | undefined {
    const key = simplify(text);
    const byCode = TICKET_TYPES.find((type) => type === key);
    if (byCode) return byCode;
    const meaning = this.#meanings(text).find((m) => m.startsWith('type:'));
    return meaning ? (meaning.slice(5) as TicketType) : undefined;
  }

  isYes(text: string): boolean {
    return this.#meanings(text).includes('yes');
  }

  /** A field of the intake by its number in the summary (1 name ... 6 urgency) or its name. */
  field(text: string): IntakeField | undefined {
    const key = simplify(text);
    if (/^[1-6]$/.test(key)) return INTAKE_FIELDS[Number(key) - 1];
    const meaning = this.#meanings(text).find((m) => m.startsWith('field:'));
    return meaning ? (meaning.slice(6) as IntakeField) : undefined;
  }
}

/** NFKC, lower case, single spaces, and no trailing punctuation a person adds out of habit. */
function simplify(text: string): string {
  const normalized = normalizeArgument(text);
  // A lone "?" is a word of its own (help), not trailing punctuation.
  return normalized.replace(/[\s.!?。！？,，、~〜]+$/u, '') || normalized;
}
