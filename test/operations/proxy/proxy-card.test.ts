import { describe, expect, it } from 'vitest';
import type { ProxySession, ProxySettings, VoiceConnectorRef } from '../../../src/chime/voice-connector';
import { type OpenSessionsPart, type ProxyCardModel, proxyCard } from '../../../src/operations/proxy/proxy-card';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';
import { expectCustomerNumbersMasked } from '../../support/phone-number-assertions';

const ref: VoiceConnectorRef = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'ap-southeast-2' };
const NO_SESSIONS: OpenSessionsPart = { ok: true, value: { sessions: [], more: false } };

/** The card for `proxy`, with no open sessions and `/chime` in ap-southeast-2 unless the test says otherwise. */
function card(model: Partial<ProxyCardModel> & { proxy: ProxySettings }) {
  return proxyCard({ ref, openSessions: NO_SESSIONS, command: '/chime', defaultRegion: 'ap-southeast-2', ...model });
}

/** Open sessions as ListProxySessions would list them: `count` of them, the newest last. */
function sessions(count: number): ProxySession[] {
  return Array.from({ length: count }, (_, index) => ({
    proxySessionId: `session-${String(index).padStart(2, '0')}`,
    name: `Order ${1000 + index}`,
    status: index % 2 === 0 ? 'Open' : 'InProgress',
    createdTimestamp: new Date(Date.UTC(2026, 2, 1, 10, index)),
    participants: [
      { phoneNumber: `+4477009001${String(index).padStart(2, '0')}`, proxyPhoneNumber: '+12065550100' },
      { phoneNumber: `+4477009009${String(index).padStart(2, '0')}`, proxyPhoneNumber: '+12065550100' },
    ],
  }));
}

function newestFirst(list: ProxySession[]): ProxySession[] {
  return [...list].reverse();
}

/** The card listing the newest of `count` open sessions (AWS having `more` unlisted), and what it shows. */
function cardListing(count: number, options: { more: boolean }) {
  const message = card({
    proxy: {},
    openSessions: { ok: true, value: { sessions: newestFirst(sessions(count)), more: options.more } },
  });
  return { message, seen: visibleText(message) };
}

describe('proxyCard', () => {
  it('shows the proxy settings, the connector and its region', () => {
    // Prepare
    const proxy = {
      defaultSessionExpiryMinutes: 90,
      fallBackPhoneNumber: '+61291920000',
      phoneNumberCountries: ['AU', 'NZ'],
      disabled: false,
    };

    // Act
    const message = card({ proxy, requestedBy: 'U0BOB' });

    // Assess
    const seen = visibleText(message);
    for (const value of [
      '90 minutes',
      '+61291920000',
      '`AU`',
      '`NZ`',
      'Enabled',
      'abcdef1234567890abcdef',
      'ap-southeast-2',
      '<@U0BOB>',
    ]) {
      expect(seen).toContain(value);
    }
    expectWithinSlackLimits(message, 'message');
  });

  it('carries a visible note that AWS deprecated proxy sessions', () => {
    // Act
    const message = card({ proxy: {} });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('Deprecated by AWS');
    expect(seen).toContain('2026-04-07');
    expect(message.text).toContain('deprecated');
  });

  it('says "not set" for every field AWS left out', () => {
    // Act
    const seen = visibleText(card({ proxy: {} }));

    // Assess
    expect(seen.match(/not set/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('shows all 250 countries of a long list, within Slack’s limits', () => {
    // Prepare
    const phoneNumberCountries = Array.from(
      { length: 250 },
      (_, index) => `${String.fromCharCode(65 + Math.floor(index / 26))}${String.fromCharCode(65 + (index % 26))}`,
    );

    // Act
    const message = card({ proxy: { disabled: true, phoneNumberCountries } });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('(250 countries)');
    expect(seen).toContain('`AA`, `AB`');
    expect(seen).toContain('`JP`');
    expect(seen).toContain('Disabled');
    expectWithinSlackLimits(message, 'message');
  });

  it('ends a country list too long for Slack with "… and N more"', () => {
    // Prepare
    const phoneNumberCountries = Array.from({ length: 1000 }, (_, index) => `COUNTRY-${index}`);

    // Act
    const message = card({ proxy: { phoneNumberCountries } });

    // Assess
    expectWithinSlackLimits(message, 'message');
    const more = Number(visibleText(message).match(/… and (\d+) more/)?.[1]);
    expect(more).toBeGreaterThan(0);
    expect(visibleText(message)).toContain(`\`COUNTRY-${999 - more}\``);
    expect(visibleText(message)).not.toContain(`\`COUNTRY-${1000 - more}\``);
  });
});

describe('proxyCard: the open sessions', () => {
  it('lists each open session newest first, with its ID, name, status and masked participants, and how to look one up', () => {
    // Prepare
    const listed = newestFirst(sessions(2));

    // Act
    const message = card({ proxy: {}, openSessions: { ok: true, value: { sessions: listed, more: false } } });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('*Open proxy sessions* (2, newest first)');
    expect(seen).toContain('• `session-01` Order 1001 · 🔄 In progress · `+••••••••0101`, `+••••••••0901`');
    expect(seen).toContain('• `session-00` Order 1000 · 🟢 Open · `+••••••••0100`, `+••••••••0900`');
    expect(seen.indexOf('session-01')).toBeLessThan(seen.indexOf('session-00'));
    expect(seen).toContain('Look one up: `/chime session abcdef1234567890abcdef session-01`');
    expectCustomerNumbersMasked(
      seen,
      listed.flatMap((session) => (session.participants ?? []).map((participant) => participant.phoneNumber ?? '')),
    );
    expect(message.text).toContain('2 open sessions');
    expectWithinSlackLimits(message, 'message');
  });

  it('says there are none', () => {
    // Act
    const message = card({ proxy: {}, openSessions: NO_SESSIONS });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('*Open proxy sessions*\nNo open proxy sessions.');
    expect(seen).not.toContain('Look one up');
    expect(message.text).toContain('0 open sessions');
    expectWithinSlackLimits(message, 'message');
  });

  it('shows the ten newest of twelve and says how many more there are', () => {
    // Act
    const { message, seen } = cardListing(12, { more: false });

    // Assess
    expect(seen).toContain('*Open proxy sessions* (12, newest first)');
    expect(seen.match(/^• /gm)).toHaveLength(10);
    expect(seen).toContain('`session-11`');
    expect(seen).toContain('`session-02`');
    expect(seen).not.toContain('`session-01`');
    expect(seen).toContain('_… and 2 more_');
    expect(seen).toContain('Look one up: `/chime session abcdef1234567890abcdef session-11`');
    expectWithinSlackLimits(message, 'message');
  });

  it('says "and more" when AWS has more open sessions than it listed', () => {
    // Act
    const { message, seen } = cardListing(10, { more: true });

    // Assess
    expect(seen).toContain('*Open proxy sessions* (more than 10, newest first)');
    expect(seen.match(/^• /gm)).toHaveLength(10);
    expect(seen).toContain('_… and more_');
    expect(message.text).toContain('more than 10 open sessions');
    expectWithinSlackLimits(message, 'message');
  });

  it('still shows the proxy settings when the sessions could not be listed, saying so without AWS’s message', () => {
    // Act
    const message = card({
      proxy: { defaultSessionExpiryMinutes: 90, fallBackPhoneNumber: '+61291920000', disabled: false },
      openSessions: { ok: false, reason: 'access-denied' },
    });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('90 minutes');
    expect(seen).toContain('+61291920000');
    expect(seen).toContain(
      '*Open proxy sessions*\n⚠️ _Could not be listed:_ the bot’s AWS role does not allow `chime:ListProxySessions`.',
    );
    expect(seen).not.toContain('Look one up');
    expect(seen).not.toMatch(/arn:aws|Exception|not authorized/);
    expect(message.text).toContain('open sessions not listed');
    expectWithinSlackLimits(message, 'message');
  });

  it.each([
    ['throttled', 'AWS is throttling requests; try again in a moment.'],
    ['unavailable', 'AWS could not answer; try again in a moment.'],
    ['unexpected', 'an unexpected error; the bot logged it.'],
  ] as const)('says why in a few words when listing was %s', (reason, words) => {
    // Act
    const seen = visibleText(card({ proxy: {}, openSessions: { ok: false, reason } }));

    // Assess
    expect(seen).toContain(`⚠️ _Could not be listed:_ ${words}`);
  });

  it('names the configured command, and the region when it is not the default', () => {
    // Act
    const message = card({
      proxy: {},
      openSessions: { ok: true, value: { sessions: sessions(1), more: false } },
      command: '/voice',
      defaultRegion: 'us-east-1',
    });

    // Assess
    expect(visibleText(message)).toContain(
      'Look one up: `/voice session abcdef1234567890abcdef session-00 --region ap-southeast-2`',
    );
  });

  it('shows a session AWS sent without an ID, name or status, and offers to look up one that has an ID', () => {
    // Prepare
    const listed: ProxySession[] = [{}, { proxySessionId: 'has id', status: 'Open' }, { proxySessionId: 'abc-123' }];

    // Act
    const message = card({ proxy: {}, openSessions: { ok: true, value: { sessions: listed, more: false } } });

    // Assess
    const seen = visibleText(message);
    expect(seen).toContain('• _no ID_ · _status not set_');
    // An ID with a space cannot be typed as one word of the command: the next one is offered.
    expect(seen).toContain('Look one up: `/chime session abcdef1234567890abcdef abc-123`');
    expectWithinSlackLimits(message, 'message');
  });

  it('stays within Slack’s limits when every session is as long as AWS allows, beside 1000 countries', () => {
    // Prepare
    const listed: ProxySession[] = Array.from({ length: 10 }, (_, index) => ({
      proxySessionId: `${index}${'&'.repeat(127)}`,
      name: '&<>'.repeat(42),
      status: 'InProgress',
      participants: Array.from({ length: 50 }, (_, participant) => ({
        phoneNumber: `+9${String(participant).padStart(14, '3')}`,
      })),
    }));
    const phoneNumberCountries = Array.from({ length: 1000 }, (_, index) => `COUNTRY-${index}`);

    // Act
    const message = card({
      proxy: { phoneNumberCountries },
      openSessions: { ok: true, value: { sessions: listed, more: true } },
      command: '/abcdefghijklmnopqrstuvwxyz01234',
      defaultRegion: 'us-east-1',
    });

    // Assess
    expectWithinSlackLimits(message, 'message');
    const seen = visibleText(message);
    expect(seen).toContain('_… and more_');
    expect(seen).toContain('Look one up: `/abcdefghijklmnopqrstuvwxyz01234 session abcdef1234567890abcdef 0&amp;');
    expect(seen).toContain('and 48 more');
  });
});
