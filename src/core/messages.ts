import type { Language } from '../i18n/languages.ts';
import { INTAKE_FIELDS } from '../store/types.ts';

/** Every question the bot asks a customer: a choice button answers one of them. */
export const QUESTIONS = [...INTAKE_FIELDS, 'confirm', 'rating'] as const;
export type Question = (typeof QUESTIONS)[number];

/** Whether a platform's payload names one of the bot's questions. */
export function isQuestion(value: unknown): value is Question {
  return typeof value === 'string' && (QUESTIONS as readonly string[]).includes(value);
}

export const PLATFORMS = ['web', 'slack', 'discord', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A choice the person can pick; `value` is what picking it sends back, as if typed. */
export interface Choice {
  label: string;
  value: string;
}

export interface Field {
  label: string;
  value: string;
}

/**
 * A message as the core says it: plain text and structure, no markup. Each adapter renders it for
 * its platform (Block Kit, embeds, Adaptive Cards, HTML) and escapes the text there.
 */
export interface NeutralMessage {
  text: string;
  fields?: Field[];
  choices?: Choice[];
  /** Set on a question: which intake field, the summary (confirm) or the satisfaction rating. */
  ask?: Question;
  /** A problem with the person's last input; the adapter may show it as a warning. */
  error?: string;
  /** The text's language where it is not the recipient's own (a customer's words for staff). */
  language?: Language;
  /** Staff to mention by name where the platform can (a ping in a room channel). */
  mention?: string[];
  /** Staff who belong in the room this message goes to; the adapter invites them. */
  invite?: string[];
  /** The room's last message: the platform may archive the room after it. */
  archive?: boolean;
}

/** What a person did on a platform, as the core sees it. */
export interface InboundMessage {
  platform: Platform;
  /** The conversation on that platform (a DM channel, a web chat session, a console). */
  conversationId: string;
  /** The person's id on that platform. */
  userId: string;
  text: string;
  /** The platform's locale for the person, when it says one (e.g. Slack's user locale). */
  locale?: string | undefined;
  /**
   * Set when the person pressed a choice: the question it belonged to. A choice from a question
   * no longer asked is refused instead of being taken as the answer to the current one.
   */
  answers?: Question | undefined;
  /** What the platform knows for certain about the person; those intake steps are skipped. */
  profile?: { name?: string | undefined; email?: string | undefined } | undefined;
}
