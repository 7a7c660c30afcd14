import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEntryInput } from '../../src/audit/audit-entry';
import { SqsAuditStream } from '../../src/audit/audit-stream';
import { DynamoDbAuditLog } from '../../src/audit/dynamodb-audit-log';
import { type OcsfApiActivity, ocsfApiActivity } from '../../src/audit/ocsf-api-activity';
import { ensureTables } from '../../src/storage/ensure-tables';
import { auditTables } from '../support/audit-tables';
import {
  createTestDynamoDbClient,
  type RunningDynamoDb,
  startDynalite,
  TEST_AWS_CREDENTIALS,
  TEST_AWS_REGION,
  uniqueTableName,
} from '../support/dynamodb';
import { type SqsFifoStandIn, startSqsFifoStandIn } from '../support/sqs-fifo-stand-in';

const CONNECTOR = 'abcdef1234567890abcdef';

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'e-1',
    time: '2026-12-01T10:00:00.000Z',
    chain: `vc:${CONNECTOR}`,
    seq: 7,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    actorUserId: 'U0ALICE',
    actorName: 'alice',
    actorTeamId: 'T0TEAM',
    action: 'read.termination',
    voiceConnectorId: CONNECTOR,
    region: 'eu-west-2',
    outcome: 'ok',
    latencyMs: 84,
    ...overrides,
  };
}

describe('OCSF API Activity records', () => {
  it('maps a read to Read, the AWS call, the Slack user and the connector', () => {
    // Act
    const record = ocsfApiActivity(entry());

    // Assess
    expect(record).toMatchObject({
      class_uid: 6003,
      activity_id: 2,
      type_uid: 600302,
      time: Date.parse('2026-12-01T10:00:00.000Z'),
      status_id: 1,
      severity_id: 1,
      metadata: { version: '1.3.0', uid: 'e-1', sequence: 7, log_name: `vc:${CONNECTOR}` },
      actor: { user: { uid: 'U0ALICE', name: 'alice', type: 'User', account: { uid: 'T0TEAM' } }, app_name: 'Slack' },
      api: { operation: 'GetVoiceConnectorTermination', service: { name: 'chime-sdk-voice' } },
      resources: [{ uid: CONNECTOR, type: 'AWS::ChimeSDKVoice::VoiceConnector', region: 'eu-west-2' }],
      cloud: { provider: 'AWS', region: 'eu-west-2' },
      duration: 84,
    });
  });

  it('marks a refusal as a failure of medium severity, with its reason', () => {
    // Act
    const record = ocsfApiActivity(
      entry({ action: 'change.approve', outcome: 'denied', reason: 'self-approval', changeRequestId: 'CR-1' }),
    );

    // Assess
    expect(record).toMatchObject({ activity_id: 3, status_id: 2, severity_id: 3, severity: 'Medium' });
    expect(record.metadata.correlation_uid).toBe('CR-1');
    expect(record.unmapped).toMatchObject({ action: 'change.approve', outcome: 'denied', reason: 'self-approval' });
  });

  it('names a failed call’s AWS error', () => {
    const record = ocsfApiActivity(
      entry({ outcome: 'failed', errorName: 'NotFoundException', errorMessage: 'no such connector' }),
    );

    expect(record.api.response).toEqual({ error: 'NotFoundException', error_message: 'no such connector' });
    expect(record.status_code).toBe('NotFoundException');
  });
});

describe('the SIEM stream to SQS FIFO', () => {
  let dynamo: RunningDynamoDb;
  let sqs: SqsFifoStandIn;

  beforeAll(async () => {
    [dynamo, sqs] = await Promise.all([startDynalite(), startSqsFifoStandIn('audit.fifo')]);
  });
  afterAll(async () => {
    await Promise.all([dynamo?.stop(), sqs?.close()]);
  });

  /** One process: its own clients, its own audit log and stream, as a worker has. */
  function process(tableName: string) {
    const documentClient = DynamoDBDocumentClient.from(createTestDynamoDbClient(dynamo.endpoint));
    const client = new SQSClient({ endpoint: sqs.url, region: TEST_AWS_REGION, credentials: TEST_AWS_CREDENTIALS });
    let auditLog: DynamoDbAuditLog | undefined;
    const stream = new SqsAuditStream(client, sqs.queueUrl, {
      recordsBetween: (chain, after, before) => auditLog?.recordsBetween(chain, after, before) ?? Promise.resolve([]),
      shippedThrough: async () => 0,
    });
    auditLog = new DynamoDbAuditLog({ documentClient, tableName, stream });
    return auditLog;
  }

  it('delivers every record of a chain once, in seq order, while two processes write it at once', async () => {
    // Prepare
    const tableName = uniqueTableName('audit');
    await ensureTables(createTestDynamoDbClient(dynamo.endpoint), auditTables(tableName));
    const first = process(tableName);
    const second = process(tableName);
    const input: AuditEntryInput = {
      actorUserId: 'U0ALICE',
      actorTeamId: 'T0TEAM',
      action: 'read.termination',
      voiceConnectorId: CONNECTOR,
      region: 'us-east-1',
      outcome: 'ok',
    };
    const before = sqs.delivered.length;

    // Act
    await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 ? first : second).append(input)));

    // Assess: FIFO drops the repeats; what a consumer receives is each record once, in order.
    const received = sqs.delivered.slice(before).map((message) => JSON.parse(message.body) as OcsfApiActivity);
    expect(received.map((record) => record.metadata.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(received.map((record) => record.metadata.uid)).size).toBe(40);
    expect(sqs.delivered.slice(before).every((message) => message.groupId === `vc:${CONNECTOR}`)).toBe(true);
  }, 60_000);
});
