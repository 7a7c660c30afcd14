import { describe, expect, it } from 'vitest';
import { CONNECTOR } from '../../support/change-fixtures';
import { sendToNewHarness } from '../../support/listener-harness';
import { slashCommand } from '../../support/slack-payloads';
import { connectorRefusal, queuedFromOpsChannel, replyTo } from '../../support/unit-listener-jobs';
import { visible } from '../../support/visible-text';

// /chime audit verify without a connector ID: read-listeners.test.ts, with the reads' refusals.
describe('audit listeners', () => {
  it('acknowledges /chime audit <id> with its options and queues the listing', async () => {
    // Prepare
    const command = slashCommand({ text: `audit ${CONNECTOR} --limit 20 --user <@U0ALEX|alex> --share` });

    // Act
    const { harness, ack } = await sendToNewHarness(command);

    // Assess
    expect(ack?.response_type).toBe('ephemeral');
    expect(visible(ack)).toContain('Reading the audit log…');
    expect(harness.jobs.single('audit-list')).toEqual({
      kind: 'audit-list',
      voiceConnectorId: CONNECTOR,
      userFilter: 'U0ALEX',
      limit: 20,
      share: true,
      ...queuedFromOpsChannel(replyTo(command)),
    });
  });

  it('lists the whole workspace’s ten newest entries for /chime audit without options', async () => {
    // Act
    const { harness } = await sendToNewHarness(slashCommand({ text: 'audit' }));

    // Assess
    const job = harness.jobs.single('audit-list');
    expect(job).toMatchObject({ limit: 10, share: false });
    expect(job.voiceConnectorId).toBeUndefined();
    expect(job.userFilter).toBeUndefined();
  });

  it('refuses a --limit above 50 with the usage and an audited refusal, and lists nothing', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(slashCommand({ text: `audit ${CONNECTOR} --limit 51` }));

    // Assess
    expect(visible(ack)).toContain('`--limit` needs a whole number from 1 to 50.');
    expect(harness.jobs.single('record-refusal')).toMatchObject(
      connectorRefusal('command', 'invalid', 'audit: bad-limit'),
    );
  });

  it('acknowledges /chime audit verify <id> with "Checking the audit chain" and queues the check', async () => {
    // Prepare
    const command = slashCommand({ text: `audit verify ${CONNECTOR}` });

    // Act
    const { harness, ack } = await sendToNewHarness(command);

    // Assess
    expect(visible(ack)).toContain(`Checking the audit chain of \`${CONNECTOR}\`…`);
    expect(harness.jobs.single('audit-verify')).toEqual({
      kind: 'audit-verify',
      voiceConnectorId: CONNECTOR,
      ...queuedFromOpsChannel(replyTo(command)),
    });
    expect(harness.timeline).toEqual(['ack', 'job:audit-verify']);
  });
});
