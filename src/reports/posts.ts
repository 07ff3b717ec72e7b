import { staffAddress } from '../core/addresses.ts';
import type { CoreDeps } from '../core/deps.ts';
import { type Render, tellStaff } from '../core/notify.ts';
import { formatInstant } from '../i18n/format.ts';
import { withoutContact } from '../privacy/shared-text.ts';
import type { StoreTx } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import { zonedParts, zonedToEpoch } from '../time/zoned.ts';
import { type Figures, figuresFor, type Period } from './figures.ts';
import { type CalendarDate, dateText, daysFrom, weeksEndingOn } from './periods.ts';
import { dailyText, weeklyText } from './post-text.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** When and where the scheduled reports go out. */
export interface ReportSchedule {
  timeZone: string;
  /** The time of day of the posts, on the zone's clocks. */
  hour: number;
  minute: number;
  /** The day the weekly review is posted, for the seven days before it. */
  weeklyDay: (typeof WEEKDAYS)[number];
}

export function reportScheduleFrom(config: {
  REPORT_TIME_ZONE: string;
  REPORT_DAILY_AT: string;
  REPORT_WEEKLY_DAY: ReportSchedule['weeklyDay'];
}): ReportSchedule {
  const [hour, minute] = config.REPORT_DAILY_AT.split(':').map(Number);
  return {
    timeZone: config.REPORT_TIME_ZONE,
    hour: hour ?? 8,
    minute: minute ?? 0,
    weeklyDay: config.REPORT_WEEKLY_DAY,
  };
}

/** Days of daily posts made up after a time down, ending with the newest one due. */
export const CATCH_UP_DAYS = 7;

/** The calendar date `days` after `d` (before it when negative). */
const shift = (d: CalendarDate, days: number): CalendarDate => {
  const utc = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
};

const weekday = (d: CalendarDate): (typeof WEEKDAYS)[number] =>
  WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()] ?? 'sun';

/** Who reads the reports: service leads, department heads, the Technical Director, administrators. */
function readers(deps: CoreDeps): StaffMember[] {
  const { directory } = deps;
  return [
    ...directory.withRole('service_lead'),
    ...directory.withRole('department_head'),
    ...directory.withRole('technical_director'),
    ...directory.withRole('administrator'),
  ];
}

/**
 * Posts a report to the management room of each platform in use, one message in each language its
 * readers there read; a reader whose notices go to a platform without a management room (or to
 * the web console) gets it as their own notice, in their language.
 */
async function postToManagement(
  deps: CoreDeps,
  tx: StoreTx,
  zone: string,
  render: Render,
): Promise<void> {
  const everyone = readers(deps);
  const rooms = deps.settings.managementRooms;
  for (const platform of deps.settings.staffPlatforms) {
    const address = rooms[platform];
    if (!address) continue;
    const there = everyone.filter((member) => member.identities[platform]);
    const languages = [...new Set(there.map((member) => member.language))];
    if (languages.length === 0) languages.push(deps.settings.defaultLanguage);
    const texts = languages.map(
      (language) =>
        render(deps.translators.for(language), (at) => formatInstant(at, language, zone), language)
          .text,
    );
    await tx.enqueue({
      address,
      recipient: `management:${platform}`,
      language: languages[0] ?? deps.settings.defaultLanguage,
      ticketId: null,
      message: { text: texts.join('\n\n') },
      createdAt: deps.clock.now(),
    });
  }
  const alone = everyone.filter((member) => {
    const platform = staffAddress(member, deps.settings.staffPlatforms).platform;
    return !rooms[platform];
  });
  await tellStaff(deps, tx, alone, null, render);
}

/**
 * Posts the daily figures for the day before, and on the weekly day the weekly review, once each:
 * called on every scheduler tick, it posts a report the first time the tick runs at or after the
 * configured time on the zone's clocks, and never again for that period, across restarts.
 * After a time down it makes up, oldest first, each daily post due in the last `CATCH_UP_DAYS`
 * days and the last weekly review due, but none for days before the first report this database
 * posted: a new database posts only what falls due on its first day.
 */
export async function postDueReports(
  deps: CoreDeps,
  schedule: ReportSchedule,
  /** Remembers the newest day whose posts are settled, so later ticks skip the store. */
  memo: { settled?: string } = {},
): Promise<number> {
  const now = deps.clock.now();
  const wall = zonedParts(now, schedule.timeZone);
  const today = { year: wall.year, month: wall.month, day: wall.day };
  const postTime = (d: CalendarDate) =>
    zonedToEpoch({ ...d, hour: schedule.hour, minute: schedule.minute }, schedule.timeZone);
  const postedToday = now >= postTime(today);
  // The newest day whose daily post is due: yesterday once today's posting time has come.
  const newest = shift(today, postedToday ? -1 : -2);
  if (memo.settled === dateText(newest)) return 0;

  let posted = 0;
  await deps.store.transaction(async (tx) => {
    const first = await tx.firstReportPost();
    // A new database posts what falls due today and nothing from before it existed.
    const since = (d: CalendarDate) => first !== undefined && dateText(d) >= first;
    const recent = Array.from({ length: CATCH_UP_DAYS }, (_, i) =>
      shift(newest, i - CATCH_UP_DAYS + 1),
    );
    const days = first === undefined ? (postedToday ? [newest] : []) : recent.filter(since);
    for (const day of days) {
      if (await postDaily(deps, tx, schedule, day, now)) posted += 1;
    }

    // The last weekly posting day whose time has come, at most a week back.
    const weekly = Array.from({ length: 8 }, (_, back) => shift(today, -back)).find(
      (d) => weekday(d) === schedule.weeklyDay && postTime(d) <= now,
    );
    if (weekly === undefined) return;
    const last = shift(weekly, -1);
    const due = first === undefined ? dateText(weekly) === dateText(today) : since(last);
    if (due && (await postWeekly(deps, tx, schedule, last, now))) posted += 1;
  });
  memo.settled = dateText(newest);
  if (posted > 0) deps.outboxChanged();
  return posted;
}

/** Posts the figures of `day` unless they were posted before; true when it posted them. */
async function postDaily(
  deps: CoreDeps,
  tx: StoreTx,
  schedule: ReportSchedule,
  day: CalendarDate,
  now: number,
): Promise<boolean> {
  if (!(await tx.claimReportPost('daily', dateText(day), now))) return false;
  const period = daysFrom(day, 1, schedule.timeZone);
  const figures = figuresFor(await ticketsOf(deps, tx, period), period, deps.policy, now);
  await postToManagement(deps, tx, schedule.timeZone, (t) => ({
    text: dailyText(t, day, figures),
  }));
  return true;
}

/** Posts the weekly review of the seven days ending `last` unless it was posted before. */
async function postWeekly(
  deps: CoreDeps,
  tx: StoreTx,
  schedule: ReportSchedule,
  last: CalendarDate,
  now: number,
): Promise<boolean> {
  if (!(await tx.claimReportPost('weekly', dateText(last), now))) return false;
  const all: Figures[] = [];
  for (const week of weeksEndingOn(last, schedule.timeZone)) {
    all.push(figuresFor(await ticketsOf(deps, tx, week), week, deps.policy, now));
  }
  const weeks = all as [Figures, ...Figures[]];
  const details = await closingWords(tx, weeks[0]);
  await postToManagement(deps, tx, schedule.timeZone, (t, when) => ({
    text: weeklyText(t, when, schedule.timeZone, weeks, details),
  }));
  return true;
}

function ticketsOf(deps: CoreDeps, tx: StoreTx, period: Period) {
  return tx.ticketsForPeriod(period.from, period.to, deps.policy.resolution.limit);
}

/** The explanation given when each overdue ticket of `figures` was closed late, if any. */
async function closingWords(tx: StoreTx, figures: Figures): Promise<Map<number, string>> {
  const words = new Map<number, string>();
  for (const o of figures.overdue) {
    if (o.closedAt === null) continue;
    const closed = (await tx.listEvents(o.id)).filter((e) => e.kind === 'closed').at(-1);
    const details = closed?.data.details;
    if (typeof details !== 'string' || details.trim() === '') continue;
    // The management room is no place for the customer's contact details, should staff have
    // written them into the explanation.
    const ticket = await tx.getTicket(o.id);
    words.set(o.id, ticket ? withoutContact(details.trim(), ticket) : details.trim());
  }
  return words;
}
