import { describe, expect, it } from 'vitest';
import { BlockId } from '../../../src/blocks/ids';
import { CONNECTOR } from '../../support/change-fixtures';
import { sendToNewHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { slashCommand } from '../../support/slack-payloads';
import { connectorRef, connectorRefusal, viewReply } from '../../support/unit-listener-jobs';
import { visible } from '../../support/visible-text';

const SESSION = '1a2b3c4d5e6f7g8h9i0j';

// The command's acknowledgement and job: read-listeners.test.ts, with the other reads.
describe('proxy session listeners', () => {
  it('refuses /chime session without the proxy session ID, naming both arguments', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(slashCommand({ text: `session ${CONNECTOR}` }));

    // Assess
    expect(visible(ack)).toContain('`session` needs a voice connector ID and a proxy session ID.');
    expect(harness.jobs.single('record-refusal')).toMatchObject(
      connectorRefusal('command', 'invalid', 'session: missing-proxy-session-id'),
    );
  });

  it('queues the proxy session read from its menu entry with the session ID typed in the menu', async () => {
    // Prepare
    const choice = { operation: 'proxy-session', connector: `${CONNECTOR}@us-east-1`, proxySessionId: ` ${SESSION} ` };

    // Act
    const { harness, ack } = await sendToNewHarness(menuSubmission(choice));

    // Assess
    expect(ack).toEqual({ response_action: 'clear' });
    expect(harness.jobs.single('proxy-session')).toMatchObject({ ref: connectorRef(), proxySessionId: SESSION });
  });

  it('asks for the proxy session ID inline when its menu entry is chosen without one, and audits the refusal', async () => {
    // Prepare
    const submission = menuSubmission({ operation: 'proxy-session', connector: `${CONNECTOR}@us-east-1` });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [BlockId.MenuProxySession]: 'Enter the proxy session ID (1–128 characters, not only spaces or dots).' },
    });
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      ...connectorRefusal('command', 'invalid', 'menu invalid: session'),
      region: 'us-east-1',
      reply: viewReply(submission.view.id),
    });
  });
});
