// The REST API, as the guide's curl commands use it. Errors carry the server's own words ({"error": ...}).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

// The server's CSRF token, from the cookie it sets for this page (readable by the page, unlike the session
// cookie); sent back as a header on every change, which a page of another site cannot do.
function csrfToken() {
  const cookie = document.cookie.split('; ').find((part) => part.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : null;
}

export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' };
  if (!SAFE.has(method)) {
    const csrf = csrfToken();
    if (csrf) {
      init.headers['X-XSRF-TOKEN'] = csrf;
    }
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    // Relative paths, so the dashboard also works behind a proxy that mounts it under a prefix.
    response = await fetch(path, init);
  } catch {
    throw new ApiError('the server cannot be reached', 0);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (response.status === 401 && path !== 'api/session') {
    // Signed out (expired, revoked, or never signed in): app.js shows the sign-in form.
    window.dispatchEvent(new CustomEvent('autorefresh:signed-out'));
  }
  if (!response.ok) {
    const message = json && typeof json.error === 'string' ? json.error : `request failed (HTTP ${response.status})`;
    throw new ApiError(message, response.status);
  }
  return json;
}

export const accountPath = (id, action = '') =>
  `api/accounts/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
