import { emojiFromShortcodes } from './emoji-shortcodes';
import { escapeHtml, html, SafeHtml, safeHref } from './html';
import { formatSlackDate } from './slack-date';

/** What rendering mrkdwn needs to know about the workspace and the reader. */
export interface MrkdwnContext {
  userName(userId: string): string | undefined;
  channelName(channelId: string): string | undefined;
  userGroupHandle(groupId: string): string | undefined;
  /** The reader's time zone, for `<!date^…>`. */
  timeZone: string;
  /** Milliseconds since the epoch, for `{ago}` and "today". */
  now: number;
  /** A link to a message in this workspace, which the console opens in place. */
  messageLink(url: string): { channelId: string; ts: string } | undefined;
}

// Private-use characters stand in for pieces already rendered while the rest is parsed; the
// input's own private-use characters are replaced first, so they cannot forge one.
const PRIVATE_USE = /[\uE000-\uF8FF]/g;
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDER = /[\uE000-\uEFFF]/g;
const TAGS = {
  '\uF001': '<strong>',
  '\uF002': '</strong>',
  '\uF003': '<em>',
  '\uF004': '</em>',
  '\uF005': '<del>',
  '\uF006': '</del>',
} as const;
const TAG = /[\uF001-\uF006]/g;

/** `*bold*`, `_italic_`, `~strike~`: markers that touch a word inside, never letters outside. */
const EMPHASIS: readonly [RegExp, string, string][] = [
  [/(?<![\p{L}\p{N}*])\*(?![\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])/gu, '\uF001', '\uF002'],
  [/(?<![\p{L}\p{N}_])_(?![\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu, '\uF003', '\uF004'],
  [/(?<![\p{L}\p{N}~])~(?![\s~])([^~\n]*?[^\s~])~(?![\p{L}\p{N}~])/gu, '\uF005', '\uF006'],
];

/** Slack escapes these three in message text; everything else arrives as itself. */
export function decodeSlackEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/**
 * Renders Slack mrkdwn as the Slack client shows it: bold, italics, strike, inline code, code
 * blocks, block quotes, links, mentions of people, channels and groups, localised dates, and
 * emoji shortcodes (`:white_check_mark:`) as emoji.
 * Everything else is text, escaped.
 *
 * @example
 * renderMrkdwn('*Port* 5060 → <@U0APPROVER>', context); // '<strong>Port</strong> 5060 → <span class="mention">@bob</span>'
 */
export function renderMrkdwn(text: string, context: MrkdwnContext): SafeHtml {
  const clean = text.replace(PRIVATE_USE, '\uFFFD');
  const parts: string[] = [];
  let last = 0;
  for (const match of clean.matchAll(/```([\s\S]*?)```/g)) {
    parts.push(renderLines(clean.slice(last, match.index), context));
    const code = (match[1] ?? '').replace(/^\n/, '');
    parts.push(`<pre class="mrkdwn-pre">${escapeHtml(decodeSlackEntities(code))}</pre>`);
    last = match.index + match[0].length;
  }
  parts.push(renderLines(clean.slice(last), context));
  return SafeHtml.trusted(parts.join(''));
}

/**
 * Plain text as Slack shows `plain_text` objects: no markup, only line breaks, and emoji
 * shortcodes drawn as emoji unless the object says `emoji: false`.
 */
export function renderPlainText(text: string, emoji = true): SafeHtml {
  const shown = emoji ? emojiFromShortcodes(text) : text;
  return SafeHtml.trusted(escapeHtml(shown).replaceAll('\n', '<br>'));
}

function renderLines(segment: string, context: MrkdwnContext): string {
  if (segment === '') return '';
  const out: string[] = [];
  let quote: string[] = [];
  let plain: string[] = [];
  const flushPlain = () => {
    if (plain.length > 0) out.push(plain.map((line) => renderInline(line, context)).join('<br>'));
    plain = [];
  };
  const flushQuote = () => {
    if (quote.length > 0) {
      out.push(`<blockquote>${quote.map((line) => renderInline(line, context)).join('<br>')}</blockquote>`);
    }
    quote = [];
  };
  for (const line of segment.split('\n')) {
    const quoted = /^(?:>|&gt;) ?(.*)$/.exec(line);
    if (quoted) {
      flushPlain();
      quote.push(quoted[1] ?? '');
    } else {
      flushQuote();
      plain.push(line);
    }
  }
  flushPlain();
  flushQuote();
  return out.join('');
}

function renderInline(line: string, context: MrkdwnContext): string {
  const rendered: string[] = [];
  const hold = (markup: string) => {
    rendered.push(markup);
    return String.fromCharCode(PLACEHOLDER_BASE + rendered.length - 1);
  };
  let text = line
    .replace(/`([^`\n]+)`/g, (_match, code: string) => hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`))
    .replace(/<([^<>\n]+)>/g, (_match, inner: string) => hold(renderAngleToken(inner, context).toString()));
  text = emojiFromShortcodes(decodeSlackEntities(text));
  for (const [pattern, open, close] of EMPHASIS) {
    text = text.replace(pattern, (_match, inner: string) => `${open}${inner}${close}`);
  }
  return escapeHtml(text)
    .replace(TAG, (tag) => TAGS[tag as keyof typeof TAGS])
    .replace(PLACEHOLDER, (placeholder) => rendered[placeholder.charCodeAt(0) - PLACEHOLDER_BASE] ?? '');
}

/** `<@U…>`, `<#C…>`, `<!subteam^S…>`, `<!here>`, `<!date^…>`, `<url|label>`. */
function renderAngleToken(inner: string, context: MrkdwnContext): SafeHtml {
  const [target = '', ...labelParts] = inner.split('|');
  const label = labelParts.length > 0 ? decodeSlackEntities(labelParts.join('|')) : undefined;

  const user = /^@([UW][A-Z0-9]+)$/.exec(target);
  if (user?.[1]) {
    const name = context.userName(user[1]) ?? label ?? user[1];
    return html`<span class="mention" data-user-id="${user[1]}">@${name}</span>`;
  }
  const channel = /^#([CGD][A-Z0-9]+)$/.exec(target);
  if (channel?.[1]) {
    const name = context.channelName(channel[1]) ?? label ?? channel[1];
    return html`<a class="mention channel-link" href="#" data-goto-channel="${channel[1]}">#${name}</a>`;
  }
  const group = /^!subteam\^(S[A-Z0-9]+)$/.exec(target);
  if (group?.[1]) {
    const handle = context.userGroupHandle(group[1]) ?? label?.replace(/^@/, '') ?? group[1];
    return html`<span class="mention">@${handle}</span>`;
  }
  const special = /^!(here|channel|everyone)$/.exec(target);
  if (special?.[1]) return html`<span class="mention">@${special[1]}</span>`;
  const date = /^!date\^(-?\d+)\^([^^]*)(?:\^(.*))?$/.exec(target);
  if (date) {
    const epochSeconds = Number(date[1]);
    const shown = formatSlackDate(epochSeconds, date[2] ?? '', context.timeZone, context.now);
    return html`<time datetime="${new Date(epochSeconds * 1000).toISOString()}" title="${label ?? ''}">${shown}</time>`;
  }
  if (target.startsWith('!')) return html`${label ?? `<${inner}>`}`;

  const url = decodeSlackEntities(target);
  const shown = label ?? url;
  const inside = context.messageLink(url);
  if (inside) {
    return html`<a href="#" class="message-link" data-goto-channel="${inside.channelId}" data-goto-ts="${inside.ts}">${shown}</a>`;
  }
  const href = safeHref(url);
  if (href === undefined) return html`${label ?? `<${inner}>`}`;
  return html`<a href="${href}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}
