import type { Draft, IntakeField } from '../store/types.ts';
import { parseContact } from './contact.ts';
import { parseCountry } from './country.ts';
import type { Vocabulary } from './vocabulary.ts';

/** The longest answer each field keeps; a longer one is refused with the limit named. */
export const MAX_LENGTH: Record<IntakeField, number> = {
  name: 100,
  contact: 254,
  country: 100,
  product: 300,
  problem: 20_000,
  urgency: 100,
};

export type Checked =
  | { ok: true; patch: Draft }
  | { ok: false; error: string; params?: Record<string, string | number> };

const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * Checks one intake answer (already NFC-normalized and trimmed) and returns what to store, or the
 * translation key of the explanation the customer gets before the same question is asked again.
 */
export function checkAnswer(field: IntakeField, answer: string, words: Vocabulary): Checked {
  const length = [...answer].length;
  if (length > MAX_LENGTH[field]) {
    return {
      ok: false,
      error: 'intake.errors.too_long',
      params: { max: MAX_LENGTH[field], length },
    };
  }

  switch (field) {
    case 'name':
      return /\p{L}/u.test(answer)
        ? { ok: true, patch: { name: answer } }
        : { ok: false, error: 'intake.errors.name' };
    case 'contact': {
      const contact = parseContact(answer);
      return contact
        ? { ok: true, patch: { contact: contact.value, contactKind: contact.kind } }
        : { ok: false, error: 'intake.errors.contact' };
    }
    case 'country': {
      const country = parseCountry(answer);
      return country
        ? { ok: true, patch: { country } }
        : { ok: false, error: 'intake.errors.country' };
    }
    case 'product':
      return HAS_WORD.test(answer)
        ? { ok: true, patch: { product: answer } }
        : { ok: false, error: 'intake.errors.product' };
    case 'problem':
      return HAS_WORD.test(answer) && length >= 2
        ? { ok: true, patch: { problem: answer } }
        : { ok: false, error: 'intake.errors.problem' };
    case 'urgency': {
      const urgency = words.urgency(answer);
      return urgency
        ? { ok: true, patch: { urgency } }
        : { ok: false, error: 'intake.errors.urgency' };
    }
  }
}
