import { describe, expect, it } from 'vitest';
import type { ProxySession, VoiceConnectorRef } from '../../../src/chime/voice-connector';
import { proxySessionCard } from '../../../src/operations/proxy-session/proxy-session-card';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';
import { expectCustomerNumbersMasked } from '../../support/phone-number-assertions';

const ref: VoiceConnectorRef = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-west-2' };

const session: ProxySession = {
  voiceConnectorId: ref.voiceConnectorId,
  proxySessionId: 'a1b2c3d4e5',
  name: 'Order 1234',
  status: 'Open',
  expiryMinutes: 30,
  capabilities: ['Voice', 'SMS'],
  createdTimestamp: new Date('2026-03-01T10:00:00.000Z'),
  updatedTimestamp: new Date('2026-03-01T10:05:00.000Z'),
  numberSelectionBehavior: 'PreferSticky',
  geoMatchLevel: 'AreaCode',
  geoMatchParams: { country: 'US', areaCode: '206' },
  participants: [
    { phoneNumber: '+447700900123', proxyPhoneNumber: '+12065550100' },
    { phoneNumber: '+447700900987', proxyPhoneNumber: '+12065550101' },
  ],
};

describe('proxySessionCard', () => {
  it('shows the session’s status, capabilities, expiry, geo match, number selection and timestamps', () => {
    // Act
    const card = proxySessionCard({ ref, session, requestedBy: 'U0CAROL' });

    // Assess
    const seen = visibleText(card);
    for (const value of [
      'Open',
      'Voice, SMS',
      '30 minutes',
      'Prefer sticky',
      'Area code',
      'Country `US`, area code `206`',
      'Order 1234',
      'a1b2c3d4e5',
      'abcdef1234567890abcdef',
      'us-west-2',
      '<@U0CAROL>',
      '2026-03-01 10:00 UTC',
      '2026-03-01 10:05 UTC',
    ]) {
      expect(seen).toContain(value);
    }
    expect(seen).toContain('*Ended*\n_not set_');
    expectWithinSlackLimits(card, 'message');
  });

  it('masks participants’ numbers to their last four digits and shows the proxy numbers in full', () => {
    // Act
    const card = proxySessionCard({ ref, session });

    // Assess
    const seen = visibleText(card);
    expect(seen).toContain('+••••••••0123');
    expect(seen).toContain('+••••••••0987');
    expect(seen).toContain('+12065550100');
    expect(seen).toContain('+12065550101');
    expectCustomerNumbersMasked(seen, ['+447700900123', '+447700900987']);
  });

  it('carries a visible note that AWS deprecated proxy sessions', () => {
    // Act
    const card = proxySessionCard({ ref, session: {}, proxySessionId: 'asked-for' });

    // Assess
    expect(visibleText(card)).toContain('Deprecated by AWS');
    expect(card.text).toContain('deprecated');
  });

  it('says "not set" for every field AWS left out, and names the session asked for', () => {
    // Act
    const card = proxySessionCard({ ref, session: {}, proxySessionId: 'asked-for' });

    // Assess
    const seen = visibleText(card);
    expect(seen).toContain('asked-for');
    expect(seen.match(/not set/g)?.length).toBeGreaterThanOrEqual(10);
    expectWithinSlackLimits(card, 'message');
  });

  it('stays within Slack’s limits with 40 participants, all masked', () => {
    // Prepare
    const participants = Array.from({ length: 40 }, (_, index) => ({
      phoneNumber: `+4477009${String(index).padStart(5, '0')}`,
      proxyPhoneNumber: `+1206555${String(index).padStart(4, '0')}`,
    }));

    // Act
    const card = proxySessionCard({ ref, session: { ...session, participants } });

    // Assess
    expectWithinSlackLimits(card, 'message');
    const seen = visibleText(card);
    expect(seen).toContain('(40 participants)');
    expectCustomerNumbersMasked(
      seen,
      participants.map(({ phoneNumber }) => phoneNumber),
    );
  });

  it('stays within Slack’s limits with 400 participants, saying how many are not shown', () => {
    // Prepare
    const participants = Array.from({ length: 400 }, (_, index) => ({
      phoneNumber: `+4477009${String(index).padStart(5, '0')}`,
      proxyPhoneNumber: '+12065550100',
    }));

    // Act
    const card = proxySessionCard({ ref, session: { ...session, participants } });

    // Assess
    expectWithinSlackLimits(card, 'message');
    expect(visibleText(card)).toMatch(/… and \d+ more/);
  });
});

describe('proxySessionCard at its worst', () => {
  it('stays within Slack’s limits when every field is as long as AWS allows', () => {
    // Prepare
    const participants = Array.from({ length: 1000 }, (_, index) => ({
      phoneNumber: `+9${String(index).padStart(14, '3')}`,
      proxyPhoneNumber: `+8${String(index).padStart(14, '0')}`,
    }));
    const longSession: ProxySession = {
      ...session,
      proxySessionId: 'S'.repeat(128),
      name: '&<>'.repeat(43),
      geoMatchParams: { country: 'X'.repeat(100), areaCode: '9'.repeat(100) },
      participants,
    };

    // Act
    const card = proxySessionCard({
      ref,
      session: longSession,
      connectorName: 'N'.repeat(256),
      requestedBy: 'U0123456789',
    });

    // Assess
    expectWithinSlackLimits(card, 'message');
    expectCustomerNumbersMasked(
      visibleText(card),
      participants.map(({ phoneNumber }) => phoneNumber),
    );
  });
});
