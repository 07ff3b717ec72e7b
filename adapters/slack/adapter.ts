import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.ts';
import { ConfigError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import { isQuestion } from '../../src/core/messages.ts';
import { type ChannelSender, DeliveryError } from '../../src/outbox/outbox.ts';
import type { OutboxMessage } from '../../src/store/types.ts';
import type { Directory } from '../../src/team/directory.ts';
import { toDeliveryError } from './errors.ts';
import { ACTION, renderSlack } from './render.ts';
import { unescapeSlack } from './text.ts';

export interface SlackOptions {
  botToken: string;
  signingSecret: string | undefined;
  mode: 'http' | 'socket';
  appToken: string | undefined;
  host: string;
  port: number;
  /** The Web API's base URL; tests point it at a loopback fake. */
  apiUrl: string | undefined;
  /** The least time between two posts to one channel (Slack allows about one a second). */
  channelPaceMs?: number;
}

export interface SlackAdapter extends ChannelSender {
  /** The HTTP port events arrive on (HTTP mode), once started. */
  port: number | undefined;
  /**
   * Whether Slack can reach the bot: in HTTP mode, its events server is listening; in Socket Mode,
   * from a successful start until the stop (Bolt reconnects the socket by itself).
   */
  connected(): boolean;
  stop(): Promise<void>;
}

interface Profile {
  locale?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
}

/**
 * Slack, through Bolt: customers talk to the bot in a direct message (or mention it in a shared
 * channel); staff use `/ticket ...` and buttons; rapid-response rooms are channels. Events are
 * acknowledged at once and handled after; a delivery seen twice is handled once.
 */
export async function startSlack(
  options: SlackOptions,
  deps: {
    bot: Bot;
    directory: Directory;
    logger: Logger;
  },
): Promise<SlackAdapter> {
  const log = deps.logger.child({ platform: 'slack' });
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // The outbox retries, honouring Retry-After; the client must not retry behind its back.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // A call that hangs must not hold up the outbox, which serves every conversation.
    timeout: 10_000,
  };

  // Who the bot is, once, so Bolt never has to ask on an event.
  const probe = new webApi.WebClient(options.botToken, clientOptions);
  let identity: { user_id?: string; bot_id?: string };
  try {
    identity = (await probe.auth.test()) as typeof identity;
  } catch (error) {
    const refused = (error as { data?: { error?: string } }).data?.error;
    throw new ConfigError(
      refused
        ? `Slack refused SLACK_BOT_TOKEN (${refused}): check the token and reinstall the app`
        : `Could not reach Slack to check SLACK_BOT_TOKEN: ${toDeliveryError(error).message}`,
    );
  }

  const app = new App({
    token: options.botToken,
    botId: identity.bot_id ?? '',
    botUserId: identity.user_id ?? '',
    clientOptions,
    logLevel: LogLevel.ERROR,
    ...(options.mode === 'socket'
      ? { socketMode: true, appToken: options.appToken ?? '' }
      : { signingSecret: options.signingSecret ?? '' }),
  });
  const client = app.client;

  const profiles = new Map<string, Profile>();
  const profile = async (user: string): Promise<Profile> => {
    const known = profiles.get(user);
    if (known) return known;
    try {
      const info = (await client.users.info({ user, include_locale: true })) as {
        user?: {
          locale?: string;
          real_name?: string;
          profile?: { real_name?: string; email?: string };
        };
      };
      const found = {
        locale: info.user?.locale,
        name: info.user?.profile?.real_name ?? info.user?.real_name,
        email: info.user?.profile?.email,
      };
      profiles.set(user, found);
      return found;
    } catch (error) {
      log.warn({ reason: toDeliveryError(error).message }, 'could not read a Slack profile');
      return {};
    }
  };

  // A person's conversation with the bot is their DM, however they started it (a DM or a mention
  // in a shared channel): nobody is asked for contact details in front of others.
  const fromPerson = async (user: string, text: string, key: string) => {
    const channel = `user:${user}`;
    const staff = deps.directory.byIdentity('slack', user);
    if (staff) {
      // Staff may type commands to the bot without the slash.
      const command = /^\/?(ticket|team)\b/i.test(text.trim())
        ? text.trim().replace(/^\/?/, '/')
        : text;
      await deps.bot.handle({
        platform: 'slack',
        conversationId: `slack:${channel}`,
        userId: user,
        staffId: staff.id,
        text: command,
        dedupeKey: key,
      });
      return;
    }
    const known = await profile(user);
    await deps.bot.handle({
      platform: 'slack',
      conversationId: `slack:${channel}`,
      userId: user,
      text,
      locale: known.locale,
      profile: { name: known.name, email: known.email },
      dedupeKey: key,
    });
  };

  // Direct messages to the bot. Its own posts, edits, deletions and unfurls never reach the core.
  app.message(async ({ message }) => {
    const m = message as {
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
      channel_type?: string;
      ts: string;
    };
    // A message with a file attached still carries the person's words.
    if ((m.subtype !== undefined && m.subtype !== 'file_share') || m.bot_id) return;
    if (!m.user || m.user === identity.user_id || m.channel_type !== 'im') return;
    await fromPerson(m.user, unescapeSlack(m.text ?? ''), `slack:${m.channel}:${m.ts}`);
  });

  // A mention in a shared channel: the same message a DM would be, keyed the same way.
  app.event('app_mention', async ({ event }) => {
    const e = event as {
      user?: string;
      text?: string;
      channel: string;
      ts: string;
      bot_id?: string;
    };
    if (!e.user || e.bot_id) return;
    const text = unescapeSlack(
      (e.text ?? '').replace(new RegExp(`<@${identity.user_id}>\\s*`, 'g'), ''),
    );
    await fromPerson(e.user, text, `slack:${e.channel}:${e.ts}`);
  });

  app.command('/ticket', async ({ command, ack }) => {
    await ack();
    const staff = deps.directory.byIdentity('slack', command.user_id);
    const text = `/ticket ${unescapeSlack(command.text ?? '')}`.trim();
    void deps.bot
      .handle({
        platform: 'slack',
        conversationId: `slack:respond:${command.user_id}:${encode(command.response_url)}`,
        userId: command.user_id,
        staffId: staff?.id,
        text,
        dedupeKey: `slack:command:${command.trigger_id}`,
      })
      .catch((error: unknown) => log.error({ err: error }, 'a /ticket command failed'));
  });

  app.action(new RegExp(`^${ACTION}:`), async ({ ack, body, action }) => {
    await ack();
    const b = body as {
      user: { id: string };
      channel?: { id: string };
      container?: { message_ts?: string };
      response_url?: string;
      message?: { ts: string };
    };
    const a = action as {
      action_id: string;
      value?: string;
      selected_option?: { value: string };
    };
    const value = a.value ?? a.selected_option?.value ?? '';
    const question = a.action_id.split(':')[1];
    const user = b.user.id;
    const staff = deps.directory.byIdentity('slack', user);
    const messageTs = b.container?.message_ts ?? b.message?.ts ?? '';
    // Command buttons answer whoever pressed, privately; a choice continues their DM.
    const command = value.startsWith('/');
    const conversationId =
      command && b.response_url
        ? `slack:respond:${user}:${encode(b.response_url)}`
        : `slack:user:${user}`;
    void deps.bot
      .handle({
        platform: 'slack',
        conversationId,
        userId: user,
        staffId: staff?.id,
        text: value,
        answers: !command && isQuestion(question) ? question : undefined,
        // A choice answers its question once; a command button may be pressed by many.
        dedupeKey: command
          ? `slack:press:${messageTs}:${user}:${value}`
          : `slack:choice:${user}:${messageTs}`,
      })
      .catch((error: unknown) => log.error({ err: error }, 'a button press failed'));
  });

  app.error(async (error) => {
    log.error({ err: error }, 'Slack event handling failed');
  });

  let port: number | undefined;
  let server: Server | undefined;
  let stopped = false;
  if (options.mode === 'socket') {
    await app.start();
  } else {
    try {
      server = (await app.start({ port: options.port, host: options.host })) as Server;
      port = (server.address() as AddressInfo).port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new ConfigError(
          `SLACK_PORT ${options.port} is already in use; set SLACK_PORT to another port`,
        );
      }
      throw error;
    }
  }
  log.info({ mode: options.mode, port }, 'Slack connected');

  const rooms = new Map<string, { channel: string; invited: Set<string> }>();
  const lastPost = new Map<string, number>();
  const partsSent = new Map<number, number>();
  const pace = options.channelPaceMs ?? 1000;

  /**
   * The private channel of a ticket's room, created (or found again after a restart) on first
   * use. Only people not yet invited are invited, so one refusal cannot block the rest.
   */
  const roomChannel = async (room: string, invite: string[]): Promise<string> => {
    const name = `loop48-ticket-${room}`;
    let entry = rooms.get(room);
    if (!entry) {
      let channel: string;
      try {
        const created = (await client.conversations.create({ name, is_private: true })) as {
          channel?: { id?: string };
        };
        channel = created.channel?.id ?? '';
      } catch (error) {
        if ((error as { data?: { error?: string } }).data?.error !== 'name_taken') throw error;
        channel = await findChannel(name);
      }
      entry = { channel, invited: new Set() };
      rooms.set(room, entry);
    }
    const users = invite
      .flatMap((id) => deps.directory.get(id)?.identities.slack ?? [])
      .filter((user) => !entry.invited.has(user));
    if (users.length > 0) {
      try {
        await client.conversations.invite({
          channel: entry.channel,
          users: users.join(','),
          force: true,
        });
      } catch (error) {
        const reason = (error as { data?: { error?: string } }).data?.error;
        if (reason !== 'already_in_channel') throw error;
      }
      for (const user of users) entry.invited.add(user);
    }
    return entry.channel;
  };
  const findChannel = async (name: string): Promise<string> => {
    let cursor: string | undefined;
    do {
      const page = (await client.conversations.list({
        limit: 200,
        types: 'private_channel',
        exclude_archived: true,
        ...(cursor ? { cursor } : {}),
      })) as {
        channels?: { id: string; name: string }[];
        response_metadata?: { next_cursor?: string };
      };
      const hit = page.channels?.find((c) => c.name === name);
      if (hit) return hit.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    throw new DeliveryError(
      `the room channel ${name} exists but the bot is not in it; rename or archive that channel`,
      { permanent: true },
    );
  };

  const send = async (outbound: OutboxMessage): Promise<void> => {
    const { conversationId } = outbound.address;
    const message = outbound.message;
    const mentions = (message.mention ?? []).flatMap(
      (id) => deps.directory.get(id)?.identities.slack ?? [],
    );
    const parts = renderSlack(message, mentions);
    // A message split in parts resumes after the last part Slack accepted, so a retry after a
    // 429 on part two does not post part one again.
    const done = partsSent.get(outbound.id) ?? 0;
    try {
      let channel = conversationId.replace(/^slack:(user:|channel:)?/, '');
      const room = conversationId.startsWith('slack:room:')
        ? conversationId.slice('slack:room:'.length)
        : undefined;
      if (room) channel = await roomChannel(room, message.invite ?? []);
      for (const [index, part] of parts.entries()) {
        if (index < done) continue;
        if (conversationId.startsWith('slack:respond:')) {
          const [, , user = '', url = ''] = conversationId.split(':');
          await respond(decode(url), part, user);
        } else {
          await paced(channel);
          await client.chat.postMessage({
            channel,
            text: part.text,
            // The renderer builds Block Kit JSON by hand, checked by its tests, not these types.
            blocks: part.blocks as never,
            unfurl_links: false,
          });
        }
        partsSent.set(outbound.id, index + 1);
      }
      partsSent.delete(outbound.id);
      if (message.archive && room) {
        await client.conversations.archive({ channel });
        rooms.delete(room);
      }
    } catch (error) {
      throw error instanceof DeliveryError ? error : toDeliveryError(error);
    }
  };

  const paced = async (channel: string): Promise<void> => {
    const wait = (lastPost.get(channel) ?? 0) + pace - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastPost.set(channel, Date.now());
  };

  /** An answer to a command or button through its response URL; a DM when that has expired. */
  const respond = async (url: string, part: { text: string; blocks: unknown[] }, user: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...part }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    const answer = response?.ok
      ? ((await response.json().catch(() => ({}))) as { ok?: boolean })
      : {};
    if (answer.ok !== false && response?.ok) return;
    await client.chat.postMessage({
      channel: user,
      text: part.text,
      blocks: part.blocks as never,
      unfurl_links: false,
    });
  };

  return {
    port,
    send,
    connected: () => !stopped && (server?.listening ?? true),
    stop: () => {
      stopped = true;
      return app.stop() as Promise<void>;
    },
  };
}

function encode(url: string): string {
  return Buffer.from(url, 'utf8').toString('base64url');
}

function decode(value: string): string {
  return Buffer.from(value, 'base64url').toString('utf8');
}
