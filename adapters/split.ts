/** Graphemes: what a reader sees as one character (an emoji with modifiers, a letter and its marks). */
export const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Splits text into pieces of at most `max` UTF-16 units without cutting a character, an emoji or
 * a combining sequence; preferring to break after a newline or a space. The pieces join back to
 * the original.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  let lastBreak = -1;
  for (const segment of graphemes(text, max)) {
    if (current.length + segment.length > max && current.length > 0) {
      // Break after the last space or newline, unless what follows it would itself overflow.
      const cut =
        lastBreak > 0 && current.length - lastBreak + segment.length <= max
          ? lastBreak
          : current.length;
      pieces.push(current.slice(0, cut));
      current = current.slice(cut);
      lastBreak = -1;
    }
    current += segment;
    if (segment === '\n' || segment === ' ') lastBreak = current.length;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** A grapheme longer than a whole piece (zalgo text) is cut between its code points. */
export function oversized(segment: string, max: number): string[] {
  if (segment.length <= max) return [segment];
  const parts: string[] = [];
  let current = '';
  for (const point of segment) {
    if (current.length + point.length > max) {
      parts.push(current);
      current = '';
    }
    current += point;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * The text's graphemes, one at a time (never all at once: each segment object V8 makes holds its
 * own copy of the input, so an array of them grows with the square of the text's length).
 */
export function* graphemes(text: string, max = Number.POSITIVE_INFINITY): Generator<string> {
  // Segment a window at a time, so each segment's copy of the input stays small; the window's
  // last grapheme may continue past it, so it is segmented again with the next window.
  const WINDOW = 1024;
  let start = 0;
  while (start < text.length) {
    const end = Math.min(text.length, start + WINDOW);
    const window = text.slice(start, end);
    let last: { segment: string; index: number } | undefined;
    for (const part of segmenter.segment(window)) {
      if (last) yield* oversized(last.segment, max);
      last = part;
    }
    if (!last) break;
    if (end === text.length) {
      yield* oversized(last.segment, max);
      break;
    }
    // A window holding a single grapheme longer than itself moves on past it.
    start += last.index === 0 ? window.length : last.index;
    if (last.index === 0) yield* oversized(last.segment, max);
  }
}
