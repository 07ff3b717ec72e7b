import type { NeutralMessage } from '../../src/core/messages.ts';
import { splitEscaped, splitText } from './text.ts';

/** Slack's limits, from the Block Kit reference. */
export const LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  blocksPerMessage: 50,
  buttonsInline: 5,
  buttonLabel: 75,
  optionText: 75,
  optionsPerMenu: 100,
  fallbackText: 3000,
} as const;

type TextObject = {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
};
export type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** The action id prefix of the bot's buttons and menus. */
export const ACTION = 'loop48';

const plain = (text: string): TextObject => ({ type: 'plain_text', text, emoji: true });

function clip(text: string, max: number): string {
  const [first = ''] = splitText(text, max - 1);
  return first.length < text.length ? `${first}…` : text;
}

/**
 * Renders a neutral message as Block Kit: the text as escaped mrkdwn sections (mentions are the
 * only markup), fields as plain text, a few choices as buttons and many as a menu. Anything over
 * Slack's limits is split into further messages, never cut short, except button labels.
 */
export function renderSlack(message: NeutralMessage, mentions: string[] = []): SlackMessage[] {
  const prefix = mentions.map((id) => `<@${id}>`).join(' ');
  const pieces = splitEscaped(message.text, LIMITS.sectionText - prefix.length - 1);
  const text = prefix ? `${prefix} ${pieces[0] ?? ''}` : (pieces[0] ?? '');
  const blocks: Block[] = [text, ...pieces.slice(1)].map((piece) => ({
    type: 'section',
    // verbatim: Slack must not turn words like @channel into mentions or links.
    text: { type: 'mrkdwn', text: piece, verbatim: true },
  }));

  const fields = (message.fields ?? []).flatMap((field) =>
    splitText(`${field.label}\n${field.value}`, LIMITS.fieldText).map((piece) => plain(piece)),
  );
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
  }

  const choices = message.choices ?? [];
  if (choices.length > 0 && choices.length <= LIMITS.buttonsInline) {
    blocks.push({
      type: 'actions',
      elements: choices.map((choice, i) => ({
        type: 'button',
        action_id: `${ACTION}:${message.ask ?? '-'}:${i}`,
        text: plain(clip(choice.label, LIMITS.buttonLabel)),
        value: choice.value,
      })),
    });
  } else if (choices.length > LIMITS.buttonsInline) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'static_select',
          action_id: `${ACTION}:${message.ask ?? '-'}:menu`,
          placeholder: plain('…'),
          options: choices.slice(0, LIMITS.optionsPerMenu).map((choice) => ({
            text: plain(clip(choice.label, LIMITS.optionText)),
            value: choice.value,
          })),
        },
      ],
    });
  }

  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
    const part = blocks.slice(i, i + LIMITS.blocksPerMessage);
    const first = part.find((b) => b.type === 'section' && b.text) as
      | { text?: TextObject }
      | undefined;
    messages.push({
      // The fallback shown in notifications; escaped like the section it repeats.
      text: clip(first?.text?.text ?? text, LIMITS.fallbackText),
      blocks: part,
    });
  }
  return messages;
}
