import { describe, expect, it } from 'vitest';
import { isCommand, isTeamCommand, parseCommand } from '../../src/commands/parse.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { createTranslators, loadResources } from '../../src/i18n/translator.ts';
import { fuzzSeed, hugeLine, junk, random, wellFormed } from './random.ts';

const SEED = fuzzSeed(48_2026);
const CASES = 5_000;
const NAMES = ['show', 'claim', 'classify', 'plan', 'update', 'handled', 'feedback', 'delay'];
const MORE = ['reassign', 'escalate', 'reopen', 'close', 'room', 'confirm', 'wait', 'resume'];
const translators = createTranslators(loadResources(), {});

/** Every string inside a parsed command. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe(`the command parser on random input (seed ${SEED}; replay with FUZZ_SEED)`, () => {
  it(`parses ${CASES} hostile lines without throwing, into a command or a localized error`, () => {
    const next = random(SEED);
    for (let i = 0; i < CASES; i++) {
      const names = [...NAMES, ...MORE, 'list', 'help', 'new'];
      const name = names[Math.floor(next() * names.length)];
      const head = next() < 0.8 ? `${next() < 0.5 ? '/ticket' : '／ticket'} ${name} ` : '';
      const body = i % 1000 === 999 ? hugeLine(next) : junk(next, 16);
      const text = head + body;
      const where = `seed ${SEED}, case ${i}: ${JSON.stringify(text.slice(0, 200))}`;

      let parsed: ReturnType<typeof parseCommand>;
      try {
        isCommand(text);
        isTeamCommand(text);
        parsed = parseCommand(text);
      } catch (error) {
        throw new Error(`the parser threw (${where}): ${String(error)}`);
      }
      if (parsed.ok) {
        for (const part of strings(parsed.command)) expect(wellFormed(part), where).toBe(true);
        if ('ticket' in parsed.command) {
          expect(Number.isSafeInteger(parsed.command.ticket), where).toBe(true);
        }
        continue;
      }
      for (const language of LANGUAGES) {
        const said = translators.for(language)(parsed.error, parsed.params);
        expect(said, where).not.toBe(parsed.error);
        // What the parser echoes back must be safe to send: no broken surrogate halves.
        expect(wellFormed(said), where).toBe(true);
      }
    }
  });
});
