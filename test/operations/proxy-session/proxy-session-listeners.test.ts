import { describe, expect, it } from 'vitest';
import { BlockId } from '../../../src/blocks/ids';
import { CONNECTOR, REQUESTER, TEAM } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { visible } from '../../support/visible-text';

const SESSION = '1a2b3c4d5e6f7g8h9i0j';

describe('proxy session listeners', () => {
  it('acknowledges /chime session with "Looking up the proxy session" and queues the read with the session ID', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `session ${CONNECTOR} ${SESSION} --share` });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(visible(ack)).toContain(`Looking up the proxy session of \`${CONNECTOR}\` in us-east-1…`);
    expect(harness.jobs.single('proxy-session')).toEqual({
      kind: 'proxy-session',
      ref: { voiceConnectorId: CONNECTOR, region: 'us-east-1' },
      proxySessionId: SESSION,
      share: true,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
    });
  });

  it('refuses /chime session without the proxy session ID, naming both arguments', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: `session ${CONNECTOR}` }));

    // Assess
    expect(visible(ack)).toContain('`session` needs a voice connector ID and a proxy session ID.');
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      action: 'command',
      outcome: 'invalid',
      reason: 'session: missing-proxy-session-id',
      voiceConnectorId: CONNECTOR,
    });
  });

  it('queues the proxy session read from its menu entry with the session ID typed in the menu', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(
      menuSubmission({
        operation: 'proxy-session',
        connector: `${CONNECTOR}@us-east-1`,
        proxySessionId: ` ${SESSION} `,
      }),
    );

    // Assess
    expect(ack).toEqual({ response_action: 'clear' });
    expect(harness.jobs.single('proxy-session')).toMatchObject({
      ref: { voiceConnectorId: CONNECTOR, region: 'us-east-1' },
      proxySessionId: SESSION,
    });
  });

  it('asks for the proxy session ID inline when its menu entry is chosen without one, and audits the refusal', async () => {
    // Prepare
    const harness = createListenerHarness();
    const submission = menuSubmission({ operation: 'proxy-session', connector: `${CONNECTOR}@us-east-1` });

    // Act
    const ack = await harness.send(submission);

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [BlockId.MenuProxySession]: 'Enter the proxy session ID (1–128 characters, not only spaces or dots).' },
    });
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      action: 'command',
      outcome: 'invalid',
      reason: 'menu invalid: session',
      voiceConnectorId: CONNECTOR,
      region: 'us-east-1',
      reply: { kind: 'view', viewId: submission.view.id },
    });
  });
});
