import type { Translate } from '../i18n/translator.ts';
import type { Figures, Overdue, Share } from './figures.ts';
import { type CalendarDate, dateAt, dateText } from './periods.ts';

/** Problem types named in the weekly review, most common first. */
export const TOP_TYPES = 3;

const share = (s: Share): string =>
  s.rate === null ? '—' : `${(s.rate * 100).toFixed(1)}% (${s.met}/${s.of})`;

const average = (f: Figures): string =>
  f.satisfaction.average === null ? '—' : f.satisfaction.average.toFixed(2);

/** Counts as "name count" items, most first (then by key), in the reader's language. */
function counts(
  t: Translate,
  tally: Record<string, number>,
  name: (key: string) => string,
  limit = Number.POSITIVE_INFINITY,
): string {
  const items = Object.entries(tally)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([key, count]) => t('report.item', { name: name(key), count }));
  return items.length === 0 ? t('report.none') : items.join(t('report.separator'));
}

const reasonName = (t: Translate, o: Overdue): string =>
  o.closedAt === null ? t('report.still_open') : t(`overdue_reason.${o.reason ?? 'other'}`);

/** The figures of one period: the lines the daily post and the weekly review share. */
function body(t: Translate, f: Figures): string {
  const s = f.satisfaction;
  return t('report.body', {
    opened: f.opened,
    closed: f.closed,
    closure: share(f.closedInTime),
    classified: share(f.classifiedInTime),
    accepted: share(f.acceptedInTime),
    urgent: share(f.urgentRespondedInTime),
    average: average(f),
    answered: share({ met: s.rated, of: s.closed, rate: s.responseRate }),
    distribution: s.distribution.join('/'),
    overdue: f.overdue.length,
    reasons: counts(t, f.overdueReasons, (key) =>
      key === 'still_open' ? t('report.still_open') : t(`overdue_reason.${key}`),
    ),
    types: counts(t, f.byType, (key) => t(`type.${key}`)),
    urgencies: counts(t, f.byUrgency, (key) => t(`urgency.${key}`)),
    regions: counts(t, f.byRegion as Record<string, number>, (key) => t(`region.${key}`)),
  });
}

/** The daily post: the day's figures and its overdue tickets with their reasons. */
export function dailyText(t: Translate, date: CalendarDate, f: Figures): string {
  const overdue = f.overdue.map((o) =>
    t('report.overdue_ticket', { number: o.id, reason: reasonName(t, o) }),
  );
  return [
    t('report.daily_title', { date: dateText(date) }),
    body(t, f),
    t('report.overdue_tickets', {
      list: overdue.length === 0 ? t('report.none') : overdue.join(t('report.separator')),
    }),
  ].join('\n');
}

/**
 * The weekly review: the week's figures; its key figures next to each of the four weeks before;
 * each overdue case with its reason (and the words given when it was closed); the most common
 * problem types. `weeks` is this week and the four before it, newest first.
 */
export function weeklyText(
  t: Translate,
  when: (at: number) => string,
  timeZone: string,
  weeks: readonly [Figures, ...Figures[]],
  /** The explanation written at closing, by ticket number, for the overdue cases that have one. */
  details: ReadonlyMap<number, string>,
): string {
  const [week] = weeks;
  const span = (f: Figures) => ({
    from: dateText(dateAt(f.period.from, timeZone)),
    to: dateText(dateAt(f.period.to - 1, timeZone)),
  });
  const history = weeks.map((f) =>
    t('report.history_week', {
      ...span(f),
      closure: share(f.closedInTime),
      classified: share(f.classifiedInTime),
      accepted: share(f.acceptedInTime),
      urgent: share(f.urgentRespondedInTime),
      average: average(f),
    }),
  );
  const cases = week.overdue.map((o) => {
    const said = details.get(o.id);
    const fields = { number: o.id, due: when(o.dueAt), reason: reasonName(t, o) };
    return said
      ? t('report.overdue_case_details', { ...fields, details: said })
      : t('report.overdue_case', fields);
  });
  return [
    t('report.weekly_title', span(week)),
    body(t, week),
    t('report.history_title'),
    ...history,
    t('report.overdue_cases', { count: cases.length }),
    ...(cases.length === 0 ? [t('report.none')] : cases),
    t('report.top_types', {
      types: counts(t, week.byType, (key) => t(`type.${key}`), TOP_TYPES),
    }),
  ].join('\n');
}
