import { errorText, follow, loadStrings, postJson } from './common.js';

const strings = await loadStrings();
const list = document.getElementById('transcript');
const status = document.getElementById('status');
const form = document.getElementById('composer');
const input = document.getElementById('text');

let session = localStorage.getItem('loop48.session');
if (!session) {
  status.textContent = strings.web.connecting;
  ({ session } = await postJson('/api/chat/session', {}));
  localStorage.setItem('loop48.session', session);
}

/** The message being sent: sent again unchanged after a failure, it keeps its id. */
let attempt = { text: '', id: '' };

async function send(text, answers) {
  status.textContent = '';
  if (attempt.text !== text || answers) attempt = { text, id: crypto.randomUUID() };
  try {
    const body = {
      session,
      text,
      id: attempt.id,
      locale: navigator.language,
      ...(answers ? { answers } : {}),
    };
    await postJson('/api/chat/messages', body);
    attempt = { text: '', id: '' };
    return true;
  } catch (error) {
    status.textContent = errorText(strings, error.code);
    return false;
  }
}

follow(`/api/chat/stream?session=${encodeURIComponent(session)}`, list, status, strings, send);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value;
  // The text stays in the box until the bot has it, so a failed send loses nothing.
  if (await send(text)) input.value = '';
  input.focus();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
