// Times for people: local clock time, and how far away it is.

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dated = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const hourOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });

export function time(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString() ? clock.format(date) : dated.format(date);
}

export function axisLabel(date, bucketSeconds) {
  return bucketSeconds >= 3600 * 6 ? dayOnly.format(date) : hourOnly.format(date);
}

/** "in 4h 59m 58s", "12s ago", "now". */
export function relative(iso, now = Date.now()) {
  if (!iso) {
    return '';
  }
  const delta = Math.round((Date.parse(iso) - now) / 1000);
  if (delta === 0) {
    return 'now';
  }
  const span = spanOf(Math.abs(delta));
  return delta > 0 ? `in ${span}` : `${span} ago`;
}

function spanOf(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) {
    return `${d}d ${h}h`;
  }
  if (h > 0) {
    return `${h}h ${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s`;
  }
  if (m > 0) {
    return `${m}m ${String(s).padStart(2, '0')}s`;
  }
  return `${s}s`;
}

export function millis(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  if (ms < 1000) {
    return `${ms} ms`;
  }
  if (ms < 60000) {
    return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  }
  return spanOf(Math.round(ms / 1000));
}

/** Upper-case outcome codes read better as words: RATE_LIMITED -> "rate limited". */
export function words(code) {
  return code ? code.toLowerCase().replaceAll('_', ' ') : '';
}

/** Small DOM helper: el('span', {class: 'badge'}, 'text', child...). Text is always text, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}
