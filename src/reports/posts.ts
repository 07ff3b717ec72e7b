import { staffAddress } from '../core/addresses.ts';
import type { CoreDeps } from '../core/deps.ts';
import { type Render, tellStaff } from '../core/notify.ts';
import { formatInstant } from '../i18n/format.ts';
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

const dayBefore = (d: CalendarDate): CalendarDate => {
  const utc = new Date(Date.UTC(d.year, d.month - 1, d.day - 1));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
};

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
 * configured time on the zone's clocks, and never again for that period, across restarts. A post
 * missed while the bot was down goes out on the first tick after it starts.
 */
export async function postDueReports(
  deps: CoreDeps,
  schedule: ReportSchedule,
  /** Remembers the day whose posts are settled, so later ticks that day skip the store. */
  memo: { settled?: string } = {},
): Promise<number> {
  const now = deps.clock.now();
  const wall = zonedParts(now, schedule.timeZone);
  const today = { year: wall.year, month: wall.month, day: wall.day };
  if (memo.settled === dateText(today)) return 0;
  const postAt = zonedToEpoch(
    { ...today, hour: schedule.hour, minute: schedule.minute },
    schedule.timeZone,
  );
  if (now < postAt) return 0;
  const yesterday = dayBefore(today);

  let posted = 0;
  await deps.store.transaction(async (tx) => {
    if (await tx.claimReportPost('daily', dateText(yesterday), now)) {
      const period = daysFrom(yesterday, 1, schedule.timeZone);
      const figures = figuresFor(await ticketsOf(deps, tx, period), period, deps.policy, now);
      await postToManagement(deps, tx, schedule.timeZone, (t) => ({
        text: dailyText(t, yesterday, figures),
      }));
      posted += 1;
    }
    if (WEEKDAYS[wall.weekday] !== schedule.weeklyDay) return;
    if (!(await tx.claimReportPost('weekly', dateText(yesterday), now))) return;
    const weeks = weeksEndingOn(yesterday, schedule.timeZone);
    const all: Figures[] = [];
    for (const week of weeks) {
      all.push(figuresFor(await ticketsOf(deps, tx, week), week, deps.policy, now));
    }
    const weekly = all as [Figures, ...Figures[]];
    const details = await closingWords(tx, weekly[0]);
    await postToManagement(deps, tx, schedule.timeZone, (t, when) => ({
      text: weeklyText(t, when, schedule.timeZone, weekly, details),
    }));
    posted += 1;
  });
  memo.settled = dateText(today);
  if (posted > 0) deps.outboxChanged();
  return posted;
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
    if (typeof details === 'string' && details.trim() !== '') words.set(o.id, details.trim());
  }
  return words;
}
