/** A way to reach a customer, as read from their answer. */
export type Contact = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

// What people put between an email and a phone number in one answer.
const SEPARATORS = /[,，/／、;；]+/;
const LOCAL_PART = /^[\p{L}\p{N}\p{M}!#$%&'*+=?^_`{|}~.-]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
const TOP_LEVEL_DOMAIN = /^(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)$/u;

// Dashes people type between digit groups, the Japanese long-vowel mark ー included.
const DASHES = /[‐‑‒–—−ー]/g;
const PHONE = /^\+?[\d\s.()-]+$/;

/**
 * Reads a customer's answer to "how can we reach you?" as an email address or a phone number.
 *
 * Full-width characters count (`０９０－１２３４－５６７８`, `＠`). Emails get a pragmatic
 * check, not RFC 5322: no quoted local parts or IP-literal domains; Unicode domains are fine;
 * the domain is lower-cased. Phone numbers keep only a leading `+` and the digits: 6 to 15
 * digits, or 7 to 15 after `+`; the country is not checked. When the answer holds both, the
 * email is returned; use {@link parseContacts} for all of them.
 */
export function parseContact(answer: string): Contact | undefined {
  const contacts = parseContacts(answer);
  return contacts.find((contact) => contact.kind === 'email') ?? contacts[0];
}

/**
 * Every email address and phone number in an answer, part by part in the order written (an email
 * before a phone number within one part). They may be separated by spaces, commas, slashes, `、`
 * or semicolons. Any other word makes its part unreadable ("my email is a@b.co" gives nothing),
 * so that a name typed before an address, or an order number in a sentence, is never taken for a
 * contact: ask again instead.
 */
export function parseContacts(answer: string): Contact[] {
  const contacts: Contact[] = [];
  for (const part of answer.normalize('NFKC').split(SEPARATORS)) {
    const found: Contact[] = [];
    const rest: string[] = [];
    for (const word of part.trim().split(/\s+/)) {
      const email = parseEmail(word);
      if (email !== undefined) found.push({ kind: 'email', value: email });
      else rest.push(word);
    }

    // Anything left must be a phone number: in "john doe@example.com" the address is not doe's.
    const leftover = rest.join(' ');
    if (leftover === '') {
      contacts.push(...found);
      continue;
    }
    const phone = parsePhone(leftover);
    if (phone !== undefined) contacts.push(...found, { kind: 'phone', value: phone });
  }
  return contacts;
}

function parseEmail(text: string): string | undefined {
  if (text.length > MAX_EMAIL_LENGTH || text.includes('..')) return undefined;
  const [local, domain, ...extra] = text.split('@');
  if (local === undefined || domain === undefined || extra.length > 0) return undefined;

  if (local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return undefined;
  if (local.startsWith('.') || local.endsWith('.')) return undefined;

  const labels = domain.toLocaleLowerCase('en').split('.');
  const topLevel = labels.at(-1);
  if (labels.length < 2 || topLevel === undefined || !TOP_LEVEL_DOMAIN.test(topLevel)) {
    return undefined;
  }
  const labelsValid = labels.every(
    (label) => label.length <= MAX_LABEL_LENGTH && DOMAIN_LABEL.test(label),
  );
  return labelsValid ? `${local}@${labels.join('.')}` : undefined;
}

function parsePhone(text: string): string | undefined {
  const candidate = text.trim().replace(DASHES, '-');
  if (!PHONE.test(candidate)) return undefined;

  // "+44 (0)20 7946 0000": the bracketed 0 is dialled only from inside the country.
  const digits = candidate.replace(/^(\+\d{1,3})\s*\(0\)/, '$1').replace(/\D/g, '');
  const international = candidate.startsWith('+');
  const minDigits = international ? 7 : 6;
  if (digits.length < minDigits || digits.length > 15) return undefined;
  return international ? `+${digits}` : digits;
}
