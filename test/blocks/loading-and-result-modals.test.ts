import { describe, expect, it } from 'vitest';
import { CallbackId } from '../../src/blocks/ids';
import { loadingModal } from '../../src/blocks/loading-modal';
import { resultModal } from '../../src/blocks/result-modal';
import { terminationCard } from '../../src/operations/termination/termination-card';
import { expectWithinSlackLimits, visibleText } from '../support/block-kit-limits';

describe('loadingModal', () => {
  it('says it is loading, under the given title', () => {
    // Act
    const view = loadingModal({ title: 'Termination' });

    // Assess
    expect(view.callback_id).toBe(CallbackId.LoadingModal);
    expect(view.title.text).toBe('Termination');
    expect(visibleText(view)).toContain('Loading …');
    expect(view.submit).toBeUndefined();
    expectWithinSlackLimits(view, 'modal');
  });

  it('cuts a long title to Slack’s 24 characters and shows the given message', () => {
    // Act
    const view = loadingModal({ title: 'Termination settings of the main trunk', message: 'Reading <termination> …' });

    // Assess
    expect(view.title.text).toBe('Termination settings of…');
    expect(visibleText(view)).toContain('Reading &lt;termination&gt; …');
    expectWithinSlackLimits(view, 'modal');
  });
});

describe('resultModal', () => {
  it('shows a message’s blocks with only a close button', () => {
    // Prepare
    const message = terminationCard({
      ref: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' },
      termination: { cpsLimit: 3, cidrAllowedList: Array.from({ length: 1000 }, (_, index) => `10.0.${index}.0/24`) },
    });

    // Act
    const view = resultModal({ title: 'Termination · abcdef1234567890abcdef', message });

    // Assess
    expect(view.callback_id).toBe(CallbackId.ResultModal);
    expect(view.blocks).toEqual(message.blocks);
    expect(view.submit).toBeUndefined();
    expect(view.close?.text).toBe('Close');
    expectWithinSlackLimits(view, 'modal');
  });
});
