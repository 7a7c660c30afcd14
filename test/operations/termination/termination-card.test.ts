import { describe, expect, it } from 'vitest';
import type { VoiceConnectorRef } from '../../../src/chime/voice-connector';
import { terminationCard } from '../../../src/operations/termination/termination-card';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';

const ref: VoiceConnectorRef = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'eu-west-2' };

describe('terminationCard', () => {
  it('shows every termination setting, the connector and its region', () => {
    // Prepare
    const termination = {
      cpsLimit: 7,
      defaultPhoneNumber: '+14155550100',
      callingRegions: ['US', 'CA', 'GB'],
      cidrAllowedList: ['10.0.0.0/24', '192.0.2.0/28'],
      disabled: false,
    };

    // Act
    const card = terminationCard({ ref, termination, connectorName: 'Main trunk', requestedBy: 'U0ALICE' });

    // Assess
    const seen = visibleText(card);
    const settings = ['7', '+14155550100', '`US`', '`CA`', '`GB`', '`10.0.0.0/24`', '`192.0.2.0/28`', 'Enabled'];
    for (const value of [...settings, 'abcdef1234567890abcdef', 'eu-west-2', 'Main trunk', '<@U0ALICE>']) {
      expect(seen).toContain(value);
    }
    expect(card.text).toContain('CPS limit 7');
    expectWithinSlackLimits(card, 'message');
  });

  it('shows the company’s default number in full', () => {
    // Act
    const card = terminationCard({ ref, termination: { defaultPhoneNumber: '+442079460000' } });

    // Assess
    expect(visibleText(card)).toContain('+442079460000');
  });

  it('says "Disabled" when termination is disabled', () => {
    expect(visibleText(terminationCard({ ref, termination: { disabled: true } }))).toContain('Disabled');
  });

  it('says "not set" for every field AWS left out, and "none" for empty lists', () => {
    // Act
    const unset = visibleText(terminationCard({ ref, termination: {} }));
    const empty = visibleText(terminationCard({ ref, termination: { callingRegions: [], cidrAllowedList: [] } }));

    // Assess
    expect(unset.match(/not set/g)?.length).toBeGreaterThanOrEqual(5);
    expect(empty).toContain('*Calling regions*\n_none_');
    expect(empty).toContain('*Allowed CIDRs*\n_none_');
    expectWithinSlackLimits(terminationCard({ ref, termination: {} }), 'message');
  });

  it('stays within Slack’s limits with 1,000 CIDRs and 250 calling regions, saying how many are not shown', () => {
    // Prepare
    const cidrAllowedList = Array.from({ length: 1000 }, (_, index) => `10.${index >> 8}.${index & 255}.0/24`);
    const callingRegions = Array.from({ length: 250 }, (_, index) => `R${index}`);

    // Act
    const card = terminationCard({ ref, termination: { cpsLimit: 1, cidrAllowedList, callingRegions } });

    // Assess
    expectWithinSlackLimits(card, 'message');
    const seen = visibleText(card);
    expect(seen).toContain('(1000 CIDR blocks)');
    expect(seen).toContain('`10.0.0.0/24`');
    const moreCidrs = Number(seen.match(/… and (\d+) more/)?.[1]);
    expect(moreCidrs).toBeGreaterThan(0);
    expect(seen).toMatch(/\(250 regions\)\n`R0`, `R1`/);
  });

  it('escapes values that would otherwise be read as Slack markup', () => {
    // Act
    const card = terminationCard({ ref, termination: { cidrAllowedList: ['<!channel>'] }, connectorName: 'A & B' });

    // Assess
    const seen = visibleText(card);
    expect(seen).not.toContain('<!channel>');
    expect(seen).toContain('&lt;!channel&gt;');
    expect(seen).toContain('A &amp; B');
  });
});

describe('terminationCard at its worst', () => {
  it('stays within Slack’s limits when every field is as long as AWS allows', () => {
    // Prepare
    const termination = {
      cpsLimit: 2_147_483_647,
      defaultPhoneNumber: '+123456789012345',
      callingRegions: Array.from({ length: 1000 }, (_, index) => `${'REGION'.repeat(8)}-${index}`),
      cidrAllowedList: Array.from({ length: 1000 }, (_, index) => `2001:0db8:85a3:0000:0000:8a2e:${index}:0/112`),
      disabled: true,
    };

    // Act
    const card = terminationCard({ ref, termination, connectorName: 'N'.repeat(256), requestedBy: 'U0123456789' });

    // Assess
    expectWithinSlackLimits(card, 'message');
    expect(visibleText(card).match(/… and \d+ more/g)).toHaveLength(2);
  });
});
