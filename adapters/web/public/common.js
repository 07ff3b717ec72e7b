// Shared by the chat and the console. Everything a person typed is put into the page with
// textContent, never innerHTML, so it always shows as text.

export async function loadStrings() {
  const locale = navigator.language || 'en';
  const response = await fetch(`/api/i18n?locale=${encodeURIComponent(locale)}`);
  const { language, strings } = await response.json();
  document.documentElement.lang = language === 'yue' ? 'zh-HK' : language;
  for (const node of document.querySelectorAll('[data-text]')) {
    node.textContent = strings.web[node.dataset.text] ?? node.textContent;
  }
  for (const node of document.querySelectorAll('[data-placeholder]')) {
    node.placeholder = strings.web[node.dataset.placeholder] ?? '';
  }
  return strings;
}

export function errorText(strings, code) {
  const key = typeof code === 'string' ? code.replace(/^errors\./, '') : '';
  return strings.errors?.[key] ?? strings.web.failed;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Appends one transcript line; choices become buttons that send their value. Only the newest
 * question's buttons stay active: an old button would answer a question no longer asked.
 */
export function appendLine(list, line, onChoice) {
  if (line.direction === 'out' && Array.isArray(line.choices) && line.choices.length > 0) {
    // Answers to a question go stale when the next question comes; commands (Claim, Confirm) never.
    for (const old of list.querySelectorAll('button.choice:not([data-command])'))
      old.disabled = true;
  }
  const item = element('li', `line ${line.direction}${line.error ? ' error' : ''}`);
  item.dataset.direction = line.direction;
  if (line.ask) item.dataset.ask = line.ask;
  item.append(element('p', 'text', line.text));

  if (Array.isArray(line.fields) && line.fields.length > 0) {
    const fields = element('dl', 'fields');
    for (const field of line.fields) {
      fields.append(element('dt', '', field.label), element('dd', '', field.value));
    }
    item.append(fields);
  }
  if (Array.isArray(line.choices) && line.choices.length > 0 && onChoice) {
    const choices = element('div', 'choices');
    for (const choice of line.choices) {
      const button = element('button', 'choice', choice.label);
      button.type = 'button';
      if (String(choice.value).startsWith('/')) button.dataset.command = 'true';
      button.addEventListener('click', () => onChoice(choice.value, line.ask));
      choices.append(button);
    }
    item.append(choices);
  }
  list.append(item);
  item.scrollIntoView({ block: 'end' });
}

/** Opens the event stream and keeps it open; the browser resumes from the last line it saw. */
export function follow(url, list, status, strings, onChoice) {
  const source = new EventSource(url);
  source.onopen = () => {
    status.textContent = '';
  };
  source.onerror = () => {
    status.textContent = strings.web.offline;
  };
  source.onmessage = (event) => appendLine(list, JSON.parse(event.data), onChoice);
  return source;
}

export async function postJson(url, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error('request failed'), { code: data.error });
  return data;
}
