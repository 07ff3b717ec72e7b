import { describe, expect, it } from 'vitest';
import { parseTeam } from '../../src/team/directory.ts';
import { team } from '../support/sim.ts';

const person = {
  id: 'a.b',
  name: 'A B',
  roles: ['engineer'],
  language: 'en',
  timeZone: 'Europe/Berlin',
  department: 'engineering',
};

describe('the team file', () => {
  it('loads the example team with an engineer in every language', () => {
    const languages = new Set(
      team()
        .all()
        .map((p) => p.language),
    );
    expect([...languages].sort()).toEqual(['en', 'ja', 'ko', 'yue', 'zh-CN']);
  });

  it('names the entry and field that are wrong', () => {
    const bad = JSON.stringify({ people: [person, { ...person, id: 'c', timeZone: 'Mars/Base' }] });
    expect(() => parseTeam(bad, 'team.json')).toThrow(
      /team\.json: \.people\[1\]\.timeZone \(id "c"\): an IANA/,
    );
    const role = JSON.stringify({ people: [{ ...person, roles: ['wizard'] }] });
    expect(() => parseTeam(role, 'team.json')).toThrow(/\.people\[0\]\.roles\[0\]/);
    expect(() => parseTeam('{', 'team.json')).toThrow(/not valid JSON/);
    const twice = JSON.stringify({ people: [person, person] });
    expect(() => parseTeam(twice, 'team.json')).toThrow(/"a.b" appears twice/);
  });

  it('checks console keys against their hash and refuses people without one', () => {
    const directory = team();
    expect(directory.verifyConsoleKey('hiroshi.tanaka', 'demo-hiroshi.tanaka')).toBe(true);
    expect(directory.verifyConsoleKey('hiroshi.tanaka', 'demo-kawai.wong')).toBe(false);
    expect(directory.verifyConsoleKey('nobody', 'x')).toBe(false);
    expect(parseTeam(JSON.stringify({ people: [person] }), 't').verifyConsoleKey('a.b', '')).toBe(
      false,
    );
  });
});
