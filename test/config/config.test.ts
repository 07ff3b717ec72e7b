import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('the configuration', () => {
  it('runs on its embedded defaults with nothing set', () => {
    expect(loadConfig({})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3000,
      DATABASE_PATH: 'data/loop48.db',
      TEAM_FILE: 'data/team.json',
      DEFAULT_LANGUAGE: 'en',
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('stops with a message naming each wrong variable and what it expects', () => {
    expect(() => loadConfig({ PORT: '99999', DEFAULT_LANGUAGE: 'fr', LOG_LEVEL: 'loud' })).toThrow(
      /PORT="99999": expected at most 65535[\s\S]*DEFAULT_LANGUAGE="fr": expected one of en, zh-CN, ja, ko, yue[\s\S]*LOG_LEVEL/,
    );
    expect(() => loadConfig({ CLASSIFY_MIN_CONFIDENCE: 'high' })).toThrow(
      /CLASSIFY_MIN_CONFIDENCE="high": expected a number/,
    );
  });

  it('never shows a secret or a database password in a configuration error', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the configuration was accepted');
    };
    const url = refused({ DATABASE_URL: 'mysql://loop48:S3cretPW@db.internal/x' });
    expect(url).toContain('DATABASE_URL="mysql://(hidden)@db.internal/x"');
    expect(url).not.toContain('S3cretPW');
    expect(refused({ DISCORD_TOKEN: 'short-secret' })).not.toContain('short-secret');
    // Passwords may hold slashes, @ and spaces.
    for (const password of ['S3c/retPW', 'S3c@retPW', 'S3cret PW']) {
      const message = refused({ DATABASE_URL: `mysql://loop48:${password}@db.internal/x` });
      expect(message).not.toContain('retPW');
      expect(message).not.toContain('ret PW');
    }
  });
});
