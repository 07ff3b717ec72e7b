import { z } from 'zod';

/** `90s`, `5m`, `1h30m`, `2d`, or plain milliseconds; the offset from the script's start. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : undefined;
  const trimmed = text.trim().replace(/^\+/, '');
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit ?? 'ms'] ?? 0), 0);
}

const at = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a duration such as 0s, 90s, 5m, 1h30m or 2d' });
    return z.NEVER;
  }
  return ms;
});

const customerLine = z.object({
  at,
  customer: z.string().min(1).max(64),
  say: z.string().optional(),
  press: z.string().optional(),
  locale: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});
const staffLine = z.object({ at, staff: z.string().min(1), say: z.string() });
const waitLine = z.object({ at }).strict();

export type ScriptLine =
  | (z.infer<typeof customerLine> & { kind: 'customer' })
  | (z.infer<typeof staffLine> & { kind: 'staff' })
  | (z.infer<typeof waitLine> & { kind: 'wait' });

/**
 * Reads a simulation script: JSON lines, one inbound event each, at an offset from the start; a
 * line with only `at` lets time pass to that point. Blank lines and lines starting with `//` are
 * skipped. Errors name the line.
 */
export function parseScript(text: string): ScriptLine[] {
  const lines: ScriptLine[] = [];
  let previous = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    const where = `line ${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not valid JSON`);
    }
    const object = typeof json === 'object' && json !== null ? json : {};
    const kind = 'staff' in object ? 'staff' : 'customer' in object ? 'customer' : 'wait';
    const schema = { staff: staffLine, customer: customerLine, wait: waitLine }[kind];
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`${where}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
    const parsed = { ...result.data, kind } as ScriptLine;
    if (parsed.kind === 'customer' && (parsed.say === undefined) === (parsed.press === undefined)) {
      throw new Error(`${where}: a customer line needs either "say" or "press"`);
    }
    if (parsed.at < previous) throw new Error(`${where}: "at" goes back in time`);
    previous = parsed.at;
    lines.push(parsed);
  });
  return lines;
}
