import type { Figures, Share } from './figures.ts';
import type { Report } from './report.ts';

export const REPORT_FORMATS = ['text', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const percent = (s: Share): string =>
  s.rate === null ? '-' : `${(s.rate * 100).toFixed(1)}% (${s.met}/${s.of})`;
const iso = (epoch: number): string => new Date(epoch).toISOString();
const listed = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || '-';

/** The figure rows shared by every format: a stable name and its value as text. */
function rows(f: Figures): [string, string][] {
  const s = f.satisfaction;
  return [
    ['from', iso(f.period.from)],
    ['to', iso(f.period.to)],
    ['opened', String(f.opened)],
    ['closed', String(f.closed)],
    ['closed_within_48h', percent(f.closedInTime)],
    ['classified_within_limit', percent(f.classifiedInTime)],
    ['accepted_within_limit', percent(f.acceptedInTime)],
    ['urgent_first_response_within_limit', percent(f.urgentRespondedInTime)],
    ['satisfaction_average', s.average === null ? '-' : s.average.toFixed(2)],
    ['satisfaction_distribution_1_to_5', s.distribution.join('/')],
    [
      'satisfaction_response_rate',
      s.responseRate === null
        ? '-'
        : `${(s.responseRate * 100).toFixed(1)}% (${s.rated}/${s.closed})`,
    ],
    ['overdue', String(f.overdue.length)],
    ['overdue_reasons', listed(f.overdueReasons)],
    ['by_type', listed(f.byType)],
    ['by_urgency', listed(f.byUrgency)],
    ['by_region', listed(f.byRegion as Record<string, number>)],
  ];
}

const csvCell = (value: string): string =>
  /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** Renders a report for a terminal, a spreadsheet or a program. */
export function formatReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const periods = [report.figures, ...(report.kind === 'weekly' ? report.previous : [])];
  if (format === 'csv') {
    const table = periods.map(rows);
    const lines = (table[0] ?? []).map((row, i) =>
      [row[0], ...table.map((r) => r[i]?.[1] ?? '')].map(csvCell).join(','),
    );
    const header = ['figure', ...periods.map((_, i) => (i === 0 ? 'this' : `previous_${i}`))];
    const out = [header.join(','), ...lines];
    if (report.kind === 'monthly') {
      out.push(
        '',
        'person,handled,closed_within_48h,due,average_rating,rated,urgent_accepted,urgent_in_time',
      );
      for (const p of report.people) {
        out.push(
          [
            p.personId,
            p.handled,
            p.closedInTime,
            p.due,
            p.averageRating?.toFixed(2) ?? '',
            p.rated,
            p.urgentAccepted,
            p.urgentInTime,
          ]
            .map((v) => csvCell(String(v)))
            .join(','),
        );
      }
    }
    return `${out.join('\n')}\n`;
  }
  const width = Math.max(...rows(report.figures).map(([name]) => name.length));
  const out: string[] = [`${report.kind} report`];
  periods.forEach((f, i) => {
    out.push('', i === 0 ? 'this period' : `${i} period(s) before`);
    for (const [name, value] of rows(f)) out.push(`  ${name.padEnd(width)}  ${value}`);
  });
  if (report.figures.overdue.length > 0) {
    out.push('', 'overdue tickets');
    for (const o of report.figures.overdue) {
      out.push(
        `  #${o.id} due ${iso(o.dueAt)} ${o.closedAt === null ? 'still open' : `closed ${iso(o.closedAt)}: ${o.reason ?? 'other'}`}`,
      );
    }
  }
  if (report.kind === 'monthly') {
    out.push(
      '',
      'per person: handled, closed within 48h / due, average rating (rated), urgent in time / accepted',
    );
    for (const p of report.people) {
      out.push(
        `  ${p.personId}  ${p.handled}  ${p.closedInTime}/${p.due}  ${p.averageRating?.toFixed(2) ?? '-'} (${p.rated})  ${p.urgentInTime}/${p.urgentAccepted}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
