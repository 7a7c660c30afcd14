import { describe, expect, it } from 'vitest';
import { CONNECTOR } from '../support/change-fixtures';
import { sendToNewHarness } from '../support/listener-harness';
import { menuSubmission } from '../support/menu-submission';
import { slashCommand } from '../support/slack-payloads';
import { connectorRef, queuedFromOpsChannel, replyTo } from '../support/unit-listener-jobs';
import { visible } from '../support/visible-text';

const SESSION = '1a2b3c4d5e6f7g8h9i0j';

/** The reads of one connector: what the command says, what it acknowledges and the job it queues. */
const READ_COMMANDS = [
  {
    kind: 'termination',
    text: `termination ${CONNECTOR}`,
    lookingUp: `Looking up the termination of \`${CONNECTOR}\` in us-east-1…`,
    job: { ref: connectorRef(), share: false },
  },
  {
    kind: 'proxy',
    text: `proxy ${CONNECTOR} --region us-west-2`,
    lookingUp: `Looking up the proxy settings of \`${CONNECTOR}\` in us-west-2…`,
    job: { ref: connectorRef('us-west-2'), share: false },
  },
  {
    kind: 'health',
    text: `health ${CONNECTOR} --share`,
    lookingUp: `Looking up the health of \`${CONNECTOR}\` in us-east-1…`,
    job: { ref: connectorRef(), share: true },
  },
  {
    kind: 'proxy-session',
    text: `session ${CONNECTOR} ${SESSION} --share`,
    lookingUp: `Looking up the proxy session of \`${CONNECTOR}\` in us-east-1…`,
    job: { ref: connectorRef(), proxySessionId: SESSION, share: true },
  },
] as const;

describe('read command listeners', () => {
  it.each(READ_COMMANDS)(
    'acknowledges /chime $text with "Looking up" and queues the $kind read for the command’s response_url',
    async ({ kind, text, lookingUp, job }) => {
      // Prepare
      const command = slashCommand({ text });

      // Act
      const { harness, ack } = await sendToNewHarness(command);

      // Assess
      expect(ack?.response_type).toBe('ephemeral');
      expect(visible(ack)).toContain(lookingUp);
      expect(harness.jobs.single(kind)).toEqual({ kind, ...job, ...queuedFromOpsChannel(replyTo(command)) });
      expect(harness.timeline).toEqual(['ack', `job:${kind}`]);
    },
  );

  it.each(['proxy', 'health'] as const)(
    'closes the menu and queues the %s read from its menu entry',
    async (operation) => {
      // Act
      const { harness, ack } = await sendToNewHarness(
        menuSubmission({ operation, connector: `${CONNECTOR}@us-east-1` }),
      );

      // Assess
      expect(ack).toEqual({ response_action: 'clear' });
      expect(harness.jobs.single(operation)).toMatchObject({
        ref: connectorRef(),
        share: false,
        reply: { kind: 'response_url', replaceOriginal: false },
      });
    },
  );

  it.each([
    { text: 'proxy', operation: 'proxy' },
    { text: 'health', operation: 'health' },
    { text: 'audit verify', operation: 'audit' },
  ])(
    'refuses /chime $text without a connector ID with the usage, and queues only its refusal',
    async ({ text, operation }) => {
      // Act
      const { harness, ack } = await sendToNewHarness(slashCommand({ text }));

      // Assess
      expect(visible(ack)).toContain(`\`${operation}\` needs a voice connector ID.`);
      expect(visible(ack)).toContain(`/chime ${text} &lt;voice-connector-id&gt;`);
      expect(harness.jobs.single('record-refusal')).toMatchObject({ reason: `${operation}: missing-connector-id` });
      expect(harness.jobs.jobs.map((job) => job.kind)).toEqual(['record-refusal']);
    },
  );
});
