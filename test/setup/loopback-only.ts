import net from 'node:net';

/**
 * Every test runs with outbound connections limited to this machine's loopback addresses, so no
 * test can reach the internet by accident: anything else fails at once with a clear error.
 */
const LOOPBACK =
  /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost)$/i;

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
const original = net.Socket.prototype.connect as unknown as Connect;

function targetHost(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return targetHost(first);
  if (first && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined;
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // a socket path
  return typeof second === 'string' ? second : 'localhost';
}

net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
  const host = targetHost(args);
  if (host !== undefined && !LOOPBACK.test(host.replace(/^\[|\]$/g, ''))) {
    throw new Error(`tests may only connect to loopback addresses, not "${host}"`);
  }
  return original.apply(this, args);
} as unknown as typeof net.Socket.prototype.connect;
