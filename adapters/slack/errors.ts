import { DeliveryError } from '../../src/outbox/outbox.ts';

/** Slack API errors after which trying again cannot help: the target is gone or refuses. */
const PERMANENT = new Set([
  'channel_not_found',
  'is_archived',
  'user_not_found',
  'cannot_dm_bot',
  'user_disabled',
  'msg_too_long',
  'invalid_blocks',
  'no_text',
]);
/** Errors that mean the operator must fix the configuration. */
const OPERATOR = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
  'missing_scope',
]);

interface SlackError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string; needed?: string };
  statusCode?: number;
  message?: string;
}

/**
 * Turns a Web API failure into the outbox's terms: a 429 waits as long as Retry-After says, a
 * refusal that cannot change is permanent (and flagged to a person), anything else is retried.
 * The message says what to fix where an operator can.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = (error ?? {}) as SlackError;
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('Slack rate limit (429)', {
      retryAfterMs: (e.retryAfter ?? 1) * 1000,
    });
  }
  const reason = e.data?.error;
  if (reason && OPERATOR.has(reason)) {
    const needed = e.data?.needed ? ` (needs scope ${e.data.needed})` : '';
    return new DeliveryError(
      `Slack refused the bot token: ${reason}${needed}; check SLACK_BOT_TOKEN and the app's scopes`,
    );
  }
  if (reason) return new DeliveryError(`Slack: ${reason}`, { permanent: PERMANENT.has(reason) });
  return new DeliveryError(`Slack unreachable: ${e.message ?? String(error)}`);
}
