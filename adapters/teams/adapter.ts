import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Activity,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { Bot } from '../../src/core/bot.ts';
import { ConfigError } from '../../src/core/errors.ts';
import type { Logger } from '../../src/core/logger.ts';
import { isQuestion } from '../../src/core/messages.ts';
import type { Language } from '../../src/i18n/languages.ts';
import { type ChannelSender, DeliveryError } from '../../src/outbox/outbox.ts';
import type { OutboxMessage, Store } from '../../src/store/types.ts';
import type { Directory } from '../../src/team/directory.ts';
import { renderCard, SUBMIT_KEY } from './card.ts';
import { botResponse, readBody } from './http.ts';

export interface TeamsOptions {
  appId: string | undefined;
  appPassword: string | undefined;
  appTenantId: string | undefined;
  appType: 'MultiTenant' | 'SingleTenant';
  host: string;
  port: number;
  /** The team channel where rooms open as new threads. */
  roomChannelId: string | undefined;
}

export interface TeamsAdapter extends ChannelSender {
  port: number;
  /** Whether the endpoint Teams posts activities to is listening. */
  connected(): boolean;
  stop(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Microsoft Teams, through botbuilder's CloudAdapter on the bot's own `/api/messages`: customers
 * in personal chat, staff in personal chat and team channels (`ticket claim 1001` typed to the
 * bot, or card buttons), rooms as threads of a team channel. Every conversation reference is
 * stored, so reminders and updates reach people after a restart without them writing first.
 */
export async function startTeams(
  options: TeamsOptions,
  deps: {
    bot: Bot;
    directory: Directory;
    store: Store;
    logger: Logger;
    now: () => number;
    translate: (language: Language, key: string) => string;
  },
): Promise<TeamsAdapter> {
  const log = deps.logger.child({ platform: 'teams' });
  if (!options.appId && !LOOPBACK.test(options.host)) {
    throw new ConfigError(
      `TEAMS_APP_ID is not set: without it the Teams endpoint accepts unauthenticated requests, so it may only listen on a loopback address, not HOST=${options.host}`,
    );
  }
  if (!options.appId) {
    log.warn('Teams runs without an app id: unauthenticated, on loopback only (tests, Emulator)');
  }

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: options.appId ?? '',
    MicrosoftAppPassword: options.appPassword ?? '',
    // Without an app id there is no tenant to pin: the anonymous mode only knows MultiTenant.
    MicrosoftAppType: options.appId ? options.appType : 'MultiTenant',
    MicrosoftAppTenantId: options.appTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    log.error({ err: error }, 'a Teams turn failed');
  };

  const save = (key: string, reference: Partial<ConversationReference>) =>
    deps.store.transaction((tx) => tx.saveRef(key, JSON.stringify(reference), deps.now()));

  const remember = async (activity: Activity) => {
    const reference = TurnContext.getConversationReference(activity);
    await save(`teams:conv:${activity.conversation.id}`, reference);
    if (activity.conversation.conversationType === 'personal') {
      const person = activity.from.aadObjectId ?? activity.from.id;
      await save(`teams:user:${person}`, reference);
    }
    const channel = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel
      ?.id;
    if (channel) await save(`teams:channel:${channel}`, reference);
  };

  const logic = async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    await remember(activity);
    if (activity.type !== 'message') return;

    const submitted = activity.value as { [SUBMIT_KEY]?: string; ask?: string } | undefined;
    const typed = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const text = submitted?.[SUBMIT_KEY] ?? typed.trim();
    const person = activity.from.aadObjectId ?? activity.from.id;
    const staff =
      deps.directory.byIdentity('teams', person) ??
      deps.directory.byIdentity('teams', activity.from.id);
    const personal = activity.conversation.conversationType === 'personal';
    if (!personal && !staff) return;

    const command = staff && /^\/?(ticket|team)\b/i.test(text) ? text.replace(/^\/?/, '/') : text;
    const { accepted } = await deps.bot.handle({
      platform: 'teams',
      conversationId: `teams:conv:${activity.conversation.id}`,
      userId: person,
      staffId: staff?.id,
      text: command,
      // Teams sends no locale on some activities; then the text decides, never silently English.
      locale: activity.locale || undefined,
      answers: isQuestion(submitted?.ask) ? submitted?.ask : undefined,
      dedupeKey: `teams:${activity.id ?? ''}`,
    });

    // A pressed card button the bot accepted: replace the card's buttons with what was chosen.
    if (submitted && activity.replyToId && accepted) {
      const done = CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        version: '1.4',
        body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `✓ ${text}` }] }],
      });
      await context
        .updateActivity({ id: activity.replyToId, type: 'message', attachments: [done] })
        .catch(() => undefined);
    }
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/api/messages') {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      try {
        const body = await readBody(req);
        const request = Object.assign(req, { body, headers: req.headers, method: req.method });
        await adapter.process(request as never, botResponse(res) as never, logic);
      } catch (error) {
        log.warn({ reason: (error as Error).message }, 'a Teams request was refused');
        if (!res.headersSent) res.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(
              `TEAMS_PORT ${options.port} is already in use; set TEAMS_PORT to another port`,
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, authenticated: Boolean(options.appId) }, 'Teams endpoint listening');

  const reference = async (key: string): Promise<Partial<ConversationReference> | undefined> => {
    const json = await deps.store.read((tx) => tx.loadRef(key));
    return json ? (JSON.parse(json) as Partial<ConversationReference>) : undefined;
  };

  /** Starts a new thread in a team channel with `first` as its opening post. */
  const startThread = async (
    channel: string,
    first: Partial<Activity>,
    setting: string,
  ): Promise<Partial<ConversationReference>> => {
    const base =
      (await reference(`teams:channel:${channel}`)) ?? (await reference('teams:service'));
    if (!base?.serviceUrl) {
      throw new DeliveryError(`${setting} needs the app installed in that team (and used once)`, {
        permanent: true,
      });
    }
    let created: Partial<ConversationReference> | undefined;
    await adapter.createConversationAsync(
      options.appId ?? '',
      'msteams',
      base.serviceUrl,
      '',
      {
        isGroup: true,
        channelData: { channel: { id: channel } },
        activity: first as Activity,
      } as never,
      async (context) => {
        created = TurnContext.getConversationReference(context.activity);
      },
    );
    if (!created) throw new DeliveryError('Teams did not start the thread');
    return created;
  };

  /** A room's thread in the team channel, started on first use and remembered. */
  const roomReference = async (room: string, first: Partial<Activity>) => {
    const known = await reference(`teams:room:${room}`);
    if (known) return { reference: known, started: false };
    const channel = options.roomChannelId;
    if (!channel) {
      throw new DeliveryError('rooms need TEAMS_ROOM_CHANNEL_ID', { permanent: true });
    }
    const created = await startThread(channel, first, 'TEAMS_ROOM_CHANNEL_ID');
    await save(`teams:room:${room}`, created);
    return { reference: created, started: true };
  };

  const send = async (outbound: OutboxMessage): Promise<void> => {
    const id = outbound.address.conversationId;
    const mentions = (outbound.message.mention ?? []).flatMap((staffId) => {
      const member = deps.directory.get(staffId);
      return member?.identities.teams ? [{ id: member.identities.teams, name: member.name }] : [];
    });
    const note = deps.translate(outbound.language, 'staff.shortened');
    const { card, entities } = renderCard(outbound.message, mentions, note);
    const activity: Partial<Activity> = {
      type: 'message',
      attachments: [CardFactory.adaptiveCard(card)],
      ...(entities.length > 0 ? { entities: entities as never } : {}),
    };
    try {
      let target: Partial<ConversationReference> | undefined;
      if (id.startsWith('teams:thread:')) {
        // Each post to the management channel opens its own thread, to be discussed under it.
        await startThread(
          id.slice('teams:thread:'.length),
          activity,
          'TEAMS_MANAGEMENT_CHANNEL_ID',
        );
        return;
      }
      if (id.startsWith('teams:room:')) {
        const room = await roomReference(id.slice('teams:room:'.length), activity);
        if (room.started) return;
        target = room.reference;
      } else {
        target = await reference(id);
      }
      if (!target) {
        throw new DeliveryError(
          `no Teams conversation with ${id}: the person has not installed the app`,
          {
            permanent: true,
          },
        );
      }
      // The adapter's turn-error handler would swallow a failed send: carry it out of the turn.
      let refused: unknown;
      await adapter.continueConversationAsync(options.appId ?? '', target, async (context) => {
        try {
          await context.sendActivity(activity);
        } catch (error) {
          refused = error;
        }
      });
      if (refused) throw refused;
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const failure = error as {
        statusCode?: number;
        status?: number;
        response?: { status?: number };
      };
      const status = failure.statusCode ?? failure.status ?? failure.response?.status;
      if (status === 403) {
        throw new DeliveryError('Teams 403: the person removed the app or blocked the bot', {
          permanent: true,
        });
      }
      if (status === 401) {
        throw new DeliveryError(
          'Teams 401: the bot token was refused; check TEAMS_APP_ID and TEAMS_APP_PASSWORD',
        );
      }
      throw new DeliveryError(`Teams unreachable: ${(error as Error).message}`);
    }
  };

  return {
    port,
    send,
    connected: () => server.listening,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
