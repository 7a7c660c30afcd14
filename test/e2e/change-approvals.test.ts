import { ChimeSDKVoiceClient, PutVoiceConnectorOriginationCommand } from '@aws-sdk/client-chime-sdk-voice';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { describe, expect, it, vi } from 'vitest';
import { auditTableDefinition } from '../../src/audit/audit-table';
import { ManualClock } from '../../src/clock';
import { ensureTables } from '../../src/storage/ensure-tables';
import { COMMAND, lastEphemeral, settle, useBotHarness, visibleTopView, withBotHarness } from '../support/bot-harness';
import { expectSecretOnlyInChime } from '../support/e2e-assertions';
import { APPROVALS, approveJob, changeRequests, requestIdOf } from '../support/e2e-change-requests';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

describe('change approvals through Slack payloads', () => {
  const clock = new ManualClock(Date.now());
  const harness = useBotHarness({ clock });
  const requests = changeRequests(harness);
  const { approvalMessage, click, approve, reject } = requests;
  const putsTo = requests.originationPutsTo;

  /** Alice opens the origination form, changes route 1's port, and submits. */
  function requestPortChange(port: string, connector = CONNECTOR): Promise<ChannelMessage> {
    return requests.requestPortChange(port, connector);
  }

  it('applies a change only after another authorised person approves it, exactly once', async () => {
    // Prepare
    const port = harness.chime.getOrigination(CONNECTOR)?.Routes?.[0]?.Port;
    const message = await requestPortChange('5070');
    expect(visible(message)).toContain(`port ${port} → *5070*`);
    expect(visible(message)).toContain('Move route 1 to 5070');
    expect(putsTo(CONNECTOR)).toHaveLength(0);

    // Act
    await approve(message);

    // Assess
    const puts = putsTo(CONNECTOR);
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]?.body)).toContain('"Port":5070');
    const updated = approvalMessage(message.ts);
    expect(visible(updated)).toContain('Applied');
    expect(visible(updated)).not.toContain('change_approve');
    expect(harness.chime.getOrigination(CONNECTOR)?.Routes?.some((route) => route.Port === 5070)).toBe(true);
  });

  it('refuses approval by the requester and by someone not in APPROVERS, and changes nothing', async () => {
    const message = await requestPortChange('5071', SEED_BRANCH_OFFICES_CONNECTOR_ID);

    await approve(message, 'U0REQUESTER');
    expect(lastEphemeral(harness, 'U0REQUESTER')).toMatch(/someone else has to approve/i);

    await approve(message, 'U0OBSERVER');
    expect(lastEphemeral(harness, 'U0OBSERVER')).toContain('APPROVERS');

    expect(putsTo(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toHaveLength(0);
    expect(visible(approvalMessage(message.ts))).toContain('change_approve');

    // An approver through the user group may approve.
    await approve(message, 'U0APPROVER2');
    expect(putsTo(SEED_BRANCH_OFFICES_CONNECTOR_ID)).toHaveLength(1);
  });

  it('puts exactly once however many approve clicks arrive at the same time', async () => {
    // Prepare
    const message = await requestPortChange('5072');
    const id = requestIdOf(message);
    const before = putsTo(CONNECTOR).length;
    const noticesBefore = harness.slack.workspace.ephemeralsFor('U0REQUESTER').length;

    // Act
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        click(index % 2 === 0 ? 'U0APPROVER' : 'U0APPROVER2', 'change_approve', message),
      ),
    );
    await settle(harness);

    // Assess: one Put, one apply in the audit log, one notice to the requester, 19 told why not.
    expect(putsTo(CONNECTOR).length - before).toBe(1);
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.filter((entry) => entry.action === 'change.apply')).toHaveLength(1);
    expect(trail.filter((entry) => entry.action === 'change.approve' && entry.outcome === 'approved')).toHaveLength(1);
    const notices = harness.slack.workspace.ephemeralsFor('U0REQUESTER').slice(noticesBefore);
    expect(notices.filter((notice) => notice.text.includes(id))).toHaveLength(1);
    const told = [
      ...harness.slack.workspace.ephemeralsFor('U0APPROVER'),
      ...harness.slack.workspace.ephemeralsFor('U0APPROVER2'),
    ].filter((ephemeral) => ephemeral.text.includes(id) || visible(ephemeral).includes(id));
    expect(told.filter((ephemeral) => /already approved/i.test(visible(ephemeral)))).toHaveLength(19);
    // A second click is a decision of its own: refused and audited, unlike a redelivered job.
    expect(trail.filter((entry) => entry.action === 'change.approve' && entry.outcome === 'denied')).toHaveLength(19);
  });

  it('counts an Approve only from the request’s own approval message; one elsewhere is refused and audited', async () => {
    // Prepare: the approval message's blocks copied into #ops, and into an ephemeral for bob.
    const message = await requestPortChange('5092');
    const id = requestIdOf(message);
    const workspace = harness.slack.workspace;
    const copy = workspace.postMessage({
      channelId: 'C0OPS',
      text: message.text,
      blocks: message.blocks,
      asBot: true,
      via: 'chat.postMessage',
    });
    const ephemeral = workspace.postEphemeral({
      channelId: APPROVALS,
      userId: 'U0APPROVER',
      text: message.text,
      blocks: message.blocks,
      via: 'chat.postEphemeral',
    });
    const bob = harness.slack.userAgent('U0APPROVER');

    // Act
    await bob.clickButton('change_approve', { surface: { kind: 'message', channelId: 'C0OPS', ts: copy.ts } });
    await settle(harness);
    await bob.clickButton('change_approve', { surface: { kind: 'ephemeral', ts: ephemeral.ts } });
    await settle(harness);

    // Assess: nothing applied, bob told where to decide, each click audited as a refusal.
    expect(putsTo(CONNECTOR).filter((put) => JSON.stringify(put.body).includes('5092'))).toHaveLength(0);
    expect(lastEphemeral(harness, 'U0APPROVER')).toMatch(/only from its own approval message/);
    const refusals = (await harness.core.auditLog.forChangeRequest(id)).filter(
      (entry) => entry.action === 'change.approve' && entry.outcome === 'denied',
    );
    expect(refusals.map((entry) => entry.reason)).toEqual(['not-from-approval-message', 'not-from-approval-message']);
    expect(visible(approvalMessage(message.ts))).toContain('Waiting for approval');

    // The real message still works.
    await approve(message);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
  });

  it('refuses a second open request for the same connector and points to the first', async () => {
    const first = await requestPortChange('5073');
    await requests.openForm(`origination ${CONNECTOR}`);
    expect(visibleTopView(harness, 'U0REQUESTER')).toMatch(/still open/);
    await harness.slack.userAgent('U0REQUESTER').submitView({ 'Route 1 · Port': '5074', Justification: 'second try' });
    await settle(harness);

    const id = requestIdOf(first);
    expect(visibleTopView(harness, 'U0REQUESTER')).toContain(`already an open origination change request`);
    expect(visibleTopView(harness, 'U0REQUESTER')).toContain(id);
    await reject(first, 'cleaning up');
  });

  it('tells someone who may not reject at once, without asking them for a reason', async () => {
    const message = await requestPortChange('5085', SEED_BRANCH_OFFICES_CONNECTOR_ID);

    await requests.clickAndSettle('U0OBSERVER', 'change_reject', message);

    expect(harness.slack.workspace.topView('U0OBSERVER')).toBeUndefined();
    expect(lastEphemeral(harness, 'U0OBSERVER')).toContain('APPROVERS');
    const [refusal] = await harness.core.auditLog.recentForActor('U0OBSERVER', 1);
    expect(refusal).toMatchObject({ action: 'change.reject', outcome: 'denied', reason: 'not-an-approver' });
    // Clean up: bob rejects it properly.
    await reject(message);
  });

  it('rejects with a reason the requester sees, and applies nothing', async () => {
    const message = await requestPortChange('5075');
    const before = putsTo(CONNECTOR).length;

    await requests.clickAndSettle('U0APPROVER', 'change_reject', message);
    expect(harness.slack.workspace.topView('U0APPROVER')?.callbackId).toBe('chime_reject_reason');
    await harness.slack.userAgent('U0APPROVER').submitView({ Reason: 'Wrong SBC: use the backup pair' });
    await settle(harness);

    expect(visible(approvalMessage(message.ts))).toContain('Rejected');
    expect(visible(approvalMessage(message.ts))).toContain('Wrong SBC: use the backup pair');
    expect(lastEphemeral(harness, 'U0REQUESTER')).toContain('Wrong SBC');
    expect(putsTo(CONNECTOR).length).toBe(before);
  });

  it('expires a request nobody decided, and refuses to approve it afterwards', async () => {
    const message = await requestPortChange('5076');
    const before = putsTo(CONNECTOR).length;

    clock.advance(61 * 60_000);
    await approve(message);

    expect(lastEphemeral(harness, 'U0APPROVER')).toMatch(/expired/i);
    expect(visible(approvalMessage(message.ts))).toContain('Expired');
    expect(putsTo(CONNECTOR).length).toBe(before);
  });

  it('the scheduled sweep expires overdue requests and updates their messages', async () => {
    const message = await requestPortChange('5077');

    clock.advance(61 * 60_000);
    const expired = await harness.server.sweeper.sweepOnce();

    expect(expired).toBe(1);
    expect(visible(approvalMessage(message.ts))).toContain('Expired');
    expect(visible(approvalMessage(message.ts))).not.toContain('change_approve');
  });

  it('marks a request stale, and applies nothing, when the connector changed after it was made', async () => {
    // Prepare: someone changes the routes in the AWS console after the request was made.
    const message = await requestPortChange('5078');
    const current = harness.chime.getOrigination(CONNECTOR);
    await chimeClient().send(
      new PutVoiceConnectorOriginationCommand({
        VoiceConnectorId: CONNECTOR,
        Origination: {
          Routes: [
            ...(current?.Routes ?? []),
            { Host: 'sbc9.example.net', Port: 5060, Protocol: 'UDP', Priority: 9, Weight: 1 },
          ],
          Disabled: false,
        },
      }),
    );
    const before = putsTo(CONNECTOR).length;

    // Act
    await approve(message);

    // Assess: no Put from the bot, the message says stale.
    expect(putsTo(CONNECTOR).length).toBe(before);
    expect(visible(approvalMessage(message.ts))).toMatch(/stale/i);
  });

  it('reports the Chime error when the apply fails, and puts only once', async () => {
    const message = await requestPortChange('5079');
    const before = putsTo(CONNECTOR).length;
    harness.chime.failOperation('PutVoiceConnectorOrigination', {
      errorName: 'BadRequestException',
      message: 'Origination route host sbc1 is not reachable',
    });

    await approve(message);

    expect(putsTo(CONNECTOR).length - before).toBe(1);
    const text = visible(approvalMessage(message.ts));
    expect(text).toContain('Failed');
    expect(text).toContain('is not reachable');
  });

  it.each([
    ['a 200 whose body breaks the model', { Origination: { Routes: 'not a list' } }, '5082'],
    ['a 200 that is not JSON at all', '<html>gateway</html>', '5084'],
  ])(
    're-reads the connector after a Put answered with %s, and records it applied when it landed',
    async (_case, body, port) => {
      // Prepare: the Put lands, but its answer cannot be read.
      const message = await requestPortChange(port);
      const before = putsTo(CONNECTOR).length;
      harness.chime.answerWith('PutVoiceConnectorOrigination', { body, times: 1, afterApplying: true });

      // Act
      await approve(message);

      // Assess: one Put, then a read; applied, not failed.
      expect(putsTo(CONNECTOR).length - before).toBe(1);
      expect(harness.chime.getOrigination(CONNECTOR)?.Routes?.some((route) => route.Port === Number(port))).toBe(true);
      const text = visible(approvalMessage(message.ts));
      expect(text).toContain('Applied');
      expect(text).not.toContain('Failed');
      const id = requestIdOf(message);
      const trail = await harness.core.auditLog.forChangeRequest(id);
      // (The test clock stands still: entries share a timestamp, so look for the outcome, not its place.)
      const applies = trail.filter((entry) => entry.action === 'change.apply');
      expect(applies.map((entry) => entry.outcome)).toEqual(['applied']);
    },
  );

  it('records a Put refused cleanly by AWS (4xx) as failed without re-reading the connector', async () => {
    // Prepare
    const message = await requestPortChange('5083');
    harness.chime.failOperation('PutVoiceConnectorOrigination', { errorName: 'ForbiddenException', times: 1 });
    const readsBefore = harness.chime.requestsFor('GetVoiceConnectorOrigination').length;

    // Act
    await approve(message);

    // Assess: the one read is the stale check before the Put; none after it.
    expect(harness.chime.requestsFor('GetVoiceConnectorOrigination').length - readsBefore).toBe(1);
    expect(visible(approvalMessage(message.ts))).toContain('Failed');
  });

  it('a duplicate delivery of an approval finds the request applied and does not put again', async () => {
    const message = await requestPortChange('5080');
    await approve(message);
    const approval = harness.server.jobs.enqueued.findLast((job) => job.kind === 'decide');
    const before = putsTo(CONNECTOR).length;

    await harness.server.jobs.redeliver(approval as NonNullable<typeof approval>);
    await settle(harness);

    expect(putsTo(CONNECTOR).length).toBe(before);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
  });

  /** Everything a person could see of a request: its audit trail, the messages, the ephemerals. */
  async function everythingVisible(id: string, ts: string) {
    const workspace = harness.slack.workspace;
    return {
      audit: (await harness.core.auditLog.forChangeRequest(id)).length,
      approvalsChannel: workspace.messagesIn(APPROVALS).length,
      thread: workspace.repliesTo(APPROVALS, ts).map((reply) => reply.text),
      approvalMessage: JSON.stringify(approvalMessage(ts)),
      ephemerals: ['U0REQUESTER', 'U0APPROVER', 'U0APPROVER2'].map((user) => workspace.ephemeralsFor(user).length),
      slackCalls: workspace.calls.filter((call) => call.method.startsWith('chat.') || call.method === 'views.update')
        .length,
    };
  }

  it.each(['approve', 'reject'] as const)(
    'a finished %s job delivered again does nothing visible: no audit entry, no message',
    async (decision) => {
      // Prepare: bob decided, and the job ran to its end.
      const message = await requestPortChange(decision === 'approve' ? '5086' : '5087');
      const id = requestIdOf(message);
      await requests.clickAndSettle('U0APPROVER', `change_${decision}`, message);
      if (decision === 'reject') {
        await harness.slack.userAgent('U0APPROVER').submitView({ Reason: 'not this week' });
        await settle(harness);
      }
      const job = harness.server.jobs.enqueued.findLast(
        (queued) => queued.kind === 'decide' && queued.changeRequestId === id,
      );
      expect(job).toMatchObject({ decision, actor: { userId: 'U0APPROVER' } });
      const before = await everythingVisible(id, message.ts);
      const puts = putsTo(CONNECTOR).length;
      // The thread has the decision's history, once.
      expect(before.thread).toEqual(
        decision === 'approve'
          ? ['👍 Approved by <@U0APPROVER>; applying.', '✅ Applied.']
          : ['🚫 Rejected by <@U0APPROVER>: not this week'],
      );

      // Act: SQS delivers the same job again.
      await harness.server.jobs.redeliver(job as NonNullable<typeof job>);
      await settle(harness);

      // Assess
      expect(await everythingVisible(id, message.ts)).toEqual(before);
      expect(putsTo(CONNECTOR).length).toBe(puts);
    },
  );

  it('a finished submission delivered again posts nothing twice', async () => {
    const message = await requestPortChange('5090');
    const id = requestIdOf(message);
    const job = harness.server.jobs.enqueued.findLast((queued) => queued.kind === 'submit-change');
    const before = await everythingVisible(id, message.ts);

    await harness.server.jobs.redeliver(job as NonNullable<typeof job>);
    await settle(harness);

    const after = await everythingVisible(id, message.ts);
    // Only the form's confirmation (a modal, not a message) is shown again.
    expect({ ...after, slackCalls: 0 }).toEqual({ ...before, slackCalls: 0 });
    await reject(message);
  });

  it('when the audit log fails after the Put, tells the approver the sweep will finish it, and updates that message', async () => {
    // Prepare: the Put is slow, and the audit table disappears while it is under way.
    const message = await requestPortChange('5089');
    const id = requestIdOf(message);
    const putsBefore = putsTo(CONNECTOR).length;
    harness.chime.setLatency('PutVoiceConnectorOrigination', 300);
    const auditTable = harness.core.config.auditTable;
    const dynamoDb = harness.core.dynamoDb;

    // Act
    await click('U0APPROVER', 'change_approve', message);
    await vi.waitFor(() => expect(putsTo(CONNECTOR).length).toBe(putsBefore + 1), { timeout: 10_000 });
    await dynamoDb.send(new DeleteTableCommand({ TableName: auditTable }));
    await settle(harness);
    harness.chime.setLatency('PutVoiceConnectorOrigination', 0);

    // Assess: bob is told the truth in a direct message, not "nothing further will happen".
    const direct = () => harness.slack.workspace.messagesIn('D0APPROVER');
    expect(direct()).toHaveLength(1);
    const promise = visible(direct()[0]);
    expect(promise).toContain(id);
    expect(promise).toMatch(/will finish it automatically/);
    expect(promise).toMatch(/listed in the audit log/);
    expect(promise).toMatch(/This message will be updated/);
    expect(promise).not.toMatch(/Nothing further/i);
    expect(harness.chime.getOrigination(CONNECTOR)?.Routes?.[0]?.Port).toBe(5089);

    // Act: the audit log is back, and the sweep runs.
    await ensureTables(dynamoDb, [auditTableDefinition(auditTable)]);
    await harness.server.sweeper.sweepOnce();
    await settle(harness);

    // Assess: the outcome is audited once, every message says Applied, the requester is told.
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.filter((entry) => entry.action === 'change.apply' && entry.outcome === 'applied')).toHaveLength(1);
    expect(visible(direct()[0])).toContain('Applied');
    expect(visible(direct()[0])).not.toMatch(/will finish it automatically/);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
    expect(lastEphemeral(harness, 'U0REQUESTER')).toContain(id);
    expect(lastEphemeral(harness, 'U0REQUESTER')).toContain('Applied');
    expect(putsTo(CONNECTOR).length).toBe(putsBefore + 1);
  });

  it('resolves a claim whose worker died by re-reading the connector, never by a second put', async () => {
    // Prepare: a request approved by bob whose worker claimed it and died before the Put.
    const { message, id } = await requestLeftBehindByWorker(
      '5081',
      'SET #status = :applying, approverId = :bob, claimToken = :token, claimedAt = :then REMOVE pendingIndex',
      { ':applying': 'applying', ':bob': 'U0APPROVER', ':token': 'dead-worker', ':then': clock.now() },
    );
    const before = putsTo(CONNECTOR).length;

    // Act: SQS redelivers the approval.
    await harness.server.jobs.redeliver(approveJob(id));
    await settle(harness);

    // Assess: the connector never got the new port, so the outcome is unknown and said so.
    expect(putsTo(CONNECTOR).length).toBe(before);
    const text = visible(approvalMessage(message.ts));
    expect(text).toContain('Failed');
    expect(text).toContain('outcome unknown');
  });

  it('the sweep finishes an approved request whose worker never got to it', async () => {
    // Prepare: bob approved, and the job that should have applied it was lost.
    const { message, id } = await requestLeftBehindByWorker(
      '5084',
      'SET #status = :approved, openStatus = :approved, approverId = :bob, updatedAt = :then',
      { ':approved': 'approved', ':bob': 'U0APPROVER', ':then': clock.now() },
    );
    const before = putsTo(CONNECTOR).length;

    // Act
    const ended = await harness.server.sweeper.sweepOnce();

    // Assess
    expect(ended).toBe(1);
    expect(putsTo(CONNECTOR).length - before).toBe(1);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.map((entry) => `${entry.action} ${entry.outcome}`)).toContain('change.apply applied');
  });

  it('shows every invalid field inline and stores nothing', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const messagesBefore = harness.slack.workspace.messagesIn(APPROVALS).length;
    await requests.openForm(`origination ${CONNECTOR}`);
    // The refusal below is then alice's newest entry on its own (the test clock stands still otherwise).
    clock.advance(1_000);

    const outcome = await alice.submitView(
      {
        'Route 1 · Host': 'not a host',
        'Route 1 · Port': '70000',
        'Route 1 · Priority': '0',
        'Route 1 · Weight': '101',
        Justification: '   ',
      },
      { skipClientChecks: true },
    );
    await settle(harness);

    expect(outcome.sent && outcome.responseAction).toBe('errors');
    const errors = outcome.errors;
    const rowKey = Object.keys(errors)
      .find((key) => key.endsWith('_port'))
      ?.split('_')[1];
    expect(errors[`route_${rowKey}_host`]).toMatch(/fully qualified domain name or an IP address/);
    expect(errors[`route_${rowKey}_port`]).toMatch(/0 to 65535/);
    expect(errors[`route_${rowKey}_priority`]).toMatch(/1 to 100/);
    expect(errors[`route_${rowKey}_weight`]).toMatch(/1 to 100/);
    expect(errors.justification).toBeDefined();
    expect(harness.slack.workspace.messagesIn(APPROVALS).length).toBe(messagesBefore);
    // The refusal is audited with the fields at fault, never with what was typed.
    const [latest] = await harness.core.auditLog.recentForActor('U0REQUESTER', 1, CONNECTOR);
    expect(latest).toMatchObject({
      action: 'change.request',
      outcome: 'invalid',
      reason: 'invalid: host, justification, port, priority, weight',
    });
    expect(JSON.stringify(latest)).not.toContain('70000');
    await alice.closeView({ all: true });
  });

  it('refuses an origination identical to the one it was filled from, without a Chime call', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    await requests.openForm(`origination ${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);
    const calls = harness.chime.requests.length;

    const outcome = await alice.submitView({ Justification: 'no-op' });
    await settle(harness);

    expect(outcome.sent && outcome.errors.origination_disabled).toMatch(/Nothing to change/);
    expect(harness.chime.requests.length).toBe(calls);
    await alice.closeView({ all: true });
  });

  it('offers Revert on an applied change, which needs approval like any other', async () => {
    const message = await requestPortChange('5082');
    await approve(message);
    const approvalsBefore = harness.slack.workspace.messagesIn(APPROVALS).length;

    await requests.clickAndSettle('U0REQUESTER', 'change_revert', approvalMessage(message.ts));

    const revert = requests.latestApprovalMessage();
    expect(harness.slack.workspace.messagesIn(APPROVALS).length).toBe(approvalsBefore + 1);
    expect(visible(revert)).toContain('5082 → *');
    expect(visible(revert)).toContain('Revert of CR-');
    await approve(revert);
    expect(harness.chime.getOrigination(CONNECTOR)?.Routes?.some((route) => route.Port === 5082)).toBe(false);
  });

  it('lets the requester cancel from the confirmation', async () => {
    const message = await requestPortChange('5083');
    const confirmation = harness.slack.workspace
      .ephemeralsFor('U0REQUESTER')
      .findLast((ephemeral) => ephemeral.text.includes('waiting for approval'));

    await harness.slack
      .userAgent('U0REQUESTER')
      .clickButton('change_cancel', { surface: { kind: 'ephemeral', ts: confirmation?.ts ?? '' } });
    await settle(harness);

    expect(visible(approvalMessage(message.ts))).toContain('Cancelled');
    // The confirmation itself is replaced: no live Cancel button is left behind.
    const replaced = harness.slack.workspace.ephemeral(confirmation?.ts ?? '');
    expect(visible(replaced)).toContain('Cancelled');
    expect(visible(replaced)).not.toContain('change_cancel');
  });

  it('a Cancel clicked after the request was applied replaces the confirmation with the outcome', async () => {
    // Prepare: alice's confirmation still says "waiting for approval" after bob applied it.
    const message = await requestPortChange('5091');
    const id = requestIdOf(message);
    const confirmation = harness.slack.workspace
      .ephemeralsFor('U0REQUESTER')
      .findLast((ephemeral) => ephemeral.text.includes(id) && ephemeral.text.includes('waiting for approval'));
    await approve(message);
    expect(visible(harness.slack.workspace.ephemeral(confirmation?.ts ?? ''))).toContain('change_cancel');

    // Act
    await harness.slack
      .userAgent('U0REQUESTER')
      .clickButton('change_cancel', { surface: { kind: 'ephemeral', ts: confirmation?.ts ?? '' } });
    await settle(harness);

    // Assess: the confirmation now says how it ended, with no live button; the click is audited.
    const replaced = visible(harness.slack.workspace.ephemeral(confirmation?.ts ?? ''));
    expect(replaced).toContain(id);
    expect(replaced).toContain('Applied');
    expect(replaced).not.toContain('change_cancel');
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.some((entry) => entry.action === 'change.cancel' && entry.outcome === 'denied')).toBe(true);
  });

  describe('credentials', () => {
    const PASSWORD = 'Zq8!vL2#pW9x-unique';

    it('reaches Chime intact after approval, and the password appears nowhere else', async () => {
      // Prepare
      await requests.openForm(`credentials ${CONNECTOR}`, { callbackId: 'chime_credentials' });
      await harness.slack.userAgent('U0REQUESTER').clickButton('credentials_add_pair');
      await settle(harness);
      const message = await requests.submitChangeForm({
        'Credential 1 · Username': 'pbx-new',
        'Credential 1 · Password': PASSWORD,
        'Credential 2 · Username': 'pbx-spare',
        'Credential 2 · Password': `${PASSWORD}-2`,
        Justification: 'New PBX trunk',
      });
      expect(visible(message)).toContain('pbx-new');

      // Act
      await approve(message);

      // Assess: Chime got the credentials intact.
      expect(harness.chime.hasCredential(CONNECTOR, 'pbx-new', PASSWORD)).toBe(true);
      expect(harness.chime.hasCredential(CONNECTOR, 'pbx-spare', `${PASSWORD}-2`)).toBe(true);
      expect(visible(approvalMessage(message.ts))).toContain('Applied');
      expect(visible(approvalMessage(message.ts))).toContain('Usernames now');

      // …and the password is in no Slack call made by the bot, no job, no log line, no DynamoDB item.
      await expectSecretOnlyInChime(harness, PASSWORD);
      const logs = harness.logLines.join('\n');
      expect(logs).not.toContain(harness.botToken);
      expect(logs).not.toContain(harness.signingSecret);
      expect(harness.logLines.length).toBeGreaterThan(0);
      const request = await documents().send(
        new GetCommand({
          TableName: harness.core.config.changesTable,
          Key: { pk: `request#${requestIdOf(message)}` },
        }),
      );
      expect(request.Item?.sealedCredentials).toBeUndefined();
    });

    it('adds a row without echoing a typed password, and the password still reaches Chime intact', async () => {
      // Prepare: alice types a pair in row 1, then asks for another row.
      const firstPassword = 'Rw1!kP7#first-row-only';
      const secondPassword = 'Rw2!mQ4#second-row-only';
      const alice = harness.slack.userAgent('U0REQUESTER');
      await requests.openForm(`credentials ${CONNECTOR}`);
      alice.fillView({ 'Credential 1 · Username': 'pbx-row-one', 'Credential 1 · Password': firstPassword });
      const updatesBefore = harness.slack.workspace.callsTo('views.update').length;

      // Act
      await alice.clickButton('credentials_add_pair');
      await settle(harness);

      // Assess: the form the bot sent back has two password inputs, neither pre-filled.
      const updates = harness.slack.workspace.callsTo('views.update').slice(updatesBefore);
      expect(updates.length).toBeGreaterThan(0);
      const update = updates.at(-1)?.args;
      expect(JSON.stringify(update)).not.toContain(firstPassword);
      const view = update?.view as { blocks: { type: string; element?: Record<string, unknown> }[] };
      const passwordInputs = view.blocks
        .filter((block) => block.type === 'input' && block.element?.action_id === 'credential_password')
        .map((block) => block.element);
      expect(passwordInputs).toHaveLength(2);
      for (const input of passwordInputs) expect(input).not.toHaveProperty('initial_value');

      // Act: alice fills the new row and submits; bob approves.
      const message = await requests.submitChangeForm({
        'Credential 2 · Username': 'pbx-row-two',
        'Credential 2 · Password': secondPassword,
        Justification: 'Second trunk',
      });
      expect(visible(message)).toContain('pbx-row-one');
      await approve(message);

      // Assess: the password typed before the row was added arrived as typed.
      expect(visible(approvalMessage(message.ts))).toContain('Applied');
      expect(harness.chime.hasCredential(CONNECTOR, 'pbx-row-one', firstPassword)).toBe(true);
      expect(harness.chime.hasCredential(CONNECTOR, 'pbx-row-two', secondPassword)).toBe(true);
      const botCalls = JSON.stringify(harness.slack.workspace.calls.map((call) => call.args));
      expect(botCalls).not.toContain(firstPassword);
      expect(botCalls).not.toContain(secondPassword);
    });

    it('refuses a username with a colon and an empty password inline', async () => {
      const alice = harness.slack.userAgent('U0REQUESTER');
      await requests.openForm(`credentials ${CONNECTOR}`);

      const outcome = await alice.submitView(
        { 'Credential 1 · Username': 'pbx:main', 'Credential 1 · Password': '   ', Justification: 'x' },
        { skipClientChecks: true },
      );

      expect(outcome.sent && outcome.responseAction).toBe('errors');
      const errors = Object.entries(outcome.errors);
      expect(errors.find(([key]) => key.endsWith('_username'))?.[1]).toMatch(/cannot contain `:`/);
      expect(errors.find(([key]) => key.endsWith('_password'))?.[1]).toMatch(/Enter a password/);
      await alice.closeView({ all: true });
    });
  });

  function documents() {
    return DynamoDBDocumentClient.from(harness.core.dynamoDb);
  }
  /**
   * Alice's port change to `port`, whose stored request is then rewritten behind the bot's back
   * (`#status` names its status) as a worker that was lost or died left it, five minutes ago.
   */
  async function requestLeftBehindByWorker(port: string, updateExpression: string, values: Record<string, unknown>) {
    const message = await requestPortChange(port);
    const id = requestIdOf(message);
    await documents().send(
      new UpdateCommand({
        TableName: harness.core.config.changesTable,
        Key: { pk: `request#${id}` },
        UpdateExpression: updateExpression,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    clock.advance(5 * 60_000);
    return { message, id };
  }
  function chimeClient() {
    return new ChimeSDKVoiceClient({ region: 'us-east-1', endpoint: harness.chime.url, maxAttempts: 1 });
  }
});

describe('an approval channel the bot cannot post in', () => {
  it('ends the request at once, tells the requester what to fix, and lets a new request through', async () => {
    // Prepare
    await withBotHarness({ env: { APPROVAL_CHANNEL: 'C0NOWHERE' } }, async (harness) => {
      const alice = harness.slack.userAgent('U0REQUESTER');
      const submit = async () => {
        await alice.runSlashCommand(COMMAND, `origination ${CONNECTOR}`);
        await settle(harness);
        await alice.submitView({ 'Route 1 · Port': '5090', Justification: 'nowhere to post' });
        await settle(harness);
      };

      // Act
      await submit();

      // Assess
      expect(visibleTopView(harness, 'U0REQUESTER')).toContain('channel_not_found');
      const entries = await harness.core.auditLog.recentForConnector(CONNECTOR, 10);
      expect(entries[0]).toMatchObject({ action: 'change.request', outcome: 'failed' });
      expect(harness.chime.requestsFor('PutVoiceConnectorOrigination')).toHaveLength(0);
      await alice.closeView({ all: true });
      await submit();
      expect(visibleTopView(harness, 'U0REQUESTER')).not.toContain('already an open');
    });
  });
});
