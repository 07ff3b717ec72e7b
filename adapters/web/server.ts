import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EXPORT_PATH, subjectOf } from '../../src/commands/customer.ts';
import { chatConversation, consoleConversation } from '../../src/core/addresses.ts';
import type { Bot } from '../../src/core/bot.ts';
import type { Logger } from '../../src/core/logger.ts';
import { QUESTIONS } from '../../src/core/messages.ts';
import type { ReadinessReport } from '../../src/core/readiness.ts';
import type { Language } from '../../src/i18n/languages.ts';
import { languageFromLocale } from '../../src/i18n/locale.ts';
import { exportCustomer } from '../../src/privacy/customer-data.ts';
import type { DashboardData } from '../../src/reports/dashboard.ts';
import type { Store } from '../../src/store/types.ts';
import type { Directory } from '../../src/team/directory.ts';
import { HttpError, readJson, SECURITY_HEADERS, sendJson } from './http.ts';
import type { WebHub } from './hub.ts';
import { streamTranscript } from './stream.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const ASSETS: Record<string, string> = {
  'chat.js': 'text/javascript',
  'console.js': 'text/javascript',
  'common.js': 'text/javascript',
  'style.css': 'text/css',
  'dashboard.js': 'text/javascript',
};
/** The chart library, served from the installed package: the pages fetch nothing from outside. */
const VENDOR: Record<string, [string, string]> = {
  'uplot.js': ['uplot/dist/uPlot.iife.min.js', 'text/javascript'],
  'uplot.css': ['uplot/dist/uPlot.min.css', 'text/css'],
};
const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const PAGES: Record<string, string> = {
  '/': 'chat.html',
  '/console': 'console.html',
  '/dashboard': 'dashboard.html',
};

/** The longest message the web chat passes on; the dialog applies each field's own limit. */
export const MAX_TEXT_LENGTH = 100_000;
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const session = z.string().uuid();
const chatMessage = z.object({
  session,
  text: z.string().max(MAX_TEXT_LENGTH),
  locale: z.string().max(35).optional(),
  /** Set when the text comes from a choice button: the question that button belonged to. */
  answers: z.enum(QUESTIONS).optional(),
  /** The page's own id for this message, the same on a retry, so a retried send counts once. */
  id: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .optional(),
});
const login = z.object({ staffId: z.string().max(64), key: z.string().max(200) });
const command = z.object({ text: z.string().max(MAX_TEXT_LENGTH) });

export interface WebDeps {
  bot: Bot;
  store: Store;
  hub: WebHub;
  directory: Directory;
  /** The `web` section of each locale, for the pages' own labels. */
  pageStrings: (language: Language) => Record<string, unknown>;
  logger: Logger;
  now: () => number;
  /** The staff dashboard's figures as of a moment. */
  dashboard?: (now: number) => Promise<DashboardData>;
  /** Whether the bot can serve: its store, its scheduler and its platforms, check by check. */
  ready?: () => Promise<ReadinessReport>;
}

/**
 * The built-in web channel: the customer chat at `/`, the staff console at `/console`, and their
 * JSON and event-stream API. Pages build the DOM with textContent only, so nothing a person types
 * is ever read as HTML.
 */
export function createWebServer(deps: WebDeps): Server {
  const hash = (token: string) => createHash('sha256').update(token).digest('hex');
  const staffFor = async (token: string | undefined): Promise<string> => {
    const staffId = token
      ? await deps.store.read((tx) => tx.findSession(hash(token), deps.now()))
      : undefined;
    if (!staffId || !deps.directory.get(staffId)) throw new HttpError(401, 'errors.signed_out');
    return staffId;
  };

  const routes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const read = req.method === 'GET' || req.method === 'HEAD';
    const route = `${read ? 'GET' : req.method} ${url.pathname}`;
    const page = PAGES[url.pathname];
    if (read && page) return serveFile(res, page, 'text/html');
    if (read && url.pathname.startsWith('/assets/')) {
      const name = url.pathname.slice('/assets/'.length);
      const vendor = VENDOR[name];
      if (vendor) return serveFile(res, vendor[0], vendor[1], NODE_MODULES);
      const type = ASSETS[name];
      if (!type) throw new HttpError(404, 'errors.not_found');
      return serveFile(res, name, type);
    }

    switch (route) {
      case 'GET /favicon.ico':
        res.writeHead(204, { 'cache-control': 'max-age=86400' });
        res.end();
        return;
      // The process answers: for a liveness probe, which restarts a process that stops answering.
      case 'GET /healthz':
        return sendJson(res, 200, { ok: true });
      // Everything the bot needs works: for a load balancer, which sends work only to ready ones.
      case 'GET /readyz': {
        const report = (await deps.ready?.()) ?? { ready: true, checks: { web: 'ok' } };
        return sendJson(res, report.ready ? 200 : 503, report);
      }
      case 'GET /api/i18n': {
        const language = languageFromLocale(url.searchParams.get('locale')) ?? 'en';
        return sendJson(res, 200, { language, strings: deps.pageStrings(language) });
      }
      case 'POST /api/chat/session':
        return sendJson(res, 201, { session: randomUUID() });
      case 'POST /api/chat/messages': {
        const body = parse(chatMessage, await readJson(req));
        const conversationId = chatConversation(body.session);
        const handled = await deps.bot.handle({
          platform: 'web',
          conversationId,
          userId: body.session,
          text: body.text,
          locale: body.locale,
          answers: body.answers,
          ...(body.id ? { dedupeKey: `web:${body.session}:${body.id}` } : {}),
        });
        // Nothing was recorded: the page shows the notice in the chat's language.
        if (handled.unavailable) throw new HttpError(503, 'errors.store_unavailable');
        deps.hub.poke(conversationId);
        return sendJson(res, 202, { ok: true });
      }
      case 'GET /api/chat/stream': {
        const id = parse(session, url.searchParams.get('session'));
        return streamTranscript(req, res, deps.store, deps.hub, chatConversation(id));
      }
      case 'POST /api/console/login': {
        const body = parse(login, await readJson(req));
        const member = deps.directory.get(body.staffId.trim().toLowerCase());
        if (!member || !deps.directory.verifyConsoleKey(member.id, body.key)) {
          throw new HttpError(401, 'errors.sign_in_failed');
        }
        const token = randomBytes(32).toString('hex');
        const expires = deps.now() + SESSION_TTL_MS;
        await deps.store.transaction((tx) => tx.saveSession(hash(token), member.id, expires));
        deps.logger.info({ staff: member.id }, 'staff signed in to the console');
        return sendJson(res, 200, { token, name: member.name, language: member.language });
      }
      case 'POST /api/console/logout': {
        const token = bearer(req);
        if (token) await deps.store.transaction((tx) => tx.deleteSession(hash(token)));
        return sendJson(res, 200, { ok: true });
      }
      case 'POST /api/console/commands': {
        const staffId = await staffFor(bearer(req));
        const body = parse(command, await readJson(req));
        const conversationId = consoleConversation(staffId);
        const handled = await deps.bot.handle({
          platform: 'web',
          conversationId,
          userId: staffId,
          staffId,
          text: body.text,
        });
        if (handled.unavailable) throw new HttpError(503, 'errors.store_unavailable');
        deps.hub.poke(conversationId);
        return sendJson(res, 202, { ok: true });
      }
      case 'GET /api/console/stream': {
        const staffId = await staffFor(url.searchParams.get('token') ?? undefined);
        return streamTranscript(req, res, deps.store, deps.hub, consoleConversation(staffId));
      }
      case `GET ${EXPORT_PATH}`: {
        // Given as a download, never kept: an erasure leaves no copy behind in the store.
        const staffId = await staffFor(bearer(req));
        const member = deps.directory.get(staffId);
        if (!member || !deps.directory.isAdministrator(member)) {
          throw new HttpError(403, 'customer_data.errors.admin_only');
        }
        const given = (url.searchParams.get('subject') ?? '').trim();
        if (given === '' || given.length > 200) throw new HttpError(400, 'errors.bad_request');
        const held = await deps.store.read((tx) =>
          exportCustomer(tx, subjectOf(given), deps.now()),
        );
        if (!held) throw new HttpError(404, 'customer_data.errors.not_found');
        deps.logger.info(
          { staff: staffId, tickets: held.tickets.map((ticket) => ticket.id) },
          'customer data exported',
        );
        const text = JSON.stringify(held, null, 2);
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': 'attachment; filename="customer-export.json"',
          'cache-control': 'no-store',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
        return;
      }
      case 'GET /api/dashboard': {
        await staffFor(bearer(req));
        if (!deps.dashboard) throw new HttpError(404, 'errors.not_found');
        return sendJson(res, 200, await deps.dashboard(deps.now()));
      }
      default:
        throw new HttpError(404, 'errors.not_found');
    }
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    routes(req, res, url).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.code });
        return;
      }
      deps.logger.error({ err: error, path: url.pathname }, 'web request failed');
      sendJson(res, 500, { error: 'errors.internal' });
    });
  });
}

async function serveFile(
  res: ServerResponse,
  name: string,
  type: string,
  dir = PUBLIC_DIR,
): Promise<void> {
  const body = await readFile(`${dir}${name}`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-cache',
  });
  res.end(body);
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const tooLong = result.error.issues.some((issue) => issue.code === 'too_big');
    throw new HttpError(tooLong ? 413 : 400, tooLong ? 'errors.too_long' : 'errors.bad_request');
  }
  return result.data;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
}
