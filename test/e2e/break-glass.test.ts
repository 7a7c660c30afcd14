import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { COMMAND, lastEphemeral, runCommand, settle, visibleTopView } from '../support/bot-harness';
import { APPROVALS, changeRequests, requestIdOf, useBotHarnessWithPolicy } from '../support/e2e-change-requests';
import { visible } from '../support/visible-text';

const HOUR = 3_600_000;
const local = (at: number) => new Date(at).toISOString().slice(0, 16);

describe('break-glass through Slack payloads', () => {
  const start = Math.floor(Date.now() / 60_000) * 60_000;
  const clock = new ManualClock(start);
  const policy = `rules:
  - name: everything
    approvals: 2
    approvers: [U0APPROVER, S0APPROVERS]
freezes:
  - name: night
    start: "${local(start - HOUR)}"
    end: "${local(start + HOUR)}"
    timeZone: UTC
breakGlass:
  members: [U0REQUESTER]
  reviewWithinHours: 12
`;
  const harness = useBotHarnessWithPolicy(policy, { clock });
  const requests = changeRequests(harness);
  const { approvalMessage } = requests;
  const putsTo = requests.originationPutsTo;

  /** Alice moves route 1 of `connector` to `port` by break-glass; the message that announces it. */
  async function breakGlassPortChange(connector: string, port: string, justification: string) {
    await requests.submitForm(`origination ${connector} --break-glass`, {
      'Route 1 · Port': port,
      Justification: justification,
    });
    return harness.slack.workspace
      .messagesIn(APPROVALS)
      .filter((posted) => posted.text.includes('BREAK GLASS'))
      .at(-1) as ChannelMessage;
  }

  it('a listed member applies at once, exactly once, during a freeze, loudly, audited, and reviewed afterwards', async () => {
    // Prepare
    const alice = harness.slack.userAgent('U0REQUESTER');
    await requests.openForm(`origination ${SEED_CONTACT_CENTER_CONNECTOR_ID} --break-glass`);
    const form = harness.slack.workspace.topView('U0REQUESTER');
    expect(JSON.stringify(form?.blocks)).toContain('Break glass.');

    // Act
    const message = await requests.submitChangeForm({
      'Route 1 · Port': '5099',
      Justification: 'PBX down, moving to the standby SBC port',
    });

    // Assess: applied once, without approval, despite the freeze, announced to the approvers.
    expect(putsTo(SEED_CONTACT_CENTER_CONNECTOR_ID)).toHaveLength(1);
    const id = requestIdOf(message);
    // The post itself (before the outcome updated it) mentions every approver of the rule.
    const post = harness.slack.workspace.calls.find(
      (call) => call.method === 'chat.postMessage' && String(call.args.text).includes(id),
    );
    expect(post?.args.text).toContain('BREAK GLASS');
    expect(post?.args.text).toContain('<@U0APPROVER> <!subteam^S0APPROVERS> please review it');
    expect(message.text).toContain('BREAK GLASS');
    const shown = visible(approvalMessage(message.ts));
    expect(shown).toContain('Applied');
    expect(shown).toContain('Applied by break-glass during the change freeze *night*');
    expect(shown).toContain('change_mark_reviewed');
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.find((entry) => entry.action === 'change.request')?.details).toMatchObject({ breakGlass: true });
    expect(trail.find((entry) => entry.action === 'change.approve')).toMatchObject({
      actorUserId: 'U0REQUESTER',
      outcome: 'approved',
      details: { breakGlass: true },
    });
    expect(trail.filter((entry) => entry.action === 'change.apply')).toHaveLength(1);
    expect(trail.find((entry) => entry.action === 'change.apply')?.details).toMatchObject({ breakGlass: true });

    // It shows up as unreviewed.
    const bob = harness.slack.userAgent('U0APPROVER');
    expect(await runCommand(harness, 'U0APPROVER', 'audit --unreviewed')).toContain(id);

    // The requester (no approver) cannot review it; an approver can, once.
    const surface = { kind: 'message' as const, channelId: APPROVALS, ts: message.ts };
    await alice.clickButton('change_mark_reviewed', { surface }).catch(() => undefined);
    await settle(harness);
    expect(lastEphemeral(harness, 'U0REQUESTER')).toContain('You are not allowed to approve or reject changes');
    await bob.clickButton('change_mark_reviewed', { surface });
    await settle(harness);
    await bob.clickButton('change_mark_reviewed', { surface }).catch(() => undefined);
    await settle(harness);
    expect(visible(approvalMessage(message.ts))).toContain('Reviewed by <@U0APPROVER>');
    const reviews = (await harness.core.auditLog.forChangeRequest(id)).filter(
      (entry) => entry.action === 'change.review' && entry.outcome === 'ok',
    );
    expect(reviews).toHaveLength(1);
    expect(await runCommand(harness, 'U0APPROVER', 'audit --unreviewed')).toContain(
      'No break-glass change is waiting for review',
    );
    expect(harness.slack.workspace.repliesTo(APPROVALS, message.ts).map((reply) => reply.text)).toEqual([
      '✅ Applied.',
      '🔎 Reviewed by <@U0APPROVER>.',
    ]);
  });

  it('refuses --break-glass to anyone the list does not name, and changes nothing', async () => {
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;
    await requests.submitForm(
      `origination ${SEED_BRANCH_OFFICES_CONNECTOR_ID} --break-glass`,
      { 'Route 1 · Port': '5098', Justification: 'I would like to skip approval' },
      { userId: 'U0OBSERVER' },
    );

    expect(putsTo(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toHaveLength(0);
    expect(harness.slack.workspace.messagesIn(APPROVALS)).toHaveLength(before);
    expect(visibleTopView(harness, 'U0OBSERVER')).toContain('not on the break-glass list');
    const recent = await harness.core.auditLog.recentForActor('U0OBSERVER', 5);
    expect(recent.find((entry) => entry.action === 'change.request')).toMatchObject({
      outcome: 'denied',
      reason: 'not-a-break-glass-member',
    });
  });

  it('a revert asked for by an approver is the review of the break-glass change', async () => {
    const message = await breakGlassPortChange(SEED_BRANCH_OFFICES_CONNECTOR_ID, '5097', 'Branch PBX moved, urgent');
    const id = requestIdOf(message);

    await requests.clickAndSettle('U0APPROVER', 'change_revert', message);

    expect((await harness.core.changes.get(id))?.review).toMatchObject({ reviewedBy: 'U0APPROVER', outcome: 'revert' });
    expect(visible(approvalMessage(message.ts))).toContain('who asked for a revert');
  });

  it('shows the Break glass checkbox in a change form to a listed member only', async () => {
    const hasCheckbox = (userId: string) =>
      (harness.slack.workspace.topView(userId)?.blocks ?? []).some(
        (block) => (block as { block_id?: string }).block_id === 'break_glass',
      );
    await harness.slack
      .userAgent('U0REQUESTER')
      .runSlashCommand(COMMAND, `origination ${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);
    await harness.slack
      .userAgent('U0OBSERVER')
      .runSlashCommand(COMMAND, `origination ${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);
    await settle(harness);

    expect(hasCheckbox('U0REQUESTER')).toBe(true);
    expect(hasCheckbox('U0OBSERVER')).toBe(false);
  });

  it('reminds the approvers once in the thread when an unreviewed change is due for review', async () => {
    // Prepare: a break-glass change nobody reviews (review within 12 hours).
    const message = await breakGlassPortChange(SEED_CONTACT_CENTER_CONNECTOR_ID, '5096', 'SBC failover, urgent');
    const id = requestIdOf(message);
    const reminders = () =>
      harness.slack.workspace.repliesTo(APPROVALS, message.ts).filter((reply) => reply.text.startsWith('⏰'));

    // Act: sweeps early, then several once the review is due within the hour.
    clock.advance(2 * HOUR);
    await harness.server.sweeper.sweepOnce();
    const early = reminders().length;
    clock.advance(9.5 * HOUR);
    await Promise.all([harness.server.sweeper.sweepOnce(), harness.server.sweeper.sweepOnce()]);
    await harness.server.sweeper.sweepOnce();

    // Assess
    expect(early).toBe(0);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]?.text).toContain(
      `<@U0APPROVER>, <!subteam^S0APPROVERS>: break-glass change ${id} is not reviewed yet`,
    );
  });
});
