import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { type BotHarness, COMMAND, settle, startBotHarness } from '../support/bot-harness';
import { SECURITY, workspaceWithSecurity, writePolicy } from '../support/policy-fixtures';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const APPROVALS = 'C0APPROVALS';

const POLICY = `rules:
  - name: contact-centre
    approvals: 2
    approvers: [U0APPROVER, S0APPROVERS, S0SECURITY]
    requireFrom: [S0SECURITY]
`;

describe('a redelivered approval under a quorum', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness({
      clock: new ManualClock(Date.now()),
      workspace: workspaceWithSecurity(),
      env: { APPROVERS: '', APPROVAL_POLICY: writePolicy(POLICY) },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('does nothing visible, while the quorum waits and after it applied', async () => {
    // Prepare: alice asks; bob's approval is the first of two.
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, `origination ${CONNECTOR}`);
    await settle(harness);
    await alice.submitView({ 'Route 1 · Port': '5093', Justification: 'Move route 1 to 5093' });
    await settle(harness);
    const message = harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
    const id = /CR-[0-9A-Z]{8}/.exec(message.text)?.[0] as string;
    const click = (userId: string) =>
      harness.slack
        .userAgent(userId)
        .clickButton('change_approve', { surface: { kind: 'message', channelId: APPROVALS, ts: message.ts } });
    await click('U0APPROVER');
    await settle(harness);
    const bobsJob = harness.server.jobs.enqueued.findLast(
      (job) => job.kind === 'decide' && job.actor.userId === 'U0APPROVER',
    );
    const seen = async () => ({
      audit: (await harness.core.auditLog.forChangeRequest(id)).length,
      calls: harness.slack.workspace.calls.filter((call) => call.method.startsWith('chat.')).length,
    });

    // Act and assess: bob's job again while the quorum waits.
    const waiting = await seen();
    await harness.server.jobs.redeliver(bobsJob as NonNullable<typeof bobsJob>);
    await settle(harness);
    expect(await seen()).toEqual(waiting);

    // Someone from @security completes the quorum; bob's job again after the apply.
    await click(SECURITY[0] as string);
    await settle(harness);
    expect(harness.chime.getOrigination(CONNECTOR)?.Routes?.[0]?.Port).toBe(5093);
    const applied = await seen();
    await harness.server.jobs.redeliver(bobsJob as NonNullable<typeof bobsJob>);
    await settle(harness);
    expect(await seen()).toEqual(applied);
  });
});
