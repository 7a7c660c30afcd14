import { describe, expect, it } from 'vitest';
import { type MrkdwnContext, renderMrkdwn } from '../../src/console/mrkdwn';
import { formatSlackDate } from '../../src/console/slack-date';

const NOW = Date.parse('2026-04-07T12:00:00Z');

const context: MrkdwnContext = {
  userName: (id) => ({ U0REQUESTER: 'alice', U0APPROVER: 'bob' })[id],
  channelName: (id) => ({ C0APPROVALS: 'voice-approvals' })[id],
  userGroupHandle: (id) => (id === 'S0APPROVERS' ? 'voice-approvers' : undefined),
  timeZone: 'Europe/London',
  now: NOW,
  messageLink: (url) =>
    url.includes('/archives/C0APPROVALS/p') ? { channelId: 'C0APPROVALS', ts: '1.000001' } : undefined,
};

function render(text: string): string {
  return renderMrkdwn(text, context).toString();
}

describe('renderMrkdwn', () => {
  it.each([
    [
      'renders bold, italics, strike-through and inline code',
      '*Port* _was_ ~5060~ now `5070`',
      '<strong>Port</strong> <em>was</em> <del>5060</del> now <code>5070</code>',
    ],
    [
      'leaves snake_case names and lone asterisks alone',
      'route_host_port and 2 * 3 * 4',
      'route_host_port and 2 * 3 * 4',
    ],
    [
      'keeps code spans literal, markers and mentions included',
      '`*not bold* <@U0APPROVER>`',
      '<code>*not bold* &lt;@U0APPROVER&gt;</code>',
    ],
    [
      'shows markup in text as text, whether Slack escaped it or not',
      '&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)> "quoted" & \'single\'',
      '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;',
    ],
    [
      'escapes a link label and URL that try to break out of the attribute',
      '<https://example.com/"onmouseover="alert(1)|x" onclick="y>',
      '<a href="https://example.com/%22onmouseover=%22alert(1)" target="_blank" rel="noopener noreferrer">x&quot; onclick=&quot;y</a>',
    ],
    [
      'cannot be tricked by private-use characters into inserting held markup',
      '\uE000\uF001 text',
      '\uFFFD\uFFFD text',
    ],
    [
      'draws emoji shortcodes as emoji',
      ':white_check_mark: *Applied* :large_green_circle: :+1::skin-tone-3:',
      '✅ <strong>Applied</strong> 🟢 👍',
    ],
    [
      'leaves shortcodes in code, unknown ones and clock times as typed',
      '`:x:` :not_an_emoji: at 12:30:45',
      '<code>:x:</code> :not_an_emoji: at 12:30:45',
    ],
    [
      'renders code blocks',
      '```\nline 1\n<b>line 2</b>\n```',
      '<pre class="mrkdwn-pre">line 1\n&lt;b&gt;line 2&lt;/b&gt;\n</pre>',
    ],
    [
      'renders block quotes',
      '*Justification*\n>Carrier migration\n&gt; second line',
      '<strong>Justification</strong><blockquote>Carrier migration<br>second line</blockquote>',
    ],
  ])('%s', (_case, text, html) => {
    expect(render(text)).toBe(html);
  });

  it('shows people, channels and user groups by name', () => {
    const html = render('<@U0REQUESTER> asks in <#C0APPROVALS> for <!subteam^S0APPROVERS> and <!here>');
    expect(html).toContain('>@alice</span>');
    expect(html).toContain('data-goto-channel="C0APPROVALS">#voice-approvals</a>');
    expect(html).toContain('>@voice-approvers</span>');
    expect(html).toContain('>@here</span>');
  });

  it('shows the ID of someone it does not know rather than nothing', () => {
    expect(render('<@U0NOBODY>')).toContain('>@U0NOBODY</span>');
  });

  it('turns http links into links that open elsewhere, and workspace permalinks into in-page jumps', () => {
    expect(render('<https://docs.aws.amazon.com/chime|AWS docs>')).toBe(
      '<a href="https://docs.aws.amazon.com/chime" target="_blank" rel="noopener noreferrer">AWS docs</a>',
    );
    expect(render('<https://sandbox.slack.com/archives/C0APPROVALS/p1000000000000001|the request>')).toContain(
      'data-goto-channel="C0APPROVALS" data-goto-ts="1.000001">the request</a>',
    );
  });

  it('never makes a javascript: or data: URL clickable', () => {
    const html = render('<javascript:alert(1)|click me> <data:text/html,hi|or me>');
    expect(html).not.toContain('href');
    expect(html).toContain('click me');
    expect(html).toContain('or me');
  });

  it("shows dates in the reader's time zone, with the fallback as a tooltip", () => {
    const html = render('<!date^1775554200^{date_short_pretty} {time}|2026-04-07 09:30 UTC>');
    expect(html).toContain('today 10:30 AM');
    expect(html).toContain('title="2026-04-07 09:30 UTC"');
  });
});

describe('formatSlackDate', () => {
  const tuesday = Date.parse('2026-04-07T09:30:05Z') / 1000;

  it('knows every token Slack documents', () => {
    expect(formatSlackDate(tuesday, '{date_num}', 'UTC', NOW)).toBe('2026-04-07');
    expect(formatSlackDate(tuesday, '{date}', 'UTC', NOW)).toBe('April 7th, 2026');
    expect(formatSlackDate(tuesday, '{date_short}', 'UTC', NOW)).toBe('Apr 7, 2026');
    expect(formatSlackDate(tuesday, '{date_long}', 'UTC', NOW)).toBe('Tuesday, April 7th, 2026');
    expect(formatSlackDate(tuesday, '{date_pretty}', 'UTC', NOW)).toBe('today');
    expect(formatSlackDate(tuesday, '{time}', 'UTC', NOW)).toBe('9:30 AM');
    expect(formatSlackDate(tuesday, '{time_secs}', 'UTC', NOW)).toBe('9:30:05 AM');
    expect(formatSlackDate(tuesday, '{ago}', 'UTC', NOW)).toBe('2 hours ago');
    expect(formatSlackDate(tuesday - 86_400, 'on {date_long_pretty}', 'UTC', NOW)).toBe('on yesterday');
  });

  it('leaves unknown tokens as they are and falls back to UTC for an unknown zone', () => {
    expect(formatSlackDate(tuesday, '{nonsense} {time}', 'Mars/Olympus', NOW)).toBe('{nonsense} 9:30 AM');
  });
});
