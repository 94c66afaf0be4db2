// The Accounts tab: one row per account, updated in place on every poll so focus and switch state survive.

import { api, accountPath } from './api.js';
import { showError } from './alerts.js';
import { el, relative, time, words } from './format.js';

const SWITCHES = [
  { field: 'autoRefreshEnabled', action: 'auto-refresh', label: 'Auto-refresh' },
  { field: 'autoFallbackEnabled', action: 'auto-fallback', label: 'Auto-fallback' },
];

const OUTCOME_TONE = {
  SUCCESS: 'ok', UNCHANGED: 'idle', NOT_ELIGIBLE: 'idle', RATE_LIMITED: 'warn', UNAVAILABLE: 'warn',
  ASSUMED_SENT: 'idle', NO_WINDOW: 'bad',
};

export class AccountsTable {
  constructor(table, empty, { onHistory, onEndpoint, onChanged }) {
    this.body = table.tBodies[0];
    this.empty = empty;
    this.onHistory = onHistory;
    this.onEndpoint = onEndpoint;
    this.onChanged = onChanged;
    this.rows = new Map();
    // "id:action" while a change is on its way: a poll must not flip that control back meanwhile.
    this.pending = new Set();
    // Why changes are not allowed (a viewer's session), or null.
    this.readOnly = null;
  }

  /** Disables every control that changes an account, with the reason as its tooltip; null enables them. */
  setReadOnly(reason) {
    this.readOnly = reason;
    for (const entry of this.rows.values()) {
      this.applyRole(entry);
    }
  }

  applyRole(entry) {
    const controls = [...Object.values(entry.switches).map((control) => control.button), entry.pause, entry.endpoint];
    for (const control of controls) {
      control.disabled = this.readOnly !== null;
      if (this.readOnly) {
        control.title = this.readOnly;
      } else {
        control.removeAttribute('title');
      }
    }
  }

  /** Signed out: nothing of the previous session's data stays on the page. */
  clear() {
    this.rows.forEach((entry) => entry.row.remove());
    this.rows.clear();
  }

  /**
   * Shows the accounts in the server's order (priority, then name).
   * @param requestedAt when the list was requested: a row changed by a person since then keeps its newer state
   */
  update(accounts, requestedAt = 0) {
    const focused = document.activeElement;
    const seen = new Set();
    let previous = null;
    for (const account of accounts) {
      seen.add(account.id);
      let entry = this.rows.get(account.id);
      if (!entry) {
        entry = this.createRow(account);
        this.rows.set(account.id, entry);
      }
      if (entry.changedAt <= requestedAt) {
        this.fill(entry, account);
      }
      const wanted = previous ? previous.nextSibling : this.body.firstChild;
      if (wanted !== entry.row) {
        this.body.insertBefore(entry.row, wanted);
      }
      previous = entry.row;
    }
    for (const [id, entry] of this.rows) {
      if (!seen.has(id)) {
        entry.row.remove();
        this.rows.delete(id);
      }
    }
    // Moving a row takes focus from the control inside it; give it back.
    if (focused && focused !== document.activeElement && focused.isConnected) {
      focused.focus({ preventScroll: true });
    }
    this.empty.hidden = accounts.length > 0;
  }

  createRow(account) {
    const entry = { account, changedAt: 0, switches: {} };
    entry.name = el('div', { class: 'acct-name' });
    entry.meta = el('div', { class: 'meta' });
    entry.flags = el('div');
    entry.status = el('div');
    entry.statusSub = el('div', { class: 'sub' });
    entry.reset = el('div', { class: 'time' });
    entry.resetIn = el('div', { class: 'sub countdown' });
    entry.next = el('div', { class: 'time' });
    entry.nextIn = el('div', { class: 'sub countdown' });
    entry.last = el('div', { class: 'time' });
    entry.lastOutcome = el('div');
    entry.lastError = el('div', { class: 'sub error' });

    const switchCells = SWITCHES.map((spec) => {
      const button = el('button', { type: 'button', role: 'switch', 'aria-checked': 'false' });
      const state = el('span', { class: 'switch-state', 'aria-hidden': 'true' });
      button.addEventListener('click', () => this.toggle(entry, spec));
      entry.switches[spec.action] = { button, state };
      return el('td', {}, button, state);
    });

    entry.pause = el('button', { type: 'button' });
    entry.pause.addEventListener('click', () => this.pauseOrResume(entry));
    entry.history = el('button', { type: 'button' }, 'History');
    entry.history.addEventListener('click', () => this.onHistory(entry.account));
    entry.endpoint = el('button', { type: 'button' }, 'Endpoint');
    entry.endpoint.addEventListener('click', () => this.onEndpoint(entry.account, (updated) => this.applied(entry, updated)));

    entry.row = el('tr', { 'data-account-id': account.id },
      el('th', { scope: 'row' }, entry.name, entry.meta, entry.flags),
      el('td', {}, entry.status, entry.statusSub),
      el('td', {}, entry.reset, entry.resetIn),
      el('td', {}, entry.next, entry.nextIn),
      el('td', {}, entry.last, entry.lastOutcome, entry.lastError),
      ...switchCells,
      el('td', { class: 'actions' }, entry.pause, entry.history, entry.endpoint));
    this.applyRole(entry);
    return entry;
  }

  fill(entry, account) {
    entry.account = account;
    const name = account.name;
    entry.name.textContent = name;
    const auth = account.authType === 'oauth' ? 'OAuth' : 'API key';
    const via = account.customEndpoint ? ` · via ${host(account.customEndpoint)}` : '';
    entry.meta.textContent = `${account.provider} · priority ${account.priority} · ${auth}${via}`;

    const flags = [];
    if (account.tokenStatus === 'rotation_interrupted') {
      // The rotated refresh token was lost (a crash or a failed write): only a re-login helps.
      flags.push(badge('bad', '⚠ Token rotation interrupted: re-login needed'));
    } else if (account.requiresReauth) {
      flags.push(badge('bad', '⚠ Re-authentication required'));
    } else if (account.tokenStatus === 'expired') {
      flags.push(badge('warn', '⚠ Token expired'));
    }
    if (account.noWindowReason) {
      // No more messages until its credentials or endpoint change or auto-refresh is enabled again.
      const noWindow = badge('bad', '⚠ No usage window');
      noWindow.title = account.noWindowReason;
      flags.push(noWindow, el('span', { class: 'no-window-reason' }, account.noWindowReason));
    }
    entry.flags.replaceChildren(...flags);
    entry.row.classList.toggle('needs-attention',
      account.requiresReauth || account.pauseReason === 'failure_threshold' || Boolean(account.noWindowReason));

    const status = [rateLimitBadge(account.rateLimitStatus)];
    if (account.paused) {
      status.push(account.pauseReason === 'failure_threshold'
        ? badge('bad', 'Paused after failures')
        : badge('warn', 'Paused'));
    }
    entry.status.replaceChildren(...status);
    const notes = [];
    if (account.rateLimitRemaining !== null && account.rateLimitRemaining !== undefined) {
      notes.push(`${account.rateLimitRemaining} remaining`);
    }
    if (account.consecutiveFailures > 0) {
      notes.push(`${account.consecutiveFailures} failure${account.consecutiveFailures === 1 ? '' : 's'} in a row`);
    }
    entry.statusSub.replaceChildren(...notes.map((note) => el('div', { class: 'nowrap' }, note)));

    entry.reset.textContent = account.rateLimitReset ? time(account.rateLimitReset) : 'not seen yet';
    countdown(entry.resetIn, account.rateLimitReset, 'reset');

    const blocked = nextRefreshBlocked(account);
    if (blocked) {
      entry.next.textContent = '—';
      countdown(entry.nextIn, null);
      entry.nextIn.textContent = blocked;
    } else {
      entry.next.textContent = time(account.nextRefreshAt);
      countdown(entry.nextIn, account.nextRefreshAt, 'due');
    }

    const last = account.lastRefresh;
    if (last) {
      entry.last.textContent = time(last.at);
      const outcome = last.outcome || 'SUCCESS';
      entry.lastOutcome.replaceChildren(badge(OUTCOME_TONE[outcome] || 'bad', words(outcome)));
      entry.lastError.textContent = last.error || '';
      entry.lastError.title = last.error || '';
    } else {
      entry.last.textContent = 'never';
      entry.lastOutcome.replaceChildren();
      entry.lastError.textContent = '';
      entry.lastError.title = '';
    }

    for (const spec of SWITCHES) {
      const { button, state } = entry.switches[spec.action];
      button.setAttribute('aria-label', `${spec.label} for ${name}`);
      if (!this.pending.has(`${account.id}:${spec.action}`)) {
        setSwitch(button, state, account[spec.field]);
      }
    }
    const paused = account.paused;
    entry.pause.textContent = paused ? 'Resume' : 'Pause';
    entry.pause.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} ${name}`);
    entry.history.setAttribute('aria-label', `Refresh history of ${name}`);
    entry.endpoint.setAttribute('aria-label', `Custom endpoint of ${name}`);
  }

  /** The switch moves at once; the server's answer then either confirms it or puts it back with the reason. */
  async toggle(entry, spec) {
    const id = entry.account.id;
    const key = `${id}:${spec.action}`;
    if (this.pending.has(key) || this.readOnly) {
      return;
    }
    const { button, state } = entry.switches[spec.action];
    const before = button.getAttribute('aria-checked') === 'true';
    const wanted = !before;
    this.pending.add(key);
    setSwitch(button, state, wanted);
    button.setAttribute('aria-busy', 'true');
    try {
      const updated = await api(accountPath(id, spec.action), { method: 'POST', body: { enabled: wanted ? 1 : 0 } });
      this.pending.delete(key);
      this.applied(entry, updated);
    } catch (error) {
      this.pending.delete(key);
      setSwitch(button, state, before);
      showError(`Could not turn ${spec.label.toLowerCase()} ${wanted ? 'on' : 'off'} for ${entry.account.name}: `
        + `${error.message}`);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  async pauseOrResume(entry) {
    const button = entry.pause;
    if (button.getAttribute('aria-disabled') === 'true') {
      return;
    }
    const action = entry.account.paused ? 'resume' : 'pause';
    button.setAttribute('aria-disabled', 'true');
    try {
      this.applied(entry, await api(accountPath(entry.account.id, action), { method: 'POST' }));
    } catch (error) {
      showError(`Could not ${action} ${entry.account.name}: ${error.message}`);
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  /** A change the server accepted: show its answer, and keep older polls from undoing it. */
  applied(entry, account) {
    entry.changedAt = performance.now();
    this.fill(entry, account);
    this.onChanged?.();
  }
}

function setSwitch(button, state, on) {
  button.setAttribute('aria-checked', on ? 'true' : 'false');
  state.textContent = on ? 'On' : 'Off';
}

function badge(tone, text) {
  return el('span', { class: `badge ${tone}` }, text);
}

function rateLimitBadge(status) {
  if (!status) {
    return badge('idle', 'unknown');
  }
  const tone = status === 'allowed' ? 'ok' : status.startsWith('allowed') ? 'warn' : 'bad';
  return badge(tone, words(status));
}

function nextRefreshBlocked(account) {
  if (account.provider !== 'anthropic') {
    return 'not an Anthropic account';
  }
  if (!account.autoRefreshEnabled) {
    return 'auto-refresh off';
  }
  if (account.tokenStatus === 'rotation_interrupted') {
    return 'token rotation interrupted: re-login needed';
  }
  if (account.requiresReauth) {
    return 'blocked until re-authenticated';
  }
  if (account.paused && account.pauseReason !== 'failure_threshold') {
    return 'paused';
  }
  return null;
}

/** A live countdown: app.js re-renders every [data-deadline] each second. */
function countdown(node, iso, pastWord) {
  if (!iso) {
    delete node.dataset.deadline;
    delete node.dataset.past;
    node.textContent = '';
    return;
  }
  node.dataset.deadline = iso;
  node.dataset.past = pastWord;
  renderCountdown(node);
}

export function renderCountdown(node, now = Date.now()) {
  const deadline = Date.parse(node.dataset.deadline);
  if (deadline > now) {
    node.textContent = relative(node.dataset.deadline, now);
  } else {
    node.textContent = node.dataset.past === 'due' ? `due ${relative(node.dataset.deadline, now)}`
      : `${node.dataset.past} ${relative(node.dataset.deadline, now)}`;
  }
}

function host(url) {
  try {
    return new URL(url).host;
  } catch {
    return 'custom endpoint';
  }
}
