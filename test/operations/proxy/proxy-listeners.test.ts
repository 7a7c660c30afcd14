import { describe, expect, it } from 'vitest';
import { CONNECTOR, REQUESTER, TEAM } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { visible } from '../../support/visible-text';

describe('proxy listeners', () => {
  it('acknowledges /chime proxy with "Looking up the proxy settings" and queues the read', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `proxy ${CONNECTOR} --region us-west-2` });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(ack?.response_type).toBe('ephemeral');
    expect(visible(ack)).toContain(`Looking up the proxy settings of \`${CONNECTOR}\` in us-west-2…`);
    expect(harness.jobs.single('proxy')).toEqual({
      kind: 'proxy',
      ref: { voiceConnectorId: CONNECTOR, region: 'us-west-2' },
      share: false,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
    });
    expect(harness.timeline).toEqual(['ack', 'job:proxy']);
  });

  it('closes the menu and queues the proxy read from its menu entry', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(menuSubmission({ operation: 'proxy', connector: `${CONNECTOR}@us-east-1` }));

    // Assess
    expect(ack).toEqual({ response_action: 'clear' });
    expect(harness.jobs.single('proxy')).toMatchObject({
      ref: { voiceConnectorId: CONNECTOR, region: 'us-east-1' },
      share: false,
      reply: { kind: 'response_url', replaceOriginal: false },
    });
  });

  it('refuses /chime proxy without a connector ID with the usage, and queues no read', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: 'proxy' }));

    // Assess
    expect(visible(ack)).toContain('`proxy` needs a voice connector ID.');
    expect(visible(ack)).toContain('/chime proxy &lt;voice-connector-id&gt;');
    expect(harness.jobs.single('record-refusal')).toMatchObject({ reason: 'proxy: missing-connector-id' });
  });
});
