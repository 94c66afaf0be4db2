// The REST API, as the guide's curl commands use it. Errors carry the server's own words ({"error": ...}).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: { Accept: 'application/json' }, cache: 'no-store' };
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
  if (!response.ok) {
    const message = json && typeof json.error === 'string' ? json.error : `request failed (HTTP ${response.status})`;
    throw new ApiError(message, response.status);
  }
  return json;
}

export const accountPath = (id, action = '') =>
  `api/accounts/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
