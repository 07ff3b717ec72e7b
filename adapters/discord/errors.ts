import { DeliveryError } from '../../src/outbox/outbox.ts';

/** What an operator should do about Discord's refusals, by Discord's error code. */
const FIXES: Record<number, string> = {
  10003: 'the channel was deleted; the room will be opened again on the next message',
  10062: 'the interaction expired before the answer (over 3 seconds or 15 minutes)',
  50001: 'the bot cannot see that channel: give it View Channel there',
  50007: 'the user does not accept direct messages from this server',
  50013: 'the bot lacks a permission there: Manage Channels, Send Messages, Create Private Threads',
};
/** Codes after which retrying cannot help. */
// 10003 is retried: the adapter opens the room again.
const PERMANENT = new Set([10062, 50001, 50007, 50013, 50035]);

/** Turns a discord.js REST error into the outbox's terms, saying what to fix. */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = (error ?? {}) as { code?: number | string; status?: number; message?: string };
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (code !== undefined) {
    const fix = FIXES[code] ?? e.message ?? 'see Discord error codes';
    return new DeliveryError(`Discord ${code}: ${fix}`, { permanent: PERMANENT.has(code) });
  }
  return new DeliveryError(`Discord unreachable: ${e.message ?? String(error)}`);
}
