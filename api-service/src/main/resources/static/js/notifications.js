// Notification webhooks (admins only): where a message goes when an account needs a person or recovers. A
// webhook's URL is never shown again once saved (the server returns its origin only); its signing secret is shown
// once, right after it is added.

import { api } from './api.js';
import { showError } from './alerts.js';
import { el, time } from './format.js';

export class Notifications {
  constructor(section) {
    this.section = section;
    this.list = section.querySelector('#webhooks');
    this.form = section.querySelector('#add-webhook');
    this.error = section.querySelector('#webhook-error');
    this.secret = section.querySelector('#webhook-secret');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.add();
    });
  }

  /** Shown to admins only: a viewer's requests would be refused anyway. */
  async show(admin) {
    this.section.hidden = !admin;
    if (admin) {
      await this.load();
    }
  }

  async load() {
    let webhooks;
    try {
      webhooks = await api('api/notifications/webhooks');
    } catch (error) {
      this.list.replaceChildren(el('p', { class: 'field-error', role: 'alert' },
        `Could not load the webhooks: ${error.message}`));
      return;
    }
    if (webhooks.length === 0) {
      this.list.replaceChildren(el('p', { class: 'hint' }, 'No webhook: nobody is notified.'));
      return;
    }
    const rows = webhooks.map((webhook) => {
      const result = el('span', { class: 'sub', role: 'status' });
      return el('tr', {},
        el('td', {}, webhook.kind === 'slack' ? 'Slack' : 'JSON'),
        el('td', {}, el('code', {}, webhook.origin)),
        el('td', { class: 'time' }, time(webhook.createdAt)),
        el('td', {},
          button('Send test', () => this.test(webhook, result)),
          ' ',
          button('Delete', () => this.remove(webhook)),
          ' ',
          result));
    });
    this.list.replaceChildren(el('table', { class: 'webhooks' },
      el('caption', { class: 'visually-hidden' }, 'Notification webhooks'),
      el('thead', {}, el('tr', {}, ...['Kind', 'Destination', 'Added', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)));
  }

  async add() {
    const data = new FormData(this.form);
    this.error.textContent = '';
    try {
      const created = await api('api/notifications/webhooks', {
        method: 'POST', body: { url: data.get('url'), kind: data.get('kind') },
      });
      this.form.reset();
      this.secret.replaceChildren(
        'Signing secret (shown once; receivers verify the X-Autorefresh-Signature header with it): ',
        el('code', {}, created.signingSecret));
      this.secret.hidden = false;
      await this.load();
    } catch (error) {
      this.error.textContent = error.message;
    }
  }

  async test(webhook, result) {
    result.textContent = 'Sending…';
    try {
      const answer = await api(`api/notifications/webhooks/${encodeURIComponent(webhook.id)}/test`, { method: 'POST' });
      result.textContent = answer.delivered ? `Delivered (HTTP ${answer.status})` : `Not delivered: ${answer.error}`;
    } catch (error) {
      result.textContent = '';
      showError(`Test notification not sent: ${error.message}`);
    }
  }

  async remove(webhook) {
    try {
      await api(`api/notifications/webhooks/${encodeURIComponent(webhook.id)}`, { method: 'DELETE' });
      this.secret.hidden = true;
      await this.load();
    } catch (error) {
      showError(`Webhook not deleted: ${error.message}`);
    }
  }
}

function button(label, action) {
  const node = el('button', { type: 'button' }, label);
  node.addEventListener('click', action);
  return node;
}
