import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcsfApiActivity } from '../../src/audit/ocsf-api-activity';
import { type BotHarness, COMMAND, settle, startBotHarness } from '../support/bot-harness';
import { type KmsStandIn, startKmsStandIn } from '../support/kms-stand-in';
import { type S3StandIn, startS3StandIn } from '../support/s3-stand-in';
import { type SqsFifoStandIn, startSqsFifoStandIn } from '../support/sqs-fifo-stand-in';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const BUCKET = 'chime-voice-ops-audit-checkpoints';
const KEY_ALIAS = 'alias/chime-voice-ops-audit-checkpoints';

function visible(message: { text: string; blocks: unknown[] } | undefined): string {
  return message === undefined ? '' : `${message.text}\n${JSON.stringify(message.blocks)}`;
}

describe('signed checkpoints and the SIEM stream, seen from Slack', () => {
  let harness: BotHarness;
  let s3: S3StandIn;
  let kms: KmsStandIn;
  let sqs: SqsFifoStandIn;
  const saved = { ...process.env };

  beforeAll(async () => {
    [s3, kms, sqs] = await Promise.all([
      startS3StandIn(),
      startKmsStandIn(),
      startSqsFifoStandIn('chime-voice-ops-audit.fifo'),
    ]);
    s3.createBucket(BUCKET, { objectLock: { mode: 'COMPLIANCE', days: 365 } });
    kms.createSigningKey(KEY_ALIAS);
    // The SDK's own endpoint variables, as for the harness's Chime and DynamoDB.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
    });
    harness = await startBotHarness({
      env: {
        AUDIT_CHECKPOINT_BUCKET: BUCKET,
        AUDIT_SIGNING_KEY_ID: KEY_ALIAS,
        AWS_ENDPOINT_URL_S3: s3.url,
        AUDIT_STREAM_QUEUE_URL: sqs.queueUrl,
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
    await Promise.all([s3?.close(), kms?.close(), sqs?.close()]);
    process.env = saved;
  });

  function lastReply(userId: string): string {
    return visible(harness.slack.workspace.ephemeralsFor(userId).at(-1));
  }

  it('/chime audit checkpoint is for approvers: anyone else is told no, an approver gets the object written', async () => {
    // Prepare
    const carol = harness.slack.userAgent('U0OBSERVER');
    const bob = harness.slack.userAgent('U0APPROVER');
    await bob.runSlashCommand(COMMAND, `termination ${CONNECTOR}`);
    await settle(harness);

    // Act
    await carol.runSlashCommand(COMMAND, 'audit checkpoint');
    await settle(harness);
    const refused = lastReply('U0OBSERVER');
    await bob.runSlashCommand(COMMAND, 'audit checkpoint');
    await settle(harness);

    // Assess
    expect(refused).toContain('Not allowed');
    expect(lastReply('U0APPROVER')).toContain('Checkpoint 1 written');
    expect(lastReply('U0APPROVER')).toContain('checkpoints/000000000001.json');
    expect(s3.versionsOf(BUCKET, 'checkpoints/000000000001.json')).toHaveLength(1);
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
    await harness.slack.userAgent('U0APPROVER').runSlashCommand(COMMAND, `audit verify ${CONNECTOR}`);
    await settle(harness);

    // Assess
    const verdict = lastReply('U0APPROVER');
    expect(verdict).toContain('Audit trail broken');
    expect(verdict).toContain(`signed checkpoint ${vouched.number}`);
    expect(verdict).toContain(vouched.key);
    expect(verdict).toContain(`vouches for #${vouched.seq}`);
  });

  it('delivers an applied change to the SIEM stream once (after dropping duplicates by id) as OCSF API Activity', async () => {
    // Prepare: alice asks to move route 1 of a connector, bob approves.
    const alice = harness.slack.userAgent('U0REQUESTER');
    const connector = SEED_BRANCH_OFFICES_CONNECTOR_ID;
    await alice.runSlashCommand(COMMAND, `origination ${connector}`);
    await settle(harness);
    await alice.submitView({ 'Route 1 · Port': '5090', Justification: 'SIEM stream test' });
    await settle(harness);
    const request = harness.slack.workspace.messagesIn('C0APPROVALS').at(-1) as ChannelMessage;

    // Act
    await harness.slack
      .userAgent('U0APPROVER')
      .clickButton('change_approve', { surface: { kind: 'message', channelId: 'C0APPROVALS', ts: request.ts } });
    await settle(harness);
    // A checkpoint re-ships what it vouches for: consumers see duplicates and drop them by id.
    await harness.core.checkpoints?.write();

    // Assess
    const records = sqs.delivered.map((message) => ({
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
