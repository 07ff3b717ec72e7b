/** A small seeded generator (mulberry32): the same seed gives the same cases on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for this run: FUZZ_SEED when set (to replay a failure), else a fixed one. */
export function fuzzSeed(fallback: number): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isInteger(given) ? given : fallback;
}

const PIECES = [
  '\u200F', // right-to-left mark
  '\u202E', // right-to-left override
  '\u200B', // zero-width space
  '\uFEFF', // byte order mark
  '\u0301', // combining acute accent
  '\u0308\u0323', // stacked combining marks
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  '\uDBFF\uDBFF',
  '👨‍👩‍👧‍👦', // emoji ZWJ sequence
  '🏳️‍🌈',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u007F',
  '\u0085',
  '\r\n',
  '\t',
  '\u3000',
  '｜',
  '|',
  '#',
  '＃１００１',
  '1001',
  '1',
  '2',
  '3',
  '-1',
  '99999999999999999999',
  'yes',
  '确认',
  'はい',
  '네',
  '係',
  'back',
  'cancel',
  '취소',
  'restart',
  'やり直し',
  'help',
  '日本語',
  '廣東話',
  'LX-200',
  'E-31',
  'a@b.co',
  '+86 21 5555 1234',
  'Germany',
  '德国',
  'printer broken error',
  '打印机坏了',
  'مرحبا',
  'שלום',
  '<script>',
  '{{number}}',
  '$t(errors.internal)',
  ' ',
];

/** A string of 0 to `max` random pieces: hostile characters, words that mean something, noise. */
export function junk(next: () => number, max = 12): string {
  const count = Math.floor(next() * (max + 1));
  let out = '';
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.6) out += PIECES[Math.floor(next() * PIECES.length)];
    else if (roll < 0.8) out += String.fromCharCode(Math.floor(next() * 0x10000));
    else out += String.fromCodePoint(Math.floor(next() * 0x10ffff) & ~0x800);
    if (next() < 0.4) out += ' ';
  }
  return out;
}

/** A line of about 100 KB. */
export function hugeLine(next: () => number): string {
  const unit = junk(next, 20) || 'x';
  return unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` is well-formed UTF-16 (no unpaired surrogate half). */
export function wellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
