import { describe, expect, it } from 'vitest';
import { CONNECTOR, REQUESTER, TEAM } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { visible } from '../../support/visible-text';

describe('health listeners', () => {
  it('acknowledges /chime health with "Looking up" and queues the health read', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `health ${CONNECTOR} --share` });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(visible(ack)).toContain(`Looking up the health of \`${CONNECTOR}\` in us-east-1…`);
    expect(harness.jobs.single('health')).toEqual({
      kind: 'health',
      ref: { voiceConnectorId: CONNECTOR, region: 'us-east-1' },
      share: true,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
    });
  });

  it('queues the same read from the menu, and closes the menu', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(menuSubmission({ operation: 'health', connector: `${CONNECTOR}@us-east-1` }));

    // Assess
    expect(ack).toEqual({ response_action: 'clear' });
    expect(harness.jobs.single('health')).toMatchObject({ ref: { voiceConnectorId: CONNECTOR, region: 'us-east-1' } });
  });

  it('refuses a health command without a connector with the usage, and queues only its refusal', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: 'health' }));

    // Assess
    expect(visible(ack)).toContain('`health` needs a voice connector ID.');
    expect(harness.jobs.jobs.map((job) => job.kind)).toEqual(['record-refusal']);
  });
});
