/** Small DOM helpers of the dashboard page: one element with attributes and children. */

/** Makes `<tag>` with `attributes` (strings; `text` sets its text) and `children`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** The element of `selector`; throws when the page lacks it. */
export function $(selector: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(selector);
  if (found === null) throw new Error(`dashboard page has no ${selector}`);
  return found;
}

/** A short text of any value (results, errors) for the page. */
export function brief(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : value instanceof Error ? `${value.name}: ${value.message}` : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
