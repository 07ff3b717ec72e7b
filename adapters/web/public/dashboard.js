// The staff dashboard: the figures come from /api/dashboard with the console's sign-in; the
// charts are drawn by uPlot, served by the bot itself. Everything is put in with textContent.
import { errorText, loadStrings } from './common.js';

const strings = await loadStrings();
const web = strings.web;
const language = document.documentElement.lang;
const status = document.querySelector('#status');
const { token } = JSON.parse(sessionStorage.getItem('loop48.console') ?? '{}');

function cell(row, tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  row.append(node);
  return node;
}

function table(node, headers, rows) {
  const head = node.createTHead().insertRow();
  for (const h of headers) cell(head, 'th', h);
  const body = node.createTBody();
  for (const values of rows) {
    const row = body.insertRow();
    for (const v of values) cell(row, 'td', v);
  }
}

const percent = (rate) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
// Labels come in the viewer's language; dates and times follow the browser's own locale, so an
// en-GB reader sees 10/03/2026, not 3/10/26.
const locale = navigator.language || language;
const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
// A chart's x value is its day's noon UTC: read in UTC, it names that day in any time zone.
const dayTick = new Intl.DateTimeFormat(locale, {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const dayName = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

function chart(node, data, values, label, scale) {
  node.dataset.values = JSON.stringify(values);
  const x = data.days.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
  // uPlot is a global, loaded by its own script tag before this module.
  new window.uPlot(
    {
      width: Math.min(900, node.clientWidth || 900),
      height: 220,
      scales: { x: { time: true }, y: { range: scale } },
      axes: [{ values: (_, ticks) => ticks.map((t) => dayTick.format(t * 1000)) }, {}],
      series: [
        {
          label: web.dashboard_day,
          value: (_, t) => (t === null || t === undefined ? '—' : dayName.format(t * 1000)),
        },
        { label, stroke: '#1f6feb', width: 2, points: { show: true } },
      ],
    },
    [x, values],
    node,
  );
}

function heat(node, missed) {
  const names = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const max = Math.max(1, ...missed.flat());
  const head = node.createTHead().insertRow();
  cell(head, 'th', '');
  for (let h = 0; h < 24; h += 1) cell(head, 'th', String(h));
  const body = node.createTBody();
  // Monday first; 4 January 2026 was a Sunday, so day d of that week names weekday d.
  for (const d of [1, 2, 3, 4, 5, 6, 0]) {
    const row = body.insertRow();
    cell(row, 'th', names.format(Date.UTC(2026, 0, 4 + d)));
    for (let h = 0; h < 24; h += 1) {
      const n = missed[d][h];
      const td = cell(row, 'td', n ? String(n) : '');
      td.dataset.count = String(n);
      td.dataset.weekday = String(d);
      td.dataset.hour = String(h);
      if (n) td.style.backgroundColor = `rgba(207, 34, 46, ${0.15 + (0.85 * n) / max})`;
    }
  }
}

async function show() {
  if (!token) {
    document.querySelector('#signed-out').hidden = false;
    return;
  }
  const response = await fetch('/api/dashboard', { headers: { authorization: `Bearer ${token}` } });
  const data = await response.json();
  if (!response.ok) {
    if (response.status === 401) document.querySelector('#signed-out').hidden = false;
    status.textContent = errorText(strings, data.error);
    return;
  }
  document.querySelector('#charts').hidden = false;
  chart(
    document.querySelector('#closure-chart'),
    data,
    data.days.map((d) => (d.closedInTime === null ? null : Math.round(d.closedInTime * 1000) / 10)),
    web.dashboard_closure,
    [0, 100],
  );
  chart(
    document.querySelector('#satisfaction-chart'),
    data,
    data.days.map((d) => (d.satisfaction === null ? null : Math.round(d.satisfaction * 100) / 100)),
    web.dashboard_satisfaction,
    [1, 5],
  );
  heat(document.querySelector('#missed'), data.missed);
  const deadline = (kind) => {
    const [step, moment] = kind.split('.');
    const text = strings.deadline?.[step]?.[moment] ?? kind;
    return text.replace('{{resolutionHours}}', String(data.resolutionHours));
  };
  table(
    document.querySelector('#open'),
    [web.col_ticket, web.col_state, web.col_urgency, web.col_age_hours, web.col_next],
    data.open.map((t) => [
      `#${t.id}`,
      strings.state?.[t.state] ?? t.state,
      strings.urgency?.[t.urgency] ?? t.urgency,
      String(t.ageHours),
      t.next ? `${deadline(t.next.kind)} · ${when.format(t.next.dueAt)}` : '—',
    ]),
  );
  table(
    document.querySelector('#people'),
    [web.col_person, web.col_handled, web.col_closed_in_time, web.col_rating, web.col_urgent],
    data.people.map((p) => [
      p.name,
      String(p.handled),
      `${p.closedInTime}/${p.due} (${percent(p.due ? p.closedInTime / p.due : null)})`,
      p.averageRating === null ? '—' : p.averageRating.toFixed(2),
      `${p.urgentInTime}/${p.urgentAccepted}`,
    ]),
  );
  document.body.dataset.ready = 'yes';
}

show().catch(() => {
  status.textContent = web.failed;
});
