import type { Config } from '../config.ts';
import { HOUR, MINUTE } from '../core/clock.ts';
import { ConfigError } from '../core/errors.ts';

/** A limit with its reminders, all as durations from the step's start. */
export interface Limit {
  remind: number[];
  limit: number;
}

/**
 * The team's commitments as durations in milliseconds. Defaults follow the 48-hour rapid-response
 * commitment; each can be changed with an SLA_* setting.
 */
export interface Policy {
  classify: Limit;
  accept: Limit;
  /** Urgent tickets: the task force must respond within `limit`, reminded every `every`. */
  urgentResponse: { every: number; limit: number };
  emergency: Limit;
  room: { every: number; pings: number };
  feedback: Limit;
  resolution: Limit;
  progressEvery: number;
  ratingTimeout: number;
  pauseAllowed: boolean;
}

export function policyFrom(config: Config): Policy {
  const resolution = config.SLA_RESOLUTION_HOURS * HOUR;
  const policy: Policy = {
    classify: {
      remind: config.SLA_CLASSIFY_REMIND_MINUTES.map((m) => m * MINUTE),
      limit: config.SLA_CLASSIFY_MINUTES * MINUTE,
    },
    accept: {
      remind: config.SLA_ACCEPT_REMIND_MINUTES.map((m) => m * MINUTE),
      limit: config.SLA_ACCEPT_MINUTES * MINUTE,
    },
    urgentResponse: {
      every: config.SLA_URGENT_REMIND_EVERY_MINUTES * MINUTE,
      limit: config.SLA_URGENT_RESPONSE_MINUTES * MINUTE,
    },
    emergency: {
      remind: config.SLA_EMERGENCY_REMIND_HOURS.map((h) => h * HOUR),
      limit: config.SLA_EMERGENCY_HOURS * HOUR,
    },
    room: {
      every: config.SLA_ROOM_CONFIRM_MINUTES * MINUTE,
      pings: config.SLA_ROOM_PINGS_BEFORE_ESCALATION,
    },
    feedback: {
      remind: config.SLA_FEEDBACK_REMIND_MINUTES.map((m) => m * MINUTE),
      limit: config.SLA_FEEDBACK_MINUTES * MINUTE,
    },
    // The delay notice is due at the latest this long before the deadline: remind then.
    resolution: {
      remind: [resolution - config.SLA_DELAY_NOTICE_HOURS * HOUR],
      limit: resolution,
    },
    progressEvery: config.SLA_PROGRESS_EVERY_HOURS * HOUR,
    ratingTimeout: config.SLA_RATING_TIMEOUT_HOURS * HOUR,
    pauseAllowed: config.SLA_PAUSE_ALLOWED === 'yes',
  };
  checkPolicy(policy);
  return policy;
}

/** Reminders must come before their limit, or the settings contradict each other. */
function checkPolicy(policy: Policy): void {
  const steps: [string, Limit][] = [
    ['SLA_CLASSIFY_REMIND_MINUTES', policy.classify],
    ['SLA_ACCEPT_REMIND_MINUTES', policy.accept],
    ['SLA_EMERGENCY_REMIND_HOURS', policy.emergency],
    ['SLA_FEEDBACK_REMIND_MINUTES', policy.feedback],
    ['SLA_DELAY_NOTICE_HOURS', policy.resolution],
  ];
  const wrong = steps.filter(([, limit]) => limit.remind.some((r) => r <= 0 || r >= limit.limit));
  if (policy.urgentResponse.every > policy.urgentResponse.limit) {
    wrong.push(['SLA_URGENT_REMIND_EVERY_MINUTES', policy.urgentResponse as unknown as Limit]);
  }
  if (wrong.length > 0) {
    const names = wrong.map(([name]) => `  ${name}: must fall within its limit`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${names}\nSee .env.example.`);
  }
}
