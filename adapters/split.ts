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
  const segments = [...segmenter.segment(text)].flatMap((s) => oversized(s.segment, max));
  for (const segment of segments) {
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
