/**
 * HTML that is safe to put in the console page: built only by {@link html}, which escapes every
 * value it is given, or by {@link SafeHtml.trusted} for the page's own fixed markup. Everything the
 * bot sends (text, ids, URLs) reaches the page through here, so a message cannot inject markup.
 */
export class SafeHtml {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  /** Only for markup written in this codebase, never for anything the bot or a person sent. */
  static trusted(markup: string): SafeHtml {
    return new SafeHtml(markup);
  }

  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character] ?? character);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template literal that escapes what it interpolates, except nested {@link SafeHtml}. `false`,
 * `null` and `undefined` render as nothing, so `${condition && html`…`}` works.
 *
 * @example
 * html`<p title="${userText}">${userText}</p>`; // both escaped
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return SafeHtml.trusted(markup);
}

/** Joins fragments. */
export function joinHtml(parts: readonly HtmlValue[], separator: SafeHtml | string = ''): SafeHtml {
  return SafeHtml.trusted(parts.map(render).join(render(separator)));
}

/**
 * A URL that may become an `href`: http(s) and mailto only. Anything else (`javascript:`, `data:`)
 * is refused, whatever the bot sent.
 */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
