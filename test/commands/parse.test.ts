import { describe, expect, it } from 'vitest';
import { isCommand, parseCommand } from '../../src/commands/parse.ts';

describe('staff command parsing', () => {
  it.each([
    ['/ticket claim 123', 123],
    ['/ticket claim #123', 123],
    ['／ticket　claim　＃１２３', 123],
    ['/TICKET CLAIM 123', 123],
    ['  /ticket   claim   123  ', 123],
    ['/ticket take no.123', 123],
  ])('reads %j as a claim of ticket %i', (text, ticket) => {
    expect(isCommand(text)).toBe(true);
    expect(parseCommand(text)).toEqual({ ok: true, command: { name: 'claim', ticket } });
  });

  it('reads classify with its type and urgency words', () => {
    expect(parseCommand('/ticket classify 1001 故障 紧急')).toEqual({
      ok: true,
      command: { name: 'classify', ticket: 1001, type: '故障', urgency: '紧急' },
    });
  });

  it('explains what is wrong with a bad command', () => {
    expect(parseCommand('/ticket claim')).toMatchObject({
      ok: false,
      error: 'commands.errors.usage',
    });
    expect(parseCommand('/ticket claim abc')).toMatchObject({
      ok: false,
      error: 'commands.errors.bad_number',
      params: { given: 'abc' },
    });
    expect(parseCommand('/ticket launch 1')).toMatchObject({ error: 'commands.errors.unknown' });
    expect(parseCommand('/ticket classify 1001 故障')).toMatchObject({
      error: 'commands.errors.usage',
    });
    expect(parseCommand('/ticket')).toEqual({ ok: true, command: { name: 'help' } });
  });

  it('does not take ordinary text that mentions tickets for a command', () => {
    expect(isCommand('my ticket is 1001')).toBe(false);
    expect(isCommand('/help')).toBe(false);
  });

  it('answers a near miss such as /tickets with "unknown command"', () => {
    expect(isCommand('/tickets list')).toBe(true);
    expect(parseCommand('/tickets list')).toMatchObject({
      ok: false,
      error: 'commands.errors.unknown',
    });
  });
});
