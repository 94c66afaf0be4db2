// One account's refresh history (GET /api/accounts/{id}/refreshes), newest first, a page at a time, and below it
// the account's audit trail (GET /api/accounts/{id}/audit): who changed what, when. No secret is ever in it.

import { api, accountPath } from './api.js';
import { el, millis, time, words } from './format.js';

const PAGE_SIZE = 20;
const AUDIT_LIMIT = 50;

export class HistoryDialog {
  constructor(dialog) {
    this.dialog = dialog;
    this.body = dialog.querySelector('#history-body');
    this.title = dialog.querySelector('#history-title');
    this.pageLabel = dialog.querySelector('#history-page');
    this.audit = dialog.querySelector('#audit-body');
    this.newer = dialog.querySelector('#history-newer');
    this.older = dialog.querySelector('#history-older');
    this.newer.addEventListener('click', () => this.show(this.page - 1));
    this.older.addEventListener('click', () => this.show(this.page + 1));
    dialog.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => dialog.close()));
  }

  open(account) {
    this.account = account;
    this.title.textContent = `Refresh history of ${account.name}`;
    this.body.replaceChildren(el('p', { class: 'hint' }, 'Loading…'));
    this.audit.replaceChildren(el('p', { class: 'hint' }, 'Loading…'));
    this.dialog.showModal();
    this.show(0);
    this.showAudit();
  }

  async showAudit() {
    let entries;
    // How long changes are kept is a footnote: without it the changes still show.
    const retention = api('/api/retention').catch(() => null);
    try {
      entries = await api(`${accountPath(this.account.id, 'audit')}?limit=${AUDIT_LIMIT}`);
    } catch (error) {
      this.audit.replaceChildren(el('p', { class: 'field-error', role: 'alert' },
        `Could not load the changes: ${error.message}`));
      return;
    }
    const kept = await retention;
    const footnote = kept
      ? [el('p', { class: 'hint', id: 'audit-retention' }, `Changes kept for ${days(kept.audit.days)}.`)]
      : [];
    if (entries.length === 0) {
      this.audit.replaceChildren(el('p', { class: 'hint' }, 'No recorded change.'), ...footnote);
      return;
    }
    const rows = entries.map((entry) => el('tr', {},
      el('td', { class: 'time' }, time(entry.at)),
      el('td', {}, words(entry.action)),
      el('td', {}, entry.actor),
      el('td', { class: 'sub' }, describe(entry.changes))));
    this.audit.replaceChildren(el('table', { class: 'audit' },
      el('caption', { class: 'visually-hidden' }, `Changes to ${this.account.name}, newest first`),
      el('thead', {}, el('tr', {}, ...['When', 'Action', 'By', 'What changed'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)), ...footnote);
  }

  async show(page) {
    let history;
    try {
      history = await api(`${accountPath(this.account.id, 'refreshes')}?page=${page}&size=${PAGE_SIZE}`);
    } catch (error) {
      this.body.replaceChildren(el('p', { class: 'field-error', role: 'alert' },
        `Could not load the history: ${error.message}`));
      return;
    }
    this.page = history.page;
    const pages = Math.max(1, Math.ceil(history.total / history.size));
    this.pageLabel.textContent = `Page ${history.page + 1} of ${pages} · ${history.total} refreshes`
      + ` · history kept for ${days(history.retentionDays)}`;
    this.pageLabel.title = `Refreshes recorded before ${time(history.retainedSince)} are deleted`;
    this.newer.disabled = history.page === 0;
    this.older.disabled = history.page + 1 >= pages;
    if (history.items.length === 0) {
      this.body.replaceChildren(el('p', { class: 'hint' }, 'No refresh yet.'));
      return;
    }
    const rows = history.items.map((item) => el('tr', {},
      el('td', { class: 'time' }, time(item.sentAt)),
      el('td', {}, el('span', { class: `badge ${tone(item.outcome)}` }, words(item.outcome))),
      el('td', {}, item.httpStatus ?? '—'),
      el('td', { class: 'time' }, item.previousResetAt ? time(item.previousResetAt) : '—'),
      el('td', { class: 'time' }, item.newResetAt ? time(item.newResetAt) : '—'),
      el('td', {}, item.latencyMs === null || item.latencyMs === undefined ? '—' : millis(item.latencyMs)),
      el('td', {}, tokens(item)),
      el('td', {}, item.workerId || '—'),
      el('td', { class: 'sub error' }, item.error || '')));
    this.body.replaceChildren(el('table', {},
      el('caption', { class: 'visually-hidden' }, `Refreshes of ${this.account.name}, newest first`),
      el('thead', {}, el('tr', {}, ...['Sent', 'Outcome', 'HTTP', 'Window was', 'Window now', 'Latency', 'Tokens',
        'Worker', 'Error'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)));
  }
}

// {"field": {"before": a, "after": b}} or {"credentials": "replaced"} as one line of text.
function describe(changes) {
  return Object.entries(changes).map(([field, change]) => {
    if (change === null || typeof change !== 'object') {
      return `${field} ${change}`;
    }
    return `${field}: ${shown(change.before)} → ${shown(change.after)}`;
  }).join('; ');
}

// What the dummy message cost: "12 in / 10 out"; a usage check sent nothing.
function tokens(item) {
  if (item.windowSource === 'USAGE_CHECK') {
    return 'none (usage check)';
  }
  if (item.inputTokens === null && item.outputTokens === null) {
    return '—';
  }
  return `${item.inputTokens ?? '?'} in / ${item.outputTokens ?? '?'} out`;
}

function shown(value) {
  return value === null || value === undefined ? '—' : String(value);
}

function tone(outcome) {
  return {
    SUCCESS: 'ok', UNCHANGED: 'idle', NOT_ELIGIBLE: 'idle', RATE_LIMITED: 'warn', UNAVAILABLE: 'warn',
    ASSUMED_SENT: 'idle', STALE: 'idle', NO_WINDOW: 'bad',
  }[outcome] || 'bad';
}

function days(count) {
  return count === 1 ? '1 day' : `${count} days`;
}
