// Sets or clears an account's custom endpoint (POST /api/accounts/{id}/custom-endpoint).

import { api, accountPath } from './api.js';

export class EndpointDialog {
  constructor(dialog) {
    this.dialog = dialog;
    this.form = dialog.querySelector('form');
    this.input = this.form.elements.customEndpoint;
    this.error = dialog.querySelector('#endpoint-error');
    this.title = dialog.querySelector('#endpoint-title');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save(this.input.value.trim() || null);
    });
    dialog.querySelector('#endpoint-clear').addEventListener('click', () => this.save(null));
    dialog.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => dialog.close()));
  }

  open(account, done) {
    this.account = account;
    this.done = done;
    this.title.textContent = `Custom endpoint of ${account.name}`;
    this.input.value = account.customEndpoint || '';
    this.error.textContent = '';
    this.dialog.showModal();
    this.input.focus();
  }

  async save(endpoint) {
    this.error.textContent = '';
    try {
      const updated = await api(accountPath(this.account.id, 'custom-endpoint'), {
        method: 'POST', body: { customEndpoint: endpoint },
      });
      this.dialog.close();
      this.done(updated);
    } catch (error) {
      this.error.textContent = error.message;
    }
  }
}
