import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { credentialsHash } from '../../src/operations/credentials/credentials-change';
import { settle, useBotHarness } from '../support/bot-harness';
import { APPROVALS, changeRequests, requestIdOf } from '../support/e2e-change-requests';

/**
 * A deploy of this version over the previous one: what the previous version left in the change
 * table, in the job queue and in open forms still works. The items and bodies below are written
 * exactly as the previous version wrote them (its change table schema, its job schema, its form
 * metadata), field names included.
 */
describe('a deploy over the previous version', () => {
  const harness = useBotHarness();
  const { openForm } = changeRequests(harness);
  let documents: DynamoDBDocumentClient;

  beforeAll(() => {
    documents = DynamoDBDocumentClient.from(harness.core.dynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    });
  });

  it('applies a pending credentials request stored with the old field names, once approved', async () => {
    // Prepare: the previous version's item (sealedCredentials, kind credentials) and its lock.
    const connector = SEED_BRANCH_OFFICES_CONNECTOR_ID;
    const usernames = harness.chime.getCredentialUsernames(connector) ?? [];
    const submissionKey = 'V0OLDFORM1';
    const password = 'Old-Version-Pa55!';
    const sealer = harness.core.sealer;
    if (sealer === undefined) throw new Error('the harness configures SEAL_KEY');
    const sealed = await sealer.seal([{ username: 'pbx-upgraded', password }], submissionKey);
    const now = Date.now();
    const id = 'CR-0LDVERS1';
    await documents.send(
      new PutCommand({
        TableName: harness.core.config.changesTable,
        Item: {
          pk: `request#${id}`,
          openStatus: 'pending',
          ttl: Math.ceil((now + 3_600_000) / 1000) + 30 * 24 * 3600,
          id,
          voiceConnectorId: connector,
          region: 'us-east-1',
          kind: 'credentials',
          teamId: 'T0SANDBOX',
          requesterId: 'U0REQUESTER',
          requesterName: 'alice',
          channelId: 'C0OPS',
          justification: 'Written by the previous version',
          before: { kind: 'credentials', credentials: { usernames } },
          beforeHash: credentialsHash({ usernames }),
          proposed: { kind: 'credentials', credentials: { usernames: ['pbx-upgraded'] } },
          sealedCredentials: sealed,
          status: 'pending',
          createdAt: now,
          updatedAt: now,
          expiresAt: now + 3_600_000,
          submissionKey,
        },
      }),
    );
    await documents.send(
      new PutCommand({
        TableName: harness.core.config.changesTable,
        Item: { pk: `open#${connector}#credentials`, requestId: id, expiresAt: now + 3_600_000 },
      }),
    );

    // Act: the approval, as a job body of the previous version.
    await harness.server.jobs.enqueue({
      kind: 'decide',
      decision: 'approve',
      changeRequestId: id,
      interactionId: '1700000000.000001',
      actor: { userId: 'U0APPROVER', teamId: 'T0SANDBOX' },
      channelId: 'C0APPROVALS',
      reply: { kind: 'ephemeral', channelId: 'C0APPROVALS' },
    });
    await settle(harness);

    // Assess: the password reached Chime, the request is applied, and no sealed value is left.
    expect(harness.chime.hasCredential(connector, 'pbx-upgraded', password)).toBe(true);
    const stored = await documents.send(
      new GetCommand({ TableName: harness.core.config.changesTable, Key: { pk: `request#${id}` } }),
    );
    expect(stored.Item).toMatchObject({
      status: 'applied',
      after: { usernames: expect.arrayContaining(['pbx-upgraded']) },
    });
    expect(stored.Item).not.toHaveProperty('sealedCredentials');
    expect(stored.Item).not.toHaveProperty('sealedSecrets');
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.map((entry) => `${entry.action} ${entry.outcome}`)).toEqual([
      'change.approve approved',
      'change.apply applied',
    ]);
  });

  it('reads an applied credentials request whose usernames are stored as afterUsernames', async () => {
    // Prepare
    const id = 'CR-0LDVERS2';
    const now = Date.now();
    await documents.send(
      new PutCommand({
        TableName: harness.core.config.changesTable,
        Item: {
          pk: `request#${id}`,
          id,
          voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
          region: 'us-east-1',
          kind: 'credentials',
          teamId: 'T0SANDBOX',
          requesterId: 'U0REQUESTER',
          justification: 'Written by the previous version',
          before: { kind: 'credentials', credentials: { usernames: ['pbx-1'] } },
          beforeHash: credentialsHash({ usernames: ['pbx-1'] }),
          proposed: { kind: 'credentials', credentials: { usernames: ['pbx-2'] } },
          status: 'applied',
          approverId: 'U0APPROVER',
          createdAt: now,
          updatedAt: now,
          expiresAt: now + 3_600_000,
          afterUsernames: ['pbx-1', 'pbx-2'],
          outcomeAudited: true,
          submissionKey: 'V0OLDFORM2',
        },
      }),
    );

    // Act
    const request = await harness.core.changes.get(id);

    // Assess
    expect(request).toMatchObject({ status: 'applied', after: { usernames: ['pbx-1', 'pbx-2'] } });
  });

  it('runs a read job body queued by the previous version', async () => {
    // Prepare
    const before = harness.slack.workspace.ephemeralsFor('U0REQUESTER').length;

    // Act
    await harness.server.jobs.enqueue({
      kind: 'read',
      operation: 'termination',
      ref: { voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID, region: 'us-east-1' },
      share: false,
      actor: { userId: 'U0REQUESTER', teamId: 'T0SANDBOX' },
      channelId: 'C0OPS',
      reply: { kind: 'ephemeral', channelId: 'C0OPS' },
    });
    await settle(harness);

    // Assess
    const ephemerals = harness.slack.workspace.ephemeralsFor('U0REQUESTER').slice(before);
    expect(ephemerals.map((message) => message.text).join('\n')).toContain('Termination of voice connector');
  });

  it('files a credentials request from a submission job body of the previous version', async () => {
    // Prepare: the previous version carried the usernames and the sealed passwords in the proposal.
    const connector = SEED_CONTACT_CENTER_CONNECTOR_ID;
    const usernames = harness.chime.getCredentialUsernames(connector) ?? [];
    const sealer = harness.core.sealer;
    if (sealer === undefined) throw new Error('the harness configures SEAL_KEY');
    const viewId = 'V0OLDSUBMIT';
    const sealed = await sealer.seal([{ username: 'pbx-queued', password: 'Queued-Pa55!' }], viewId);
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;

    // Act
    await harness.server.jobs.enqueue({
      kind: 'submit-change',
      ref: { voiceConnectorId: connector, region: 'us-east-1' },
      justification: 'Queued by the previous version',
      beforeHash: credentialsHash({ usernames }),
      proposal: { kind: 'credentials', usernames: ['pbx-queued'], sealed },
      actor: { userId: 'U0REQUESTER', teamId: 'T0SANDBOX' },
      channelId: 'C0OPS',
      reply: { kind: 'view', viewId },
    });
    await settle(harness);

    // Assess
    const posted = harness.slack.workspace.messagesIn(APPROVALS).slice(before);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]?.blocks)).toContain('pbx-queued');
    const id = requestIdOf(posted[0]);
    expect((await harness.core.changes.get(id))?.sealedSecrets).toBe(sealed);
  });

  it('submits an origination form opened before the deploy, whose metadata has the short keys', async () => {
    // Prepare: a form opened now, its metadata rewritten as the previous version wrote it.
    await openForm(`origination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
    const view = harness.slack.workspace.topView('U0REQUESTER');
    if (view === undefined) throw new Error('the form did not open');
    const current = JSON.parse(view.privateMetadata) as Record<string, unknown>;
    view.privateMetadata = JSON.stringify({
      c: current.voiceConnectorId,
      r: current.region,
      ch: current.channelId,
      h: current.snapshotHash,
      k: current.rows,
      n: current.nextRow,
    });
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;

    // Act
    const submitted = await harness.slack
      .userAgent('U0REQUESTER')
      .submitView({ 'Route 1 · Port': '5099', Justification: 'Opened before the deploy' });
    await settle(harness);

    // Assess
    expect(submitted.sent && submitted.responseAction).toBe('update');
    const posted = harness.slack.workspace.messagesIn(APPROVALS).slice(before);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]?.blocks)).toContain('*5099*');
  });
});
