import {
  type ButtonInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Partials,
  REST,
  Routes,
  Status,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Bot } from '../../src/core/bot.ts';
import { ConfigError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import { isQuestion } from '../../src/core/messages.ts';
import { type ChannelSender, DeliveryError } from '../../src/outbox/outbox.ts';
import type { OutboxMessage, Store } from '../../src/store/types.ts';
import type { Directory } from '../../src/team/directory.ts';
import { commandText, TICKET_COMMAND } from './commands.ts';
import { toDeliveryError } from './errors.ts';
import { CUSTOM_ID, renderDiscord } from './render.ts';

export interface DiscordOptions {
  token: string;
  /** The server whose members are staff and where rooms open; commands are registered there. */
  guildId: string | undefined;
  /** A channel where customers may also write (they continue in a direct message). */
  supportChannelId: string | undefined;
  /** Rooms as private threads of this channel, or as private channels under this category. */
  rooms: 'threads' | 'channels';
  roomParentId: string | undefined;
  /** The API's base URL; tests point it at a loopback fake. */
  apiUrl: string | undefined;
  /** This process's share of the bot's global request limit (Discord allows 50 a second). */
  requestsPerSecond?: number;
}

export interface DiscordAdapter extends ChannelSender {
  /**
   * Whether Discord reaches the bot: this replica's gateway connection is up, or another replica
   * holds the gateway (this one then only sends, through the REST API).
   */
  connected(): boolean;
  stop(): Promise<void>;
}

/** View Channel, Send Messages and Read Message History: what a room member needs. */
const ROOM_ACCESS = String(1024 + 2048 + 65536);
/** How long a replica that could not connect to the gateway waits before competing again. */
const GATEWAY_RETRY_MS = 30_000;
/** Interaction tokens last 15 minutes; later answers go by the bot's own token. */
const INTERACTION_TOKEN_MS = 14 * 60_000;

/**
 * Discord, through discord.js on the gateway: customers in direct messages (or a support channel),
 * staff through `/ticket` (registered by the bot, with autocomplete of open ticket numbers) and
 * buttons; rooms are private threads or channels. Every interaction is answered or deferred at
 * once; customer text never pings anyone.
 */
export async function startDiscord(
  options: DiscordOptions,
  deps: {
    bot: Bot;
    directory: Directory;
    logger: Logger;
    openTickets: () => Promise<{ id: number; product: string }[]>;
    store: Store;
  },
): Promise<DiscordAdapter> {
  const log = deps.logger.child({ platform: 'discord' });
  // Sending needs only the REST API, which every replica uses; the gateway, which receives
  // messages and interactions, is held by one replica at a time.
  const rest = new REST({
    globalRequestsPerSecond: options.requestsPerSecond ?? 50,
    ...(options.apiUrl ? { api: `${options.apiUrl}/api` } : {}),
  }).setToken(options.token);
  let gateway: Client | undefined;

  /** Connects to the gateway and registers /ticket; throws what to fix when Discord refuses. */
  const connect = async (): Promise<Client> => {
    const client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.DirectMessages,
        GatewayIntentBits.MessageContent,
      ],
      // Direct-message channels are not cached until used; without this their messages never arrive.
      partials: [Partials.Channel],
      allowedMentions: { parse: [] },
      ...(options.apiUrl ? { rest: { api: `${options.apiUrl}/api` } } : {}),
    });

    const handle = (work: Promise<void>, what: string) =>
      work.catch((error: unknown) => log.error({ err: error, what }, 'a Discord event failed'));

    client.on(Events.MessageCreate, (message: Message) => {
      if (message.author.bot || message.system) return;
      const direct = message.channel.type === ChannelType.DM;
      if (!direct && message.channelId !== options.supportChannelId) return;
      // In the support channel only customers are served; staff talk there among themselves.
      if (!direct && deps.directory.byIdentity('discord', message.author.id)) return;
      void handle(
        fromPerson(message.author.id, message.content, `discord:${message.id}`),
        'message',
      );
    });

    const fromPerson = async (user: string, text: string, key: string, locale?: string) => {
      const staff = deps.directory.byIdentity('discord', user);
      const typed =
        staff && /^\/?(ticket|team)\b/i.test(text.trim()) ? text.trim().replace(/^\/?/, '/') : text;
      await deps.bot.handle({
        platform: 'discord',
        conversationId: `discord:user:${user}`,
        userId: user,
        staffId: staff?.id,
        text: typed,
        locale,
        dedupeKey: key,
      });
    };

    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      void handle(onInteraction(interaction), 'interaction');
    });

    const onInteraction = async (interaction: Interaction) => {
      if (interaction.isAutocomplete()) {
        // Open tickets are staff business: others get no suggestions.
        if (!deps.directory.byIdentity('discord', interaction.user.id)) {
          await interaction.respond([]);
          return;
        }
        const typed = String(interaction.options.getFocused() ?? '');
        const tickets = await deps.openTickets();
        await interaction.respond(
          tickets
            .filter((t) => String(t.id).startsWith(typed.replace(/\D/g, '')))
            .slice(0, 25)
            .map((t) => ({ name: `#${t.id} ${t.product}`.slice(0, 100), value: t.id })),
        );
        return;
      }
      if (interaction.isChatInputCommand() && interaction.commandName === 'ticket') {
        await command(interaction);
        return;
      }
      if (
        (interaction.isButton() || interaction.isStringSelectMenu()) &&
        interaction.customId.startsWith(CUSTOM_ID)
      ) {
        await pressed(interaction);
      }
    };

    const answerTo = (interaction: {
      applicationId: string;
      token: string;
      user: { id: string };
    }) =>
      `discord:interaction:${interaction.applicationId}:${interaction.token}:${Date.now()}:${interaction.user.id}`;

    const command = async (interaction: ChatInputCommandInteraction) => {
      // Within Discord's three seconds; the answer follows through the outbox.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const sub = interaction.options.getSubcommand();
      const text = commandText(sub, (name) => {
        const option = interaction.options.get(name);
        return option?.value === undefined ? null : (option.value as string | number);
      });
      const staff = deps.directory.byIdentity('discord', interaction.user.id);
      await deps.bot.handle({
        platform: 'discord',
        conversationId: answerTo(interaction),
        userId: interaction.user.id,
        staffId: staff?.id,
        text,
        locale: interaction.locale,
        dedupeKey: `discord:interaction:${interaction.id}`,
      });
    };

    const pressed = async (interaction: ButtonInteraction | StringSelectMenuInteraction) => {
      const [, ask = '-', ...rest] = interaction.customId.split('|');
      const value = interaction.isStringSelectMenu()
        ? (interaction.values[0] ?? '')
        : rest.join('|');
      const user = interaction.user.id;
      const staff = deps.directory.byIdentity('discord', user);
      const isCommand = value.startsWith('/');
      if (isCommand) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      else await interaction.deferUpdate();
      await deps.bot.handle({
        platform: 'discord',
        conversationId: isCommand ? answerTo(interaction) : `discord:user:${user}`,
        userId: user,
        staffId: staff?.id,
        text: value,
        locale: interaction.locale,
        answers: !isCommand && isQuestion(ask) ? ask : undefined,
        // Each press is its own interaction; a repeated answer is caught as a stale choice instead.
        dedupeKey: `discord:press:${interaction.id}`,
      });
    };

    client.on(Events.Error, (error) => log.error({ err: error }, 'Discord client error'));
    client.on(Events.ShardResume, () => log.info('Discord gateway resumed'));

    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(options.token);
    } catch (error) {
      await client.destroy();
      const message = (error as Error).message ?? String(error);
      if (/disallowed intent/i.test(message)) {
        throw new ConfigError(
          "Discord refused the bot's intents: in the Developer Portal, Bot page, turn on MESSAGE CONTENT INTENT",
        );
      }
      throw new ConfigError(`Discord refused DISCORD_TOKEN or could not be reached: ${message}`);
    }
    await ready;
    const applicationId = client.application?.id ?? '';
    try {
      const route = options.guildId
        ? Routes.applicationGuildCommands(applicationId, options.guildId)
        : Routes.applicationCommands(applicationId);
      await rest.put(route, { body: [TICKET_COMMAND] });
    } catch (error) {
      log.error({ reason: toDeliveryError(error).message }, 'could not register /ticket');
    }
    log.info({ guild: options.guildId }, 'Discord connected');
    return client;
  };

  // Only the lease holder connects. On a single process (SQLite) the lease is held at once, and a
  // refused token or intent stops the start. A replica that takes the lease later and cannot
  // connect logs why, gives the lease up for another replica, and competes again later.
  let attempt: Promise<Client> | undefined;
  let first: Promise<Client> | undefined;
  let starting = true;
  let stopped = false;
  /** Whether this replica holds the gateway lease (readiness asks). */
  let holding = false;
  let retry: NodeJS.Timeout | undefined;
  let releaseLease: () => Promise<void> = async () => undefined;
  /** Ends a connection (made or under way) once it is no longer the current one. */
  const drop = (connection: Promise<Client> | undefined): Promise<void> =>
    (connection ?? Promise.resolve(undefined))
      .then(
        (client) => client?.destroy(),
        () => undefined,
      )
      .catch((error: unknown) => log.warn({ err: error }, 'closing a Discord connection failed'));
  const compete = async (): Promise<void> => {
    releaseLease = await deps.store.holdLease(
      'discord-gateway',
      () => {
        holding = true;
        log.info('holding the Discord gateway');
        const mine = connect();
        attempt = mine;
        if (starting) {
          first = mine;
          return;
        }
        mine.then(
          (client) => {
            if (attempt === mine) gateway = client;
            else void drop(mine);
          },
          async (error: unknown) => {
            log.error(
              { err: error },
              'could not connect to the Discord gateway; leaving it to another replica',
            );
            if (attempt !== mine) return;
            attempt = undefined;
            holding = false;
            await releaseLease();
            if (!stopped) retry = setTimeout(() => void compete(), GATEWAY_RETRY_MS);
          },
        );
      },
      () => {
        holding = false;
        log.warn('lost the Discord gateway lease; another replica takes it');
        const was = attempt;
        attempt = undefined;
        gateway = undefined;
        void drop(was);
      },
    );
  };
  await compete();
  starting = false;
  if (first) {
    try {
      gateway = await first;
    } catch (error) {
      await releaseLease();
      throw error;
    }
  }

  let botUser: string | undefined;
  const botUserId = async (): Promise<string> => {
    botUser ??= gateway?.user?.id ?? ((await rest.get(Routes.user())) as { id: string }).id;
    return botUser;
  };

  const rooms = new Map<string, { channel: string; added: Set<string> }>();
  const dms = new Map<string, string>();
  const partsSent = new Map<number, number>();

  const dmChannel = async (user: string): Promise<string> => {
    const known = dms.get(user);
    if (known) return known;
    const channel = (await rest.post(Routes.userChannels(), {
      body: { recipient_id: user },
    })) as { id: string };
    dms.set(user, channel.id);
    return channel.id;
  };

  /** The room's private thread or channel, created on first use, with its members added. */
  const roomChannel = async (room: string, invite: string[]): Promise<string> => {
    const guild = options.guildId;
    if (!guild || !options.roomParentId) {
      throw new DeliveryError('rooms need DISCORD_GUILD_ID and DISCORD_ROOM_PARENT_ID', {
        permanent: true,
      });
    }
    let entry = rooms.get(room);
    const users = invite.flatMap((id) => deps.directory.get(id)?.identities.discord ?? []);
    if (!entry) {
      // A room opened before a restart keeps its thread or channel.
      const known = await deps.store.read((tx) => tx.loadRef(`discord:room:${room}`));
      if (known) {
        entry = { channel: known, added: new Set() };
        rooms.set(room, entry);
      }
    }
    if (!entry) {
      const name = `loop48-ticket-${room}`;
      const created =
        options.rooms === 'threads'
          ? ((await rest.post(Routes.threads(options.roomParentId), {
              body: {
                name,
                type: ChannelType.PrivateThread,
                invitable: false,
                auto_archive_duration: 10080,
              },
            })) as { id: string })
          : ((await rest.post(Routes.guildChannels(guild), {
              body: {
                name,
                type: ChannelType.GuildText,
                parent_id: options.roomParentId,
                permission_overwrites: [
                  { id: guild, type: 0, deny: '1024' },
                  { id: await botUserId(), type: 1, allow: ROOM_ACCESS },
                  ...users.map((id) => ({ id, type: 1, allow: ROOM_ACCESS })),
                ],
              },
            })) as { id: string });
      entry = { channel: created.id, added: new Set(options.rooms === 'channels' ? users : []) };
      rooms.set(room, entry);
      const channelId = created.id;
      await deps.store.transaction((tx) =>
        tx.saveRef(`discord:room:${room}`, channelId, Date.now()),
      );
    }
    for (const user of users.filter((u) => !entry.added.has(u))) {
      if (options.rooms === 'threads') await rest.put(Routes.threadMembers(entry.channel, user));
      else {
        await rest.put(Routes.channelPermission(entry.channel, user), {
          body: { type: 1, allow: ROOM_ACCESS },
        });
      }
      entry.added.add(user);
    }
    return entry.channel;
  };

  const send = async (outbound: OutboxMessage): Promise<void> => {
    const id = outbound.address.conversationId;
    const mention = (outbound.message.mention ?? []).flatMap(
      (staff) => deps.directory.get(staff)?.identities.discord ?? [],
    );
    const parts = renderDiscord(outbound.message, mention);
    const done = partsSent.get(outbound.id) ?? 0;
    try {
      let target: { kind: 'channel'; id: string } | { kind: 'webhook'; app: string; token: string };
      if (id.startsWith('discord:interaction:')) {
        const [, , app = '', token = '', at = '0', user = ''] = id.split(':');
        target =
          Date.now() - Number(at) < INTERACTION_TOKEN_MS
            ? { kind: 'webhook', app, token }
            : { kind: 'channel', id: await dmChannel(user) };
      } else if (id.startsWith('discord:room:')) {
        target = {
          kind: 'channel',
          id: await roomChannel(id.slice('discord:room:'.length), outbound.message.invite ?? []),
        };
      } else if (id.startsWith('discord:channel:')) {
        target = { kind: 'channel', id: id.slice('discord:channel:'.length) };
      } else {
        target = { kind: 'channel', id: await dmChannel(id.replace(/^discord:user:/, '')) };
      }
      for (const [index, part] of parts.entries()) {
        if (index < done) continue;
        if (target.kind === 'webhook') {
          // The deferred reply is the first part; the rest follow up, all only for the person.
          if (index === 0) {
            await rest.patch(Routes.webhookMessage(target.app, target.token, '@original'), {
              body: part,
            });
          } else {
            await rest.post(Routes.webhook(target.app, target.token), {
              body: { ...part, flags: 64 },
            });
          }
        } else {
          // The nonce makes a resend after a crash (sent, but not yet marked sent) a no-op:
          // Discord returns the message it already made instead of posting it twice.
          await rest.post(Routes.channelMessages(target.id), {
            body: { ...part, nonce: `${outbound.id}.${index}`, enforce_nonce: true },
          });
        }
        partsSent.set(outbound.id, index + 1);
      }
      partsSent.delete(outbound.id);
      if (outbound.message.archive && target.kind === 'channel' && id.startsWith('discord:room:')) {
        if (options.rooms === 'threads') {
          await rest.patch(Routes.channel(target.id), {
            body: { archived: true, locked: true },
          });
        }
        rooms.delete(id.slice('discord:room:'.length));
      }
    } catch (error) {
      // A deleted room thread or channel: forget it, so the retry opens the room again.
      if ((error as { code?: number }).code === 10003 && id.startsWith('discord:room:')) {
        rooms.delete(id.slice('discord:room:'.length));
      }
      const failure = error instanceof DeliveryError ? error : toDeliveryError(error);
      log.warn({ outbox: outbound.id, reason: failure.message }, 'Discord delivery failed');
      throw failure;
    }
  };

  return {
    send,
    connected: () => !holding || gateway?.ws.status === Status.Ready,
    stop: async () => {
      stopped = true;
      holding = false;
      if (retry) clearTimeout(retry);
      await releaseLease();
      const was = attempt;
      attempt = undefined;
      gateway = undefined;
      await drop(was);
    },
  };
}
