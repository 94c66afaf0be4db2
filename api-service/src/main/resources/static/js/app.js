// Wires the dashboard together: tabs, polling (every 5 s, paused while the page is hidden) and live countdowns.

import { AccountsTable, renderCountdown } from './accounts.js';
import { AddAccountForm } from './addform.js';
import { api } from './api.js';
import { EndpointDialog } from './endpoint.js';
import { time } from './format.js';
import { HistoryDialog } from './history.js';
import { Notifications } from './notifications.js';
import { Overview } from './overview.js';
import { Session } from './session.js';

const POLL_MS = 5000;
const $ = (id) => document.getElementById(id);

const historyDialog = new HistoryDialog($('history-dialog'));
const endpoint = new EndpointDialog($('endpoint-dialog'));
const accounts = new AccountsTable($('accounts'), $('no-accounts'), {
  onHistory: (account) => historyDialog.open(account),
  onEndpoint: (account, done) => endpoint.open(account, done),
  onChanged: () => schedule(0),
});
const overview = new Overview($('overview-cards'), $('chart'), $('chart-table'), $('chart-hours'));
const addForm = new AddAccountForm($('add-account'), $('add-account-toggle'), $('add-account-cancel'), {
  onAdded: () => schedule(0),
});
const notifications = new Notifications($('notifications'));
const READ_ONLY = 'Needs the admin role: you are signed in with a viewer token';

// ---- sign-in ------------------------------------------------------------------------------------------

let signedIn = false;
const session = new Session($('sign-in'), $('who'), $('sign-out'), {
  onSignedIn: (me) => {
    signedIn = true;
    const readOnly = me.role === 'admin' ? null : READ_ONLY;
    accounts.setReadOnly(readOnly);
    const toggle = $('add-account-toggle');
    toggle.disabled = readOnly !== null;
    toggle.title = readOnly || '';
    $('read-only').hidden = readOnly === null;
    notifications.show(readOnly === null);
    $('dashboard').hidden = false;
    $('tabs').hidden = false;
    select(initial);
  },
  onSignedOut: () => {
    signedIn = false;
    clearTimeout(timer);
    addForm.show(false);
    accounts.clear();
    notifications.show(false);
    $('dashboard').hidden = true;
    $('tabs').hidden = true;
    $('live').textContent = 'Signed out';
  },
});

// ---- tabs (WAI-ARIA tabs: arrow keys move between them) ----------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function select(tab, focus = false) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) {
    tab.focus();
  }
  const name = tab.id.replace('tab-', '');
  if (location.hash !== `#${name}`) {
    window.history.replaceState(null, '', `#${name}`);
  }
  schedule(0);
}

tabs.forEach((tab, index) => {
  tab.addEventListener('click', () => select(tab));
  tab.addEventListener('keydown', (event) => {
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
    }
  });
});
const initial = tabs.find((tab) => `#${tab.id.replace('tab-', '')}` === location.hash) || tabs[0];

// ---- polling -------------------------------------------------------------------------------------------

let timer = null;
let running = false;

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(poll, delay);
}

async function poll() {
  if (!signedIn) {
    return;
  }
  if (running) {
    schedule(200);
    return;
  }
  running = true;
  const live = $('live');
  try {
    const requestedAt = performance.now();
    accounts.update(await api('api/accounts'), requestedAt);
    if (!$('panel-overview').hidden) {
      await overview.refresh();
    }
    live.textContent = `Live · updated ${time(new Date().toISOString())}`;
    live.classList.remove('stale');
  } catch (error) {
    live.textContent = `Not updated: ${error.message}. Retrying every ${POLL_MS / 1000} s`;
    live.classList.add('stale');
  } finally {
    running = false;
    if (!document.hidden && signedIn) {
      schedule(POLL_MS);
    }
  }
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) {
    clearTimeout(timer);
  } else if (signedIn) {
    schedule(0);
  }
});

setInterval(() => {
  const now = Date.now();
  document.querySelectorAll('[data-deadline]').forEach((node) => renderCountdown(node, now));
}, 1000);

session.check().catch((error) => {
  $('live').textContent = `Not loaded: ${error.message}. Reload the page to retry`;
});
