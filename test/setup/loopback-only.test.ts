import net from 'node:net';
import { describe, expect, it } from 'vitest';

describe('the test network guard', () => {
  it('refuses a connection to an address outside this machine', () => {
    expect(() => net.connect({ host: '192.0.2.1', port: 80 })).toThrow(/loopback/);
    expect(() => net.connect(443, 'example.com')).toThrow(/loopback/);
  });

  it('lets a connection to 127.0.0.1 through', async () => {
    const server = net.createServer((socket) => socket.end('hi'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.on('data', (data) => resolve(data.toString()));
      socket.on('error', reject);
    });
    server.close();
    expect(reply).toBe('hi');
  });

  it('refuses fetch to a public host', async () => {
    await expect(fetch('http://198.51.100.7/')).rejects.toThrow();
  });
});
