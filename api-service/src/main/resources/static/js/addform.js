// The add-account form (POST /api/accounts). Secrets go to the server and are wiped from the form once accepted.

import { api } from './api.js';
import { showError } from './alerts.js';

const SECRETS = ['apiKey', 'accessToken', 'refreshToken', 'claudeCode'];

export class AddAccountForm {
  constructor(form, toggle, cancel, { onAdded }) {
    this.form = form;
    this.toggle = toggle;
    this.onAdded = onAdded;
    toggle.addEventListener('click', () => this.show(form.hidden));
    cancel.addEventListener('click', () => this.show(false));
    form.addEventListener('change', (event) => {
      if (event.target.name === 'kind') {
        this.showKind(event.target.value);
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  show(visible) {
    this.form.hidden = !visible;
    this.toggle.setAttribute('aria-expanded', String(visible));
    if (visible) {
      this.form.elements.name.focus();
    } else {
      this.wipe();
      this.toggle.focus();
    }
  }

  showKind(kind) {
    this.form.querySelectorAll('[data-kind]').forEach((label) => {
      label.hidden = label.dataset.kind !== kind;
    });
  }

  body() {
    const f = this.form.elements;
    const body = { name: f.name.value.trim(), provider: f.provider.value.trim(), priority: Number(f.priority.value) };
    if (f.customEndpoint.value.trim()) {
      body.customEndpoint = f.customEndpoint.value.trim();
    }
    if (f.kind.value === 'apiKey') {
      body.apiKey = f.apiKey.value.trim();
    } else if (f.kind.value === 'claudeCode') {
      body.claudeAiOauth = claudeCodeLogin(f.claudeCode.value);
    } else {
      body.accessToken = f.accessToken.value.trim();
      if (f.refreshToken.value.trim()) {
        body.refreshToken = f.refreshToken.value.trim();
      }
      // datetime-local is the browser's local time; the API wants an instant.
      const expires = f.expiresAt.value ? new Date(f.expiresAt.value) : null;
      body.expiresAt = expires && !Number.isNaN(expires.getTime()) ? expires.toISOString() : f.expiresAt.value;
    }
    return body;
  }

  async submit() {
    const submit = this.form.querySelector('[type="submit"]');
    let body;
    try {
      body = this.body();
    } catch (error) {
      showError(`Could not add the account: ${error.message}`);
      return;
    }
    submit.disabled = true;
    try {
      const account = await api('api/accounts', { method: 'POST', body });
      this.show(false);
      this.onAdded(account);
    } catch (error) {
      showError(`Could not add the account: ${error.message}`);
    } finally {
      submit.disabled = false;
    }
  }

  wipe() {
    this.form.reset();
    SECRETS.forEach((name) => {
      this.form.elements[name].value = '';
    });
    this.showKind('apiKey');
  }
}

// Claude Code's credentials file as pasted: the whole file ({"claudeAiOauth": {...}}) or the object inside it. The
// server checks its fields and says what is wrong; here only "is it JSON at all" is answered, without echoing it.
function claudeCodeLogin(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("Claude Code's credentials must be the JSON of ~/.claude/.credentials.json");
  }
  return parsed && typeof parsed === 'object' && 'claudeAiOauth' in parsed ? parsed.claudeAiOauth : parsed;
}
