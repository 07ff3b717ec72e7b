import type { NeutralMessage } from '../../src/core/messages.ts';
import { splitText } from '../split.ts';

/** Discord's limits, from its API reference. */
export const LIMITS = {
  content: 2000,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  menuOptions: 25,
  optionLabel: 100,
} as const;

export const CUSTOM_ID = 'l48';

export interface DiscordMessage {
  content: string;
  embeds: { fields: { name: string; value: string }[] }[];
  components: Record<string, unknown>[];
  /** Nobody is pinged by text; only the people a ping is meant for. */
  allowed_mentions: { parse: never[]; users: string[] };
}

function clip(text: string, max: number): string {
  const [first = ''] = splitText(text, max - 1);
  return first.length < text.length ? `${first}…` : text || '\u200b';
}

/**
 * Renders a neutral message for Discord: the text as message content (split at 2,000 characters
 * on grapheme boundaries, so the parts join back to the original), fields as an embed (further
 * embeds and messages when over the limits), choices as buttons (a menu when more than fit in a
 * row). Mentions are written for the given users only, and `allowed_mentions` lets no one else be
 * pinged, whatever the text says.
 */
export function renderDiscord(message: NeutralMessage, mention: string[] = []): DiscordMessage[] {
  const prefix = mention.map((id) => `<@${id}>`).join(' ');
  const text = prefix ? `${prefix} ${message.text}` : message.text;
  const contents = splitText(text, LIMITS.content);

  // Fields in chunks that respect each embed's field count and total size.
  const fields = (message.fields ?? []).flatMap((field) =>
    splitText(field.value || '\u200b', LIMITS.fieldValue).map((value, i) => ({
      name: clip(i === 0 ? field.label : `${field.label} (${i + 1})`, LIMITS.fieldName),
      value,
    })),
  );
  const embeds: DiscordMessage['embeds'] = [];
  let current: { name: string; value: string }[] = [];
  let size = 0;
  for (const field of fields) {
    const cost = field.name.length + field.value.length;
    if (current.length === LIMITS.fields || size + cost > LIMITS.embedTotal) {
      embeds.push({ fields: current });
      current = [];
      size = 0;
    }
    current.push(field);
    size += cost;
  }
  if (current.length > 0) embeds.push({ fields: current });

  const choices = message.choices ?? [];
  const ask = message.ask ?? '-';
  const components: Record<string, unknown>[] = [];
  if (choices.length > 0 && choices.length <= LIMITS.buttonsPerRow) {
    components.push({
      type: 1,
      components: choices.map((choice) => ({
        type: 2,
        style: choice.value.startsWith('/') ? 1 : 2,
        label: clip(choice.label, LIMITS.buttonLabel),
        custom_id: `${CUSTOM_ID}|${ask}|${choice.value}`.slice(0, LIMITS.customId),
      })),
    });
  } else if (choices.length > LIMITS.buttonsPerRow) {
    components.push({
      type: 1,
      components: [
        {
          type: 3,
          custom_id: `${CUSTOM_ID}|${ask}|menu`,
          options: choices.slice(0, LIMITS.menuOptions).map((choice) => ({
            label: clip(choice.label, LIMITS.optionLabel),
            value: choice.value.slice(0, 100),
          })),
        },
      ],
    });
  }

  const allowed = { parse: [] as never[], users: mention };
  const messages: DiscordMessage[] = contents.map((content) => ({
    content,
    embeds: [],
    components: [],
    allowed_mentions: allowed,
  }));
  // The 6,000-character limit counts all of a message's embeds together: one embed a message.
  const [first, ...more] = embeds;
  const last = messages.at(-1);
  if (last && first) last.embeds = [first];
  for (const embed of more) {
    messages.push({ content: '', embeds: [embed], components: [], allowed_mentions: allowed });
  }
  const final = messages.at(-1);
  if (final) final.components = components;
  return messages;
}
