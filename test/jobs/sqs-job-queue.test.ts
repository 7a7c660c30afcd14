import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/jobs/job';
import type { Job, JobHandler } from '../../src/jobs/job-codec';
import { runSqsBatch } from '../../src/jobs/sqs-job-queue';
import { createLogger } from '../../src/logging/logger';
import { connectorOf, terminationJob } from '../support/jobs';

const MAX_ATTEMPTS = 3;

/** An SQS record as the Lambda event source delivers it. */
function sqsRecord(messageId: string, body: string, receiveCount: number): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1795424400000',
      SenderId: 'AROAEXAMPLE:chime-voice-ops-slack',
      ApproximateFirstReceiveTimestamp: '1795424400100',
    },
    messageAttributes: {},
    md5OfBody: '00000000000000000000000000000000',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:chime-voice-ops-jobs',
    awsRegion: 'us-east-1',
  };
}

function batchOf(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** A {@link JobHandler} that fails every job for the connectors in `failing`, and records what it was given. */
class RecordingHandler implements JobHandler {
  readonly deliveries: { job: Job; delivery: Delivery }[] = [];
  readonly reports: { job: Job; error: unknown }[] = [];

  constructor(private readonly failing: string[] = []) {}

  async handle(job: Job, delivery: Delivery): Promise<void> {
    this.deliveries.push({ job, delivery });
    if (this.failing.includes(connectorOf(job) ?? '')) throw new Error('Chime unreachable');
  }

  async reportFailure(job: Job, error: unknown): Promise<void> {
    this.reports.push({ job, error });
  }
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

const GOOD = 'goodgoodgoodgoodgood01';
const BAD = 'badbadbadbadbadbadba01';

describe('runSqsBatch', () => {
  it('returns a failing record for redelivery and tells nobody before its final attempt', async () => {
    // Prepare
    const handler = new RecordingHandler([BAD]);
    const { logger } = capturedLogger();
    const event = batchOf(
      sqsRecord('m-1', JSON.stringify(terminationJob({ voiceConnectorId: BAD })), MAX_ATTEMPTS - 1),
    );

    // Act
    const response = await runSqsBatch(event, handler, logger, MAX_ATTEMPTS);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(handler.deliveries[0]?.delivery).toEqual({ attempt: MAX_ATTEMPTS - 1, final: false });
    expect(handler.reports).toEqual([]);
  });

  it('on the final attempt tells the person and still fails the record, so that it reaches the DLQ', async () => {
    // Prepare
    const handler = new RecordingHandler([BAD]);
    const { logger } = capturedLogger();
    const job = terminationJob({ voiceConnectorId: BAD });
    const event = batchOf(sqsRecord('m-2', JSON.stringify(job), MAX_ATTEMPTS));

    // Act
    const response = await runSqsBatch(event, handler, logger, MAX_ATTEMPTS);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(handler.deliveries[0]?.delivery).toEqual({ attempt: MAX_ATTEMPTS, final: true });
    expect(handler.reports).toHaveLength(1);
    expect(handler.reports[0]?.job).toEqual(job);
  });

  it('fails a malformed body without running it or writing its text to the log', async () => {
    // Prepare: a body that is not JSON (short enough for the parser to quote it whole), and JSON that
    // is not a job; both carry text that must stay out of the logs.
    const notJson = 'Pw5ecret-7f!';
    const marker = 'pw-9f3Kq-never-logged';
    const handler = new RecordingHandler();
    const { logger, lines } = capturedLogger();
    const event = batchOf(
      sqsRecord('m-not-json', notJson, 1),
      sqsRecord('m-not-a-job', JSON.stringify({ kind: 'read', note: marker, region: marker }), 1),
    );

    // Act
    const response = await runSqsBatch(event, handler, logger, MAX_ATTEMPTS);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-not-json' }, { itemIdentifier: 'm-not-a-job' }]);
    expect(handler.deliveries).toEqual([]);
    expect(handler.reports).toEqual([]);
    const log = lines.join('');
    expect(log).toContain('malformed job');
    expect(log).toContain('m-not-json');
    expect(log).toContain('m-not-a-job');
    expect(log).not.toContain(notJson);
    expect(log).not.toContain(marker);
  });

  it('leaves a good record out of the failures of a mixed batch', async () => {
    // Prepare
    const handler = new RecordingHandler([BAD]);
    const { logger } = capturedLogger();
    const event = batchOf(
      sqsRecord('m-good', JSON.stringify(terminationJob({ voiceConnectorId: GOOD })), 1),
      sqsRecord('m-bad', JSON.stringify(terminationJob({ voiceConnectorId: BAD })), 1),
      sqsRecord('m-garbage', 'not json at all', 1),
    );

    // Act
    const response = await runSqsBatch(event, handler, logger, MAX_ATTEMPTS);

    // Assess
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(['m-bad', 'm-garbage']);
    expect(handler.deliveries.map(({ job }) => connectorOf(job))).toEqual([GOOD, BAD]);
  });
});
