import { describe, expect, it } from 'vitest';
import type { DriftAlertView } from '../../../src/drift/drift-alerts';
import { driftAlertMessage, parseDriftButtonValue } from '../../../src/operations/drift/drift-alert-message';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';

const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;
const HASH = 'a'.repeat(64);

function view(overrides: Partial<DriftAlertView> = {}): DriftAlertView {
  return {
    ref: REF,
    status: 'open',
    sections: ['termination', 'credentials'],
    baseline: {
      termination: { cpsLimit: 10, callingRegions: ['US'], cidrAllowedList: ['198.51.100.0/27'], disabled: false },
      credentials: { usernames: ['pbx-main'] },
    },
    observed: {
      termination: { cpsLimit: 20, callingRegions: ['US', 'GB'], cidrAllowedList: ['0.0.0.0/1'], disabled: false },
      credentials: { usernames: ['mallory'] },
    },
    detectedAt: Date.parse('2026-12-01T10:00:00Z'),
    attribution: [
      {
        section: 'termination',
        principal: 'arn:aws:iam::123456789012:user/mallory',
        userName: 'mallory',
        eventName: 'PutVoiceConnectorTermination',
        eventTime: '2026-12-01T09:58:00Z',
        sourceIp: '203.0.113.7',
        client: 'console',
      },
    ],
    attributionPending: ['credentials'],
    attributionUntil: Date.parse('2026-12-01T11:00:00Z'),
    driftHash: HASH,
    ...overrides,
  };
}

describe('the drift alert', () => {
  it('shows the diff per setting, who made it, what is not known yet, and both buttons', () => {
    // Prepare
    const madeBy = '*mallory* (`arn:aws:iam::123456789012:user/mallory`) with the AWS console from `203.0.113.7`';

    // Act
    const shown = visibleText(driftAlertMessage(view()));

    // Assess
    expect(shown).toContain('*CPS limit:* `10` → *`20`*');
    expect(shown).toContain('➕ *Calling region* `GB`');
    expect(shown).toContain('➖ *Allowed* `198.51.100.0/27`');
    expect(shown).toContain('➕ *Username* `mallory`');
    expect(shown).toContain(madeBy);
    expect(shown).toContain('Not known yet');
    expect(shown).toContain('A removed username cannot be put back');
    expect(shown).toContain('Revert to baseline');
    expect(shown).toContain('Accept as baseline');
  });

  it('carries the connector and the alert version in its buttons, and reads back only that', () => {
    // Prepare
    const message = driftAlertMessage(view());
    const actions = message.blocks.find((block) => block.type === 'actions') as { elements: { value?: string }[] };

    // Act
    const value = parseDriftButtonValue(actions.elements[0]?.value);

    // Assess
    expect(value).toEqual({ c: REF.voiceConnectorId, r: 'us-east-1', h: HASH });
    expect(parseDriftButtonValue('{"c":"x y","r":"us-east-1","h":"00"}')).toBeUndefined();
    expect(parseDriftButtonValue('not json')).toBeUndefined();
  });

  it('drops the buttons once accepted or closed', () => {
    // Act
    const accepted = driftAlertMessage(view({ status: 'accepted', decidedBy: 'U0APPROVER' }));
    const resolved = driftAlertMessage(view({ status: 'resolved' }));

    // Assess
    expect(accepted.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(visibleText(accepted)).toContain('<@U0APPROVER>');
    expect(visibleText(resolved)).toContain('matches its baseline again');
  });

  it('stays within Slack’s limits with thousands of changed CIDRs and hostile text', () => {
    // Prepare
    const many = Array.from({ length: 3000 }, (_, index) => `10.${index >> 8}.${index & 255}.0/24`);

    // Act
    const message = driftAlertMessage(
      view({
        observed: {
          termination: { callingRegions: ['US'], cidrAllowedList: many, disabled: true, defaultPhoneNumber: '<!here>' },
          credentials: { usernames: ['<@U0BOSS>'] },
        },
      }),
    );

    // Assess
    expectWithinSlackLimits(message, 'message');
    expect(visibleText(message)).not.toContain('<!here>');
    expect(visibleText(message)).not.toContain('<@U0BOSS>');
  });
});
