// C0 and C1 control characters other than tab and line feed.
const CONTROLS_EXCEPT_TAB_LF = /(?![\t\n])\p{Cc}/gu;
// Tab, line feed and the like are left for the whitespace step, which turns them into a space.
const CONTROLS_NOT_WHITESPACE = /(?!\s)\p{Cc}/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Zero-width characters, bidi marks and the soft hyphen: invisible, yet they make two
// identical-looking command words compare unequal.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const BLANK = /^[\s\p{Cc}\u00AD\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]*$/u;

/**
 * Cleans free text typed by a person (a ticket description, a reply) before it is stored or shown.
 *
 * Composes characters (NFC), turns CRLF and CR into LF, drops control characters other than tab
 * and line feed, replaces broken surrogate halves with U+FFFD and trims. It keeps everything else
 * as written, full-width letters and emoji joiners included; use {@link normalizeArgument} to
 * compare command words.
 */
export function normalizeText(input: string): string {
  return input
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS_EXCEPT_TAB_LF, '')
    .normalize('NFC')
    .trim();
}

/**
 * Folds a command word or argument so that what looks the same compares the same: full-width
 * `＃１２３` becomes `#123`, the ideographic space becomes a space, invisible characters go,
 * runs of whitespace become one space, and letters are lower-cased.
 *
 * Use it for matching only. It is lossy (NFKC turns `①` into `1` and `㍿` into `株式会社`), so
 * never store its output in place of what the person wrote.
 */
export function normalizeArgument(input: string): string {
  return input
    .normalize('NFKC')
    .replace(CONTROLS_NOT_WHITESPACE, '')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('en');
}

/**
 * Tells whether a message says nothing visible: only whitespace, control characters, zero-width
 * characters or bidi marks. Use it to ignore empty answers before parsing them.
 */
export function isBlank(input: string): boolean {
  return BLANK.test(input);
}
