import type { NeutralMessage } from '../../src/core/messages.ts';
import { splitText } from '../split.ts';

/** Teams refuses activities over about 28 KB; cards are kept well under it. */
export const MAX_CARD_BYTES = 24_000;
export const SUBMIT_KEY = 'l48';

type Element = Record<string, unknown>;

/**
 * Text as a RichTextBlock of plain TextRuns: Teams parses no markdown in them, so customer text
 * can neither format nor inject card content.
 */
function plain(text: string, bold = false): Element {
  return {
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text, ...(bold ? { weight: 'Bolder' } : {}) }],
  };
}

/**
 * Renders a neutral message as an Adaptive Card (1.4): text and fields as plain text runs,
 * mentions as Teams mention entities, choices as Action.Submit buttons carrying the value and
 * the question they answer. A card over the size limit is shortened, ending with `truncated`.
 */
export function renderCard(
  message: NeutralMessage,
  mentions: { id: string; name: string }[] = [],
  truncated = '…',
): { card: Element; entities: Element[] } {
  const mentionText = mentions.map((m) => `<at>${m.name}</at>`).join(' ');
  const body: Element[] = [];
  if (mentionText) body.push({ type: 'TextBlock', text: mentionText, wrap: true });
  for (const piece of splitText(message.text, 4000)) body.push(plain(piece));
  for (const field of message.fields ?? []) {
    body.push({
      type: 'Container',
      spacing: 'Small',
      items: [plain(field.label, true), plain(field.value)],
    });
  }
  const actions = (message.choices ?? []).slice(0, 6).map((choice) => ({
    type: 'Action.Submit',
    title: choice.label.slice(0, 80),
    data: { [SUBMIT_KEY]: choice.value, ask: message.ask ?? null },
  }));
  const card: Element = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...(mentions.length > 0 ? { msteams: { entities: entitiesFor(mentions) } } : {}),
  };

  // Over the limit: drop trailing blocks until it fits, then say the rest is elsewhere.
  // Teams counts bytes: CJK text takes three a character, so measure in UTF-8.
  const size = () => Buffer.byteLength(JSON.stringify(card), 'utf8');
  const blocks = body.length;
  while (size() > MAX_CARD_BYTES - 500 && body.length > 1) body.pop();
  const first = (body[0] as { inlines?: { text: string }[] } | undefined)?.inlines?.[0];
  let cut = false;
  while (first && size() > MAX_CARD_BYTES - 500) {
    first.text = first.text.slice(0, Math.floor(first.text.length * 0.8));
    cut = true;
  }
  if (body.length < blocks || cut) body.push(plain(truncated));
  return { card, entities: entitiesFor(mentions) };
}

function entitiesFor(mentions: { id: string; name: string }[]): Element[] {
  return mentions.map((m) => ({
    type: 'mention',
    text: `<at>${m.name}</at>`,
    mentioned: { id: m.id, name: m.name },
  }));
}
