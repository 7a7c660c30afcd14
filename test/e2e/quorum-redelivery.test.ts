import { SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { settle } from '../support/bot-harness';
import { changeRequests, requestIdOf, useBotHarnessWithSecurityGroup } from '../support/e2e-change-requests';
import { SECURITY } from '../support/policy-fixtures';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

const POLICY = `rules:
  - name: contact-centre
    approvals: 2
    approvers: [U0APPROVER, S0APPROVERS, S0SECURITY]
    requireFrom: [S0SECURITY]
`;

describe('a redelivered approval under a quorum', () => {
  const { harness } = useBotHarnessWithSecurityGroup(POLICY);
  const { requestPortChange, approve } = changeRequests(harness);

  it('does nothing visible, while the quorum waits and after it applied', async () => {
    // Prepare: alice asks; bob's approval is the first of two.
    const message = await requestPortChange('5093', CONNECTOR);
    const id = requestIdOf(message);
    await approve(message);
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
    await approve(message, SECURITY[0] as string);
    expect(harness.chime.getOrigination(CONNECTOR)?.Routes?.[0]?.Port).toBe(5093);
    const applied = await seen();
    await harness.server.jobs.redeliver(bobsJob as NonNullable<typeof bobsJob>);
    await settle(harness);
    expect(await seen()).toEqual(applied);
  });
});
