// Sign-in with an API token (pasted once; the browser then keeps only an HttpOnly session cookie), who is signed
// in, and sign-out. The role decides what the page lets a person change; the server enforces it either way.

import { api, ApiError } from './api.js';

export class Session {
  constructor(form, who, signOut, { onSignedIn, onSignedOut }) {
    this.form = form;
    this.who = who;
    this.signOutButton = signOut;
    this.onSignedIn = onSignedIn;
    this.onSignedOut = onSignedOut;
    this.me = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.signIn();
    });
    signOut.addEventListener('click', () => this.signOut());
    window.addEventListener('autorefresh:signed-out', () => this.signedOut());
  }

  /** Asks the server who this page is talking as; shows the sign-in form when nobody. */
  async check() {
    try {
      this.signedIn(await api('api/me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.signedOut();
      } else {
        throw error;
      }
    }
  }

  async signIn() {
    const input = this.form.elements.token;
    const message = this.form.querySelector('.field-error');
    message.textContent = '';
    const token = input.value.trim();
    if (!token) {
      message.textContent = 'Paste an API token.';
      input.focus();
      return;
    }
    try {
      const me = await api('api/session', { method: 'POST', body: { token } });
      input.value = '';
      this.signedIn(me);
    } catch (error) {
      message.textContent = `Not signed in: ${error.message}`;
      input.select();
    }
  }

  async signOut() {
    try {
      await api('api/session', { method: 'DELETE' });
    } finally {
      this.signedOut();
    }
  }

  get readOnly() {
    return this.me !== null && this.me.role !== 'admin';
  }

  signedIn(me) {
    this.me = me;
    this.form.hidden = true;
    this.who.hidden = false;
    this.who.querySelector('[data-name]').textContent = me.name;
    this.who.querySelector('[data-role]').textContent = me.role;
    // Single-user mode has no session to end.
    this.signOutButton.hidden = me.singleUser && me.name === 'single-user';
    this.onSignedIn(me);
  }

  signedOut() {
    const wasSignedIn = this.me !== null || this.form.hidden;
    this.me = null;
    this.who.hidden = true;
    this.form.hidden = false;
    this.onSignedOut();
    if (wasSignedIn) {
      this.form.elements.token.focus();
    }
  }
}
