import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS } from '../../src/config.ts';

describe('.env.example', () => {
  const text = readFileSync('.env.example', 'utf8');
  const documented = Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('documents every setting, with values the bot accepts', () => {
    loadConfig(documented);
    const named = text
      .split('\n')
      .map((line) => /^#? ?([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect([...new Set(named)].sort()).toEqual([...SETTINGS].sort());
  });
});
