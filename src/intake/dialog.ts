import type { Choice, NeutralMessage } from '../core/messages.ts';
import type { Language } from '../i18n/languages.ts';
import type { Translate } from '../i18n/translator.ts';
import {
  type Conversation,
  type Draft,
  INTAKE_FIELDS,
  type IntakeField,
  URGENCIES,
} from '../store/types.ts';
import { isBlank, normalizeArgument } from '../text/normalize.ts';
import { checkAnswer } from './answers.ts';
import { countryName } from './country.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface DialogContext {
  translate(language: Language): Translate;
  words: Vocabulary;
  teamName: string;
}

/**
 * What one customer message did to the intake: the replies, and whether to open the ticket.
 * `force` asks to open it even though it repeats an open ticket; `addTo` names the open ticket
 * the customer chose to add this request to instead.
 */
export interface DialogOutcome {
  replies: NeutralMessage[];
  submit: boolean;
  force?: boolean;
  addTo?: number;
}

const SUMMARY_PROBLEM_LENGTH = 300;

/**
 * Begins an intake on `conversation` (fresh or after a cancel): greets and asks the first field
 * the channel has not already filled in.
 */
export function startIntake(conversation: Conversation, ctx: DialogContext): NeutralMessage[] {
  const t = ctx.translate(language(conversation));
  conversation.state = 'intake';
  conversation.editing = false;
  conversation.step = null;
  return [{ text: t('intake.greeting', { team: ctx.teamName }) }, ...askNext(conversation, ctx)];
}

/**
 * Moves the intake on by one customer message (NFC-normalized). Control words (cancel, restart,
 * back, help, a language's name) work at any step and in any of the five languages; a bad answer
 * gets an explanation and the same question, and changes nothing else.
 */
export function advanceIntake(
  conversation: Conversation,
  text: string,
  ctx: DialogContext,
): DialogOutcome {
  const intent = ctx.words.intent(text);
  if (intent) return { replies: obey(conversation, intent, ctx), submit: false };

  const t = ctx.translate(language(conversation));
  if (isBlank(text)) {
    return {
      replies: [
        { text: t('intake.errors.empty'), error: 'intake.errors.empty' },
        ...ask(conversation, ctx),
      ],
      submit: false,
    };
  }

  if (conversation.state === 'confirm') return confirm(conversation, text, ctx);

  const field = conversation.step ?? INTAKE_FIELDS[0];
  const checked = checkAnswer(field, text, ctx.words);
  if (!checked.ok) {
    const explanation = { text: t(checked.error, checked.params), error: checked.error };
    return { replies: [explanation, ...ask(conversation, ctx)], submit: false };
  }

  Object.assign(conversation.draft, checked.patch);
  if (conversation.editing) return { replies: summary(conversation, ctx), submit: false };
  return { replies: askNext(conversation, ctx), submit: false };
}

function confirm(conversation: Conversation, text: string, ctx: DialogContext): DialogOutcome {
  const duplicateOf = conversation.draft.duplicateOf;
  if (duplicateOf !== undefined) return chooseDuplicate(conversation, duplicateOf, text, ctx);
  if (ctx.words.isYes(text)) return { replies: [], submit: true };

  const field = ctx.words.field(text);
  if (field) {
    conversation.state = 'intake';
    conversation.step = field;
    conversation.editing = true;
    return { replies: ask(conversation, ctx), submit: false };
  }

  const t = ctx.translate(language(conversation));
  const explanation = { text: t('intake.errors.confirm'), error: 'intake.errors.confirm' };
  return { replies: [explanation, ...summary(conversation, ctx)], submit: false };
}

/**
 * Offers to add the confirmed request to the customer's open ticket `number` instead of opening
 * another; the answer comes back through `advanceIntake` as `addTo` or `force`.
 */
export function offerDuplicate(
  conversation: Conversation,
  number: number,
  ctx: DialogContext,
): NeutralMessage[] {
  conversation.draft.duplicateOf = number;
  return summary(conversation, ctx);
}

function chooseDuplicate(
  conversation: Conversation,
  number: number,
  text: string,
  ctx: DialogContext,
): DialogOutcome {
  const answer = normalizeArgument(text);
  if (answer === '1') return { replies: [], submit: false, addTo: number };
  if (answer === '2') {
    delete conversation.draft.duplicateOf;
    return { replies: [], submit: true, force: true };
  }
  const t = ctx.translate(language(conversation));
  const explanation = {
    text: t('intake.errors.duplicate', { number }),
    error: 'intake.errors.duplicate',
  };
  return { replies: [explanation, ...summary(conversation, ctx)], submit: false };
}

function obey(
  conversation: Conversation,
  intent: NonNullable<ReturnType<Vocabulary['intent']>>,
  ctx: DialogContext,
): NeutralMessage[] {
  switch (intent.kind) {
    case 'cancel': {
      const t = ctx.translate(language(conversation));
      conversation.state = 'idle';
      conversation.step = null;
      conversation.editing = false;
      conversation.draft = {};
      return [{ text: t('intake.cancelled') }];
    }
    case 'restart': {
      const t = ctx.translate(language(conversation));
      conversation.draft = {};
      conversation.state = 'intake';
      conversation.step = null;
      conversation.editing = false;
      return [{ text: t('intake.restarted') }, ...askNext(conversation, ctx)];
    }
    case 'back':
      return back(conversation, ctx);
    case 'help': {
      const t = ctx.translate(language(conversation));
      return [{ text: t('intake.help') }, ...ask(conversation, ctx)];
    }
    case 'language': {
      conversation.language = intent.language;
      const t = ctx.translate(intent.language);
      return [{ text: t('intake.language_switched') }, ...ask(conversation, ctx)];
    }
  }
}

function back(conversation: Conversation, ctx: DialogContext): NeutralMessage[] {
  const t = ctx.translate(language(conversation));
  conversation.editing = false;
  delete conversation.draft.duplicateOf;
  if (conversation.state === 'confirm') {
    conversation.state = 'intake';
    conversation.step = INTAKE_FIELDS[INTAKE_FIELDS.length - 1] ?? null;
    return ask(conversation, ctx);
  }
  const index = INTAKE_FIELDS.indexOf(conversation.step ?? INTAKE_FIELDS[0]);
  const previous = INTAKE_FIELDS[index - 1];
  if (!previous) return [{ text: t('intake.back_at_start') }, ...ask(conversation, ctx)];
  conversation.step = previous;
  return ask(conversation, ctx);
}

/** The question the intake is waiting on, asked again (after an interruption, say). */
export function repeatQuestion(conversation: Conversation, ctx: DialogContext): NeutralMessage[] {
  if (conversation.state !== 'intake' && conversation.state !== 'confirm') return [];
  return ask(conversation, ctx);
}

/** Asks the first field still empty, or shows the summary when all are filled. */
function askNext(conversation: Conversation, ctx: DialogContext): NeutralMessage[] {
  const missing = INTAKE_FIELDS.find((field) => conversation.draft[field] === undefined);
  if (!missing) return summary(conversation, ctx);
  conversation.state = 'intake';
  conversation.step = missing;
  return ask(conversation, ctx);
}

/** The question for the current step, with the answer already given when the step is revisited. */
function ask(conversation: Conversation, ctx: DialogContext): NeutralMessage[] {
  if (conversation.state === 'confirm') return summary(conversation, ctx);
  const lang = language(conversation);
  const t = ctx.translate(lang);
  const field = conversation.step ?? INTAKE_FIELDS[0];
  conversation.step = field;

  const question: NeutralMessage = { text: t(`intake.ask.${field}`), ask: field };
  if (field === 'urgency') {
    question.choices = URGENCIES.map((urgency, i) => ({
      label: t('intake.urgency_choice', { number: i + 1, urgency: t(`urgency.${urgency}`) }),
      value: String(i + 1),
    }));
    question.fields = URGENCIES.map((urgency) => ({
      label: t(`urgency.${urgency}`),
      value: t(`intake.urgency_help.${urgency}`),
    }));
  }
  const current = shown(conversation.draft, field, lang, t);
  if (current !== undefined) {
    question.fields = [...(question.fields ?? []), { label: t('intake.current'), value: current }];
  }
  return [question];
}

function summary(conversation: Conversation, ctx: DialogContext): NeutralMessage[] {
  const lang = language(conversation);
  const t = ctx.translate(lang);
  conversation.state = 'confirm';
  conversation.step = null;
  conversation.editing = false;

  // While a repeat of an open ticket is on offer, that choice is the question.
  const number = conversation.draft.duplicateOf;
  if (number !== undefined) {
    const choices: Choice[] = [
      { label: t('intake.duplicate_add', { number }), value: '1' },
      { label: t('intake.duplicate_new'), value: '2' },
    ];
    return [{ text: t('intake.duplicate', { number }), choices, ask: 'confirm' }];
  }

  const fields = INTAKE_FIELDS.map((field, i) => ({
    label: t('intake.summary_field', { number: i + 1, field: t(`intake.field.${field}`) }),
    value: shown(conversation.draft, field, lang, t) ?? '',
  }));
  const choices: Choice[] = [
    { label: t('intake.submit'), value: t('intake.submit_value') },
    ...INTAKE_FIELDS.map((field, i) => ({
      label: t('intake.change', { field: t(`intake.field.${field}`) }),
      value: String(i + 1),
    })),
  ];
  return [{ text: t('intake.summary'), fields, choices, ask: 'confirm' }];
}

/** A stored answer as the customer should see it back (country and urgency in their language). */
function shown(draft: Draft, field: IntakeField, lang: Language, t: Translate): string | undefined {
  const value = draft[field];
  if (value === undefined) return undefined;
  if (field === 'country') return `${countryName(value, lang)} (${value})`;
  if (field === 'urgency') return t(`urgency.${value}`);
  if (field === 'problem' && [...value].length > SUMMARY_PROBLEM_LENGTH) {
    return `${[...value].slice(0, SUMMARY_PROBLEM_LENGTH).join('')}…`;
  }
  return value;
}

function language(conversation: Conversation): Language {
  return conversation.language ?? 'en';
}
