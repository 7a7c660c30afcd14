import { describe, expect, it } from 'vitest';
import type { VoiceConnectorRef } from '../../../src/chime/voice-connector';
import { proxyCard } from '../../../src/operations/proxy/proxy-card';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';

const ref: VoiceConnectorRef = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'ap-southeast-2' };

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
    const card = proxyCard({ ref, proxy, requestedBy: 'U0BOB' });

    // Assess
    const seen = visibleText(card);
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
    expectWithinSlackLimits(card, 'message');
  });

  it('carries a visible note that AWS deprecated proxy sessions', () => {
    // Act
    const card = proxyCard({ ref, proxy: {} });

    // Assess
    const seen = visibleText(card);
    expect(seen).toContain('Deprecated by AWS');
    expect(seen).toContain('2026-04-07');
    expect(card.text).toContain('deprecated');
  });

  it('says "not set" for every field AWS left out', () => {
    // Act
    const seen = visibleText(proxyCard({ ref, proxy: {} }));

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
    const card = proxyCard({ ref, proxy: { disabled: true, phoneNumberCountries } });

    // Assess
    expectWithinSlackLimits(card, 'message');
    const seen = visibleText(card);
    expect(seen).toContain('(250 countries)');
    expect(seen).toContain('`AA`, `AB`');
    expect(seen).toContain('`JP`');
    expect(seen).toContain('Disabled');
  });

  it('ends a country list too long for Slack with "… and N more"', () => {
    // Prepare
    const phoneNumberCountries = Array.from({ length: 1000 }, (_, index) => `COUNTRY-${index}`);

    // Act
    const card = proxyCard({ ref, proxy: { phoneNumberCountries } });

    // Assess
    expectWithinSlackLimits(card, 'message');
    const more = Number(visibleText(card).match(/… and (\d+) more/)?.[1]);
    expect(more).toBeGreaterThan(0);
    expect(visibleText(card)).toContain(`\`COUNTRY-${999 - more}\``);
    expect(visibleText(card)).not.toContain(`\`COUNTRY-${1000 - more}\``);
  });
});
