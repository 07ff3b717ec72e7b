import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTeam } from '../../src/team/directory.ts';
import { countriesIn, REGIONS, regionOf } from '../../src/team/regions.ts';
import { team } from '../support/sim.ts';

const FILE = readFileSync('data/team.json', 'utf8');

/** The example file with one change applied to its JSON, re-serialized as people write it. */
function edited(change: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(FILE) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json, null, 2);
}
const people = (json: Record<string, unknown>) => json.people as Record<string, unknown>[];

describe('the example team', () => {
  it('has about twenty people across Asia, Europe, Africa, the Americas and Oceania', () => {
    const directory = team();
    expect(directory.all().length).toBeGreaterThanOrEqual(20);
    const zones = new Set(directory.all().map((p) => p.timeZone.split('/')[0]));
    expect([...zones].sort()).toEqual(['Africa', 'America', 'Asia', 'Australia', 'Europe']);
    const languages = new Set(directory.all().map((p) => p.language));
    expect([...languages].sort()).toEqual(['en', 'ja', 'ko', 'yue', 'zh-CN']);
  });

  it('names the task force as a group led by the Technical Director', () => {
    const names = team()
      .taskForce()
      .map((p) => p.id);
    expect(names[0]).toBe('lei.zhang');
    expect(names).toContain('hiroshi.tanaka');
  });
});

describe('mistakes in the team file', () => {
  it.each([
    [
      'an unknown department',
      (j: Record<string, unknown>) => {
        const person = people(j)[3];
        if (person) person.department = 'marketing';
      },
      /line \d+: people\.3\.department \(lin\.zhou\): "marketing" is not one of service, engineering/,
    ],
    [
      'a duplicate identity',
      (j: Record<string, unknown>) => {
        const [a, b] = people(j);
        if (a && b) {
          a.identities = { ...(a.identities as object), slack: 'U012ABCDEF' };
          b.identities = { ...(b.identities as object), slack: 'U012ABCDEF' };
        }
      },
      /people\.1\.identities\.slack \(maria\.silva\): "U012ABCDEF" is also mei\.chen's/,
    ],
    [
      'a bad time zone',
      (j: Record<string, unknown>) => {
        const person = people(j)[6];
        if (person) person.timeZone = 'Asia/Tokio';
      },
      /line \d+: people\.6\.timeZone \(hiroshi\.tanaka\): an IANA time zone/,
    ],
    [
      'a role typo',
      (j: Record<string, unknown>) => {
        const person = people(j)[8];
        if (person) person.roles = ['engneer'];
      },
      /people\.8\.roles\.0 \(jiwoo\.park\): expected one of customer_service, service_lead, engineer/,
    ],
    [
      'a task force member who is not on the team',
      (j: Record<string, unknown>) => {
        (j.taskForce as { members: string[] }).members.push('ghost');
      },
      /taskForce\.members\.4: "ghost" is not in people/,
    ],
    [
      'the same person twice',
      (j: Record<string, unknown>) => {
        people(j).push({ ...people(j)[0] });
      },
      /"mei\.chen" appears twice/,
    ],
  ])('%s is reported with its line and field', (_, change, message) => {
    expect(() => parseTeam(edited(change), 'team.json')).toThrow(message);
  });

  it('points at the line where the mistake is', () => {
    const text = edited((j) => {
      const person = people(j)[6];
      if (person) person.timeZone = 'Asia/Tokio';
    });
    const line = text.split('\n').findIndex((l) => l.includes('Asia/Tokio')) + 1;
    expect(() => parseTeam(text, 'team.json')).toThrow(new RegExp(`line ${line}:`));
  });

  it('reports every mistake at once, so the bot never starts half-configured', () => {
    const text = edited((j) => {
      const [a, b] = people(j);
      if (a && b) {
        a.department = 'nowhere';
        b.department = 'elsewhere';
      }
    });
    expect(() => parseTeam(text, 'team.json')).toThrow(/nowhere[\s\S]*elsewhere/);
  });

  it('rejects text that is not JSON, saying on which line', () => {
    expect(() => parseTeam('{', 'team.json')).toThrow(/team\.json: not valid JSON/);
    const broken = FILE.replace('"Chen Mei",', '"Chen Mei"');
    const line = FILE.split('\n').findIndex((l) => l.includes('"Chen Mei",')) + 2;
    expect(() => parseTeam(broken, 'team.json')).toThrow(new RegExp(`line ${line}`));
  });

  it('reports a shape mistake and a reference mistake together', () => {
    const text = edited((j) => {
      const [a, b] = people(j);
      if (a && b) {
        a.timeZone = 'Mars/Base';
        b.department = 'nowhere';
      }
    });
    expect(() => parseTeam(text, 'team.json')).toThrow(/Mars[\s\S]*nowhere|timeZone[\s\S]*nowhere/);
  });
});

describe('console keys', () => {
  it('are checked against their hash, and refused for anyone without one', () => {
    const directory = team();
    expect(directory.verifyConsoleKey('hiroshi.tanaka', 'demo-hiroshi.tanaka')).toBe(true);
    expect(directory.verifyConsoleKey('hiroshi.tanaka', 'demo-kawai.wong')).toBe(false);
    expect(directory.verifyConsoleKey('nobody', 'x')).toBe(false);
  });
});

describe('regions', () => {
  it('cover at least 50 countries across six regions', () => {
    const total = REGIONS.reduce((sum, region) => sum + countriesIn(region).length, 0);
    expect(total).toBeGreaterThanOrEqual(50);
    for (const region of REGIONS) expect(countriesIn(region).length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['JP', 'asia'],
    ['DE', 'europe'],
    ['NG', 'africa'],
    ['US', 'north_america'],
    ['MX', 'north_america'],
    ['BR', 'south_america'],
    ['AU', 'oceania'],
    ['AE', 'asia'],
  ])('put %s in %s', (country, region) => {
    expect(regionOf(country)).toBe(region);
  });
});
