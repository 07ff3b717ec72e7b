import { errorText, follow, loadStrings, postJson } from './common.js';

const strings = await loadStrings();
const list = document.getElementById('transcript');
const status = document.getElementById('status');
const login = document.getElementById('login');
const composer = document.getElementById('composer');
const input = document.getElementById('text');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
let stream;

function signedIn(token, name) {
  list.replaceChildren();
  login.hidden = true;
  composer.hidden = false;
  list.hidden = false;
  signOut.hidden = false;
  who.textContent = strings.web.signed_in_as.replace('{{name}}', name);
  stream = follow(
    `/api/console/stream?token=${encodeURIComponent(token)}`,
    list,
    status,
    strings,
    (command) => send(command),
  );
  input.focus();
}

const saved = JSON.parse(sessionStorage.getItem('loop48.console') ?? 'null');
if (saved) signedIn(saved.token, saved.name);

login.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const staffId = document.getElementById('staff-id').value;
    const key = document.getElementById('key').value;
    const { token, name } = await postJson('/api/console/login', { staffId, key });
    sessionStorage.setItem('loop48.console', JSON.stringify({ token, name }));
    status.textContent = '';
    signedIn(token, name);
  } catch (error) {
    status.textContent = errorText(strings, error.code);
  }
});

/** Sends a command (typed, or from a button such as Claim or Confirm); true once accepted. */
async function send(text) {
  const { token } = JSON.parse(sessionStorage.getItem('loop48.console') ?? '{}');
  try {
    await postJson('/api/console/commands', { text }, token);
    status.textContent = '';
    return true;
  } catch (error) {
    // The typed command stays in the box; after a new sign-in it can be sent again.
    status.textContent = errorText(strings, error.code);
    if (error.code === 'errors.signed_out') showLogin();
    return false;
  }
}

composer.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value;
  if (!(await send(text))) return;
  input.value = '';
  const exported = /^\s*[/／]customer\s+export\s+(\S+)/iu.exec(text);
  if (exported) await download(exported[1]);
});

/** Saves a customer's export as a file; the answer to the command says what it covers. */
async function download(subject) {
  const { token } = JSON.parse(sessionStorage.getItem('loop48.console') ?? '{}');
  const response = await fetch(
    `/api/console/customer-export?subject=${encodeURIComponent(subject)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!response.ok) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `customer-${subject.replace(/[^\w.-]/g, '_')}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

function showLogin() {
  sessionStorage.removeItem('loop48.console');
  stream?.close();
  login.hidden = false;
  signOut.hidden = true;
  who.textContent = '';
}

signOut.addEventListener('click', async () => {
  const { token } = JSON.parse(sessionStorage.getItem('loop48.console') ?? '{}');
  sessionStorage.removeItem('loop48.console');
  stream?.close();
  await postJson('/api/console/logout', {}, token).catch(() => undefined);
  location.reload();
});
