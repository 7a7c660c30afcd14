import { describe, expect, it } from 'vitest';
import { noticeMessage } from '../../src/blocks/notice-message';
import { expectWithinSlackLimits, visibleText } from '../support/block-kit-limits';

describe('noticeMessage', () => {
  it.each([
    ['error', '❌'],
    ['warning', '⚠️'],
    ['info', 'ℹ️'],
    ['success', '✅'],
  ] as const)('marks a %s notice with %s and shows its title and body', (tone, emoji) => {
    // Act
    const message = noticeMessage({ tone, title: 'Voice connector not found', body: 'Check the ID and --region.' });

    // Assess
    expect(visibleText(message)).toContain(`${emoji} *Voice connector not found*\nCheck the ID and --region.`);
    expect(message.text).toBe('Voice connector not found Check the ID and --region.');
    expectWithinSlackLimits(message, 'message');
  });

  it('escapes a plain-text body such as an AWS error message', () => {
    // Act
    const seen = visibleText(noticeMessage({ tone: 'error', title: 'AWS refused', body: 'Value <x> & <!here>' }));

    // Assess
    expect(seen).toContain('Value &lt;x&gt; &amp; &lt;!here&gt;');
    expect(seen).not.toContain('<!here>');
  });

  it('keeps a body given as mrkdwn, so callers can mention people', () => {
    // Act
    const seen = visibleText(
      noticeMessage({ tone: 'info', title: 'Sent for approval', body: { mrkdwn: 'Waiting for <@U0APPROVER>.' } }),
    );

    // Assess
    expect(seen).toContain('Waiting for <@U0APPROVER>.');
  });

  it('shows a title alone when there is no body', () => {
    // Act
    const message = noticeMessage({ tone: 'info', title: 'Working on it…' });

    // Assess
    expect(message.blocks).toHaveLength(1);
    expect(visibleText(message)).toContain('ℹ️ *Working on it…*');
  });

  it('stays within Slack’s limits with a very long title and body', () => {
    // Act
    const message = noticeMessage({ tone: 'error', title: 'T'.repeat(5000), body: 'B'.repeat(50_000) });

    // Assess
    expectWithinSlackLimits(message, 'message');
  });
});
