import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('.env.example', () => {
  const text = readFileSync('.env.example', 'utf8');
  const documented = Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('documents every setting, with values the bot accepts', () => {
    const config = loadConfig(documented);
    expect(Object.keys(documented).sort()).toEqual(Object.keys(config).sort());
  });
});
