import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import type { OcsfApiActivity } from '../../src/audit/ocsf-api-activity';
import { COMMAND, runCommand, settle, useBotHarness } from '../support/bot-harness';
import { CHECKPOINT_BUCKET, CHECKPOINT_KEY_ALIAS, useAuditSinks } from '../support/e2e-audit-sinks';
import { changeRequests } from '../support/e2e-change-requests';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

describe('signed checkpoints and the SIEM stream, seen from Slack', () => {
  const sinks = useAuditSinks();
  const harness = useBotHarness(() => ({
    env: {
      AUDIT_CHECKPOINT_BUCKET: CHECKPOINT_BUCKET,
      AUDIT_SIGNING_KEY_ID: CHECKPOINT_KEY_ALIAS,
      AWS_ENDPOINT_URL_S3: sinks.s3.url,
      AUDIT_STREAM_QUEUE_URL: sinks.sqs.queueUrl,
    },
  }));
  const { fileChangeRequest, approve } = changeRequests(harness);

  it('/chime audit checkpoint is for approvers: anyone else is told no, an approver gets the object written', async () => {
    // Prepare
    await runCommand(harness, 'U0APPROVER', `termination ${CONNECTOR}`);

    // Act
    const refused = await runCommand(harness, 'U0OBSERVER', 'audit checkpoint');
    const written = await runCommand(harness, 'U0APPROVER', 'audit checkpoint');

    // Assess
    expect(refused).toContain('Not allowed');
    expect(written).toContain('Checkpoint 1 written');
    expect(written).toContain('checkpoints/000000000001.json');
    expect(sinks.s3.versionsOf(CHECKPOINT_BUCKET, 'checkpoints/000000000001.json')).toHaveLength(1);
    const trail = await harness.core.auditLog.recentForActor('U0APPROVER', 5);
    expect(trail.find((entry) => entry.action === 'audit.checkpoint')).toMatchObject({
      outcome: 'ok',
      details: { key: 'checkpoints/000000000001.json' },
    });
  });

  it('/chime audit verify names the checkpoint that proves the newest entries were removed and the counter rewritten', async () => {
    // Prepare: three more reads, a checkpoint, then someone with table access cuts the chain back.
    const alice = harness.slack.userAgent('U0REQUESTER');
    for (let index = 0; index < 3; index++) await alice.runSlashCommand(COMMAND, `termination ${CONNECTOR}`);
    await settle(harness);
    const written = await harness.core.checkpoints?.write();
    const documents = DynamoDBDocumentClient.from(harness.core.dynamoDb);
    const chain = `vc:${CONNECTOR}`;
    const vouched = written ? (await harness.core.checkpoints?.vouchersFor(chain))?.[0] : undefined;
    if (!vouched) throw new Error('the checkpoint names the chain');
    for (const seq of [vouched.seq, vouched.seq - 1]) {
      await documents.send(new DeleteCommand({ TableName: harness.core.config.auditTable, Key: { chain, seq } }));
    }
    await documents.send(
      new UpdateCommand({
        TableName: harness.core.config.auditSequenceTable,
        Key: { chain },
        UpdateExpression: 'SET #next = :last',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':last': vouched.seq - 2 },
      }),
    );

    // Act
    const verdict = await runCommand(harness, 'U0APPROVER', `audit verify ${CONNECTOR}`);

    // Assess
    expect(verdict).toContain('Audit trail broken');
    expect(verdict).toContain(`signed checkpoint ${vouched.number}`);
    expect(verdict).toContain(vouched.key);
    expect(verdict).toContain(`vouches for #${vouched.seq}`);
  });

  it('delivers an applied change to the SIEM stream once (after dropping duplicates by id) as OCSF API Activity', async () => {
    // Prepare: alice asks to move route 1 of a connector, bob approves.
    const connector = SEED_BRANCH_OFFICES_CONNECTOR_ID;
    const request = await fileChangeRequest(`origination ${connector}`, {
      'Route 1 · Port': '5090',
      Justification: 'SIEM stream test',
    });

    // Act
    await approve(request);
    // A checkpoint re-ships what it vouches for: consumers see duplicates and drop them by id.
    await harness.core.checkpoints?.write();

    // Assess
    const records = sinks.sqs.delivered.map((message) => ({
      group: message.groupId,
      record: JSON.parse(message.body) as OcsfApiActivity,
    }));
    const unique = [...new Map(records.map((each) => [each.record.metadata.uid, each])).values()];
    const applies = unique.filter(
      ({ record }) => record.unmapped.action === 'change.apply' && record.resources?.[0]?.uid === connector,
    );
    expect(applies).toHaveLength(1);
    const [{ group, record } = { group: '', record: undefined }] = applies;
    expect(group).toBe(`vc:${connector}`);
    expect(record).toMatchObject({
      class_uid: 6003,
      category_uid: 6,
      activity_id: 3,
      type_uid: 600303,
      status: 'Success',
      metadata: { version: '1.3.0', log_name: `vc:${connector}` },
      actor: { user: { uid: 'U0APPROVER', type: 'User' }, app_name: 'Slack', invoked_by: 'chime-voice-ops' },
      api: { operation: 'PutVoiceConnectorOrigination', service: { name: 'chime-sdk-voice' } },
      resources: [{ uid: connector, type: 'AWS::ChimeSDKVoice::VoiceConnector', region: 'us-east-1' }],
    });
    // In order per connector: the first delivery of each record comes in seq order, with no gap.
    const sequence = unique
      .filter((each) => each.group === `vc:${connector}`)
      .map((each) => each.record.metadata.sequence);
    expect(sequence).toEqual(Array.from({ length: sequence.length }, (_, index) => index + 1));
    expect(unique.find(({ record }) => record.unmapped.action === 'change.request')?.record.actor.user.uid).toBe(
      'U0REQUESTER',
    );
  });
});
