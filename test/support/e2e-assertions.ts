import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import type { BotHarness } from './bot-harness';

/**
 * Asserts that `secret` (a password a person typed) went nowhere but to Chime: in no Slack call the
 * bot made, no queued job, no log line, and no item of the audit or change tables.
 */
export async function expectSecretOnlyInChime(harness: BotHarness, secret: string): Promise<void> {
  expect(JSON.stringify(harness.slack.workspace.calls.map((call) => call.args))).not.toContain(secret);
  expect(JSON.stringify(harness.server.jobs.enqueued)).not.toContain(secret);
  expect(harness.logLines.join('\n')).not.toContain(secret);
  for (const table of [harness.core.config.auditTable, harness.core.config.changesTable]) {
    const items = await harness.core.dynamoDb.send(new ScanCommand({ TableName: table }));
    expect(JSON.stringify(items.Items)).not.toContain(secret);
  }
}
