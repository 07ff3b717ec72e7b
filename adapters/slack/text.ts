import { graphemes, oversized } from '../split.ts';

export { splitText } from '../split.ts';

/**
 * Escapes text for Slack's mrkdwn exactly once: `&`, `<` and `>` become entities, so `<!channel>`
 * or `<@U123>` typed by a customer shows as text and notifies nobody.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Turns message text from Slack back into what the person typed: Slack's markup for links,
 * emails, mentions and channels becomes readable text (`<mailto:a@b.c|a@b.c>` is `a@b.c`,
 * `<!here>` is `@here`, `<@U123>` is `@U123`), then entities are unescaped. Done before the core
 * sees or stores anything.
 */
export function unescapeSlack(text: string): string {
  const readable = text.replace(/<([^<>]*)>/g, (_, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('mailto:')) return label ?? target.slice(7);
    if (target.startsWith('@'))
      return label ? `@${label.replace(/^@/, '')}` : `@${target.slice(1)}`;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!subteam^')) return label ?? '@group';
    if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
    return label ?? target;
  });
  return readable.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Escapes and splits in one pass, so no piece ends inside an entity like `&amp;`: each grapheme
 * is escaped on its own and pieces are cut between graphemes.
 */
export function splitEscaped(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const segment of graphemes(text)) {
    for (const part of oversized(escapeSlack(segment), max)) {
      if (current.length + part.length > max && current.length > 0) {
        pieces.push(current);
        current = '';
      }
      current += part;
    }
  }
  if (current || pieces.length === 0) pieces.push(current);
  return pieces;
}
