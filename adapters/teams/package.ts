import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * A square PNG (RGBA) of one colour, or, with `outline`, a two-pixel frame of that colour on a
 * transparent background, as Teams wants its outline icon.
 */
export function solidPng(
  size: number,
  rgba: [number, number, number, number],
  outline = false,
): Buffer {
  const rows = Array.from({ length: size }, (_, y) => {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      const edge = x < 2 || y < 2 || x >= size - 2 || y >= size - 2;
      if (!outline || edge) row.set(rgba, 1 + x * 4);
    }
    return row;
  });
  const raw = Buffer.concat(rows);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A ZIP of stored (uncompressed) entries, the form Teams' app upload accepts. */
export function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    // Modified 1980-01-01 00:00, the earliest date ZIP can hold.
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Builds the Teams app package (manifest and icons) for the bot's app id and public host, the
 * zip an administrator uploads in Teams. `npm run teams:package -- <app id> <host> [out]`.
 */
export function buildPackage(appId: string, host: string, out: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(appId))
    throw new Error("the app id must be the Azure Bot's Microsoft App ID (a GUID)");
  const manifest = readFileSync(join(HERE, 'manifest.json'), 'utf8')
    .replaceAll('{{APP_ID}}', appId)
    .replaceAll('{{HOST}}', host);
  JSON.parse(manifest);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    zip([
      { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
      { name: 'color.png', data: solidPng(192, [0x1f, 0x5f, 0xbf, 0xff]) },
      { name: 'outline.png', data: solidPng(32, [0xff, 0xff, 0xff, 0xff], true) },
    ]),
  );
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [
    appId = process.env.TEAMS_APP_ID ?? '',
    host = 'example.com',
    out = 'dist/loop48-teams.zip',
  ] = process.argv.slice(2);
  try {
    process.stdout.write(`${buildPackage(appId, host, out)}\n`);
  } catch (error) {
    process.stderr.write(`teams:package: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
