import { describe, expect, it } from 'vitest';
import { CONNECTOR, REQUESTER, TEAM } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { visible } from '../../support/visible-text';

describe('termination listeners', () => {
  it('acknowledges /chime termination with "Looking up" and queues the read for the command’s response_url', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `termination ${CONNECTOR}` });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(ack?.response_type).toBe('ephemeral');
    expect(visible(ack)).toContain(`Looking up the termination of \`${CONNECTOR}\` in us-east-1…`);
    expect(harness.jobs.single('termination')).toEqual({
      kind: 'termination',
      ref: { voiceConnectorId: CONNECTOR, region: 'us-east-1' },
      share: false,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
    });
    expect(harness.timeline).toEqual(['ack', 'job:termination']);
  });

  it('reads the region and --share from the command', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: `termination ${CONNECTOR} --region eu-west-2 --share` }));

    // Assess
    expect(visible(ack)).toContain('in eu-west-2…');
    expect(harness.jobs.single('termination')).toMatchObject({
      ref: { voiceConnectorId: CONNECTOR, region: 'eu-west-2' },
      share: true,
    });
  });

  it('closes the menu and queues the same read, answered through the menu command’s response_url', async () => {
    // Prepare
    const harness = createListenerHarness();
    const submission = menuSubmission({
      operation: 'termination',
      connector: `${CONNECTOR}@eu-west-2`,
      share: true,
      responseUrl: 'https://hooks.slack.test/commands/T0TEAM/7/menu',
    });

    // Act
    const ack = await harness.send(submission);

    // Assess
    expect(ack).toEqual({ response_action: 'clear' });
    expect(harness.jobs.single('termination')).toEqual({
      kind: 'termination',
      ref: { voiceConnectorId: CONNECTOR, region: 'eu-west-2' },
      share: true,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: {
        kind: 'response_url',
        responseUrl: 'https://hooks.slack.test/commands/T0TEAM/7/menu',
        replaceOriginal: false,
      },
    });
    expect(harness.slack.calls).toEqual([]);
  });

  it('answers a menu read as an ephemeral message in the channel when the menu has no response_url', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    await harness.send(
      menuSubmission({ operation: 'termination', connector: `${CONNECTOR}@us-east-1`, responseUrl: null }),
    );

    // Assess
    expect(harness.jobs.single('termination').reply).toEqual({ kind: 'ephemeral', channelId: OPS_CHANNEL.id });
  });
});
