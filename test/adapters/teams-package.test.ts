import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../adapters/teams/card.ts';
import { buildPackage } from '../../adapters/teams/package.ts';

/** Reads the stored entries of a ZIP through its central directory, checking each CRC. */
function entries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const offset = zip.readUInt32LE(at + 42);
    const size = zip.readUInt32LE(at + 20);
    const crc = zip.readUInt32LE(at + 16);
    const localName = zip.readUInt16LE(offset + 26);
    const data = zip.subarray(offset + 30 + localName, offset + 30 + localName + size);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    at += 46 + nameLength;
  }
  return out;
}

describe('the Teams app package', () => {
  it('zips a manifest for the bot’s app id with its two icons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop48-pkg-'));
    const file = buildPackage(
      '12345678-1234-1234-1234-123456789abc',
      'bot.example.com',
      join(dir, 'app.zip'),
    );
    const files = entries(readFileSync(file));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}');
    expect(manifest.bots[0].botId).toBe('12345678-1234-1234-1234-123456789abc');
    expect(
      manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title),
    ).toContain('ticket claim');
    expect(files.get('color.png')?.subarray(1, 4).toString('ascii')).toBe('PNG');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an app id that is not the Azure Bot’s GUID', () => {
    expect(() => buildPackage('not-a-guid', 'x', '/tmp/never.zip')).toThrow(/GUID/);
  });
});

describe('Adaptive Cards', () => {
  it('stay within Teams’ size in bytes, even in Chinese, saying where the full text is', () => {
    const { card } = renderCard(
      { text: '漢'.repeat(100_000), fields: [{ label: '問題', value: '字'.repeat(50_000) }] },
      [],
      '完整內容請睇網頁員工控制台',
    );
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThanOrEqual(24_000);
    expect(JSON.stringify(card)).toContain('完整內容');
  });

  it('stay within Teams’ size, saying where the full text is', () => {
    const { card } = renderCard(
      { text: 'x'.repeat(100_000), fields: [{ label: 'Problem', value: 'y'.repeat(50_000) }] },
      [],
      'see the console',
    );
    const json = JSON.stringify(card);
    expect(json.length).toBeLessThanOrEqual(24_000);
    expect(json).toContain('see the console');
  });
});
