import { describe, expect, it } from 'vitest';
import { CONNECTOR, REQUESTER, TEAM } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
import { OPS_CHANNEL, slashCommand } from '../../support/slack-payloads';
import { visible } from '../../support/visible-text';

describe('audit listeners', () => {
  it('acknowledges /chime audit <id> with its options and queues the listing', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `audit ${CONNECTOR} --limit 20 --user <@U0ALEX|alex> --share` });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(ack?.response_type).toBe('ephemeral');
    expect(visible(ack)).toContain('Reading the audit log…');
    expect(harness.jobs.single('audit-list')).toEqual({
      kind: 'audit-list',
      voiceConnectorId: CONNECTOR,
      userFilter: 'U0ALEX',
      limit: 20,
      share: true,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
    });
  });

  it('lists the whole workspace’s ten newest entries for /chime audit without options', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    await harness.send(slashCommand({ text: 'audit' }));

    // Assess
    const job = harness.jobs.single('audit-list');
    expect(job).toMatchObject({ limit: 10, share: false });
    expect(job.voiceConnectorId).toBeUndefined();
    expect(job.userFilter).toBeUndefined();
  });

  it('refuses a --limit above 50 with the usage and an audited refusal, and lists nothing', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: `audit ${CONNECTOR} --limit 51` }));

    // Assess
    expect(visible(ack)).toContain('`--limit` needs a whole number from 1 to 50.');
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      action: 'command',
      outcome: 'invalid',
      reason: 'audit: bad-limit',
      voiceConnectorId: CONNECTOR,
    });
  });

  it('acknowledges /chime audit verify <id> with "Checking the audit chain" and queues the check', async () => {
    // Prepare
    const harness = createListenerHarness();
    const command = slashCommand({ text: `audit verify ${CONNECTOR}` });

    // Act
    const ack = await harness.send(command);

    // Assess
    expect(visible(ack)).toContain(`Checking the audit chain of \`${CONNECTOR}\`…`);
    expect(harness.jobs.single('audit-verify')).toEqual({
      kind: 'audit-verify',
      voiceConnectorId: CONNECTOR,
      actor: { userId: REQUESTER, teamId: TEAM, userName: 'rita' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'response_url', responseUrl: command.response_url },
    });
    expect(harness.timeline).toEqual(['ack', 'job:audit-verify']);
  });

  it('refuses /chime audit verify without a connector ID', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(slashCommand({ text: 'audit verify' }));

    // Assess
    expect(visible(ack)).toContain('`audit` needs a voice connector ID.');
    expect(harness.jobs.single('record-refusal')).toMatchObject({ reason: 'audit: missing-connector-id' });
  });
});
