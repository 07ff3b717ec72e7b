const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Escapes text for Slack's mrkdwn exactly once: `&`, `<` and `>` become entities, so `<!channel>`
 * or `<@U123>` typed by a customer shows as text and notifies nobody.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes Slack's escaping of message text before the core sees or stores it. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

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
  for (const { segment } of segmenter.segment(text)) {
    if (current.length + segment.length > max && current.length > 0) {
      const cut = lastBreak > 0 ? lastBreak : current.length;
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
