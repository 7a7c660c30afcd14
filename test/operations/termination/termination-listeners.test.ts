import { describe, expect, it } from 'vitest';
import { CONNECTOR } from '../../support/change-fixtures';
import { sendToNewHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { connectorRef, queuedFromOpsChannel } from '../../support/unit-listener-jobs';
import { visible } from '../../support/visible-text';

// The command's acknowledgement and job: read-listeners.test.ts, with the other reads.
describe('termination listeners', () => {
  it('reads the region and --share from the command', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(
      slashCommand({ text: `termination ${CONNECTOR} --region eu-west-2 --share` }),
    );

    // Assess
    expect(visible(ack)).toContain('in eu-west-2…');
    expect(harness.jobs.single('termination')).toMatchObject({ ref: connectorRef('eu-west-2'), share: true });
  });

  it('closes the menu and queues the same read, answered through the menu command’s response_url', async () => {
    // Prepare
    const responseUrl = 'https://hooks.slack.test/commands/T0TEAM/7/menu';
    const submission = menuSubmission({
      operation: 'termination',
      connector: `${CONNECTOR}@eu-west-2`,
      share: true,
      responseUrl,
    });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack).toEqual({ response_action: 'clear' });
    expect(harness.jobs.single('termination')).toEqual({
      kind: 'termination',
      ref: connectorRef('eu-west-2'),
      share: true,
      ...queuedFromOpsChannel({ kind: 'response_url', responseUrl, replaceOriginal: false }),
    });
    expect(harness.slack.calls).toEqual([]);
  });

  it('answers a menu read as an ephemeral message in the channel when the menu has no response_url', async () => {
    // Act
    const { harness } = await sendToNewHarness(
      menuSubmission({ operation: 'termination', connector: `${CONNECTOR}@us-east-1`, responseUrl: null }),
    );

    // Assess
    expect(harness.jobs.single('termination').reply).toEqual({ kind: 'ephemeral', channelId: OPS_CHANNEL.id });
  });
});
