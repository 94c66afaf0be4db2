// The one place errors are shown: a role="alert" region, so screen readers announce them.

const MAX = 3;

export function showError(message) {
  const region = document.getElementById('alerts');
  const item = document.createElement('div');
  item.className = 'alert';
  const text = document.createElement('p');
  text.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss error');
  close.textContent = '×';
  close.addEventListener('click', () => item.remove());
  item.append(text, close);
  region.prepend(item);
  while (region.children.length > MAX) {
    region.lastElementChild.remove();
  }
}

export function clearErrors() {
  document.getElementById('alerts').replaceChildren();
}
