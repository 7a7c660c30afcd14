import { describe, expect, it } from 'vitest';
import { ActionId, BlockId, CallbackId } from '../../../src/blocks/ids';
import { rejectReasonModal } from '../../../src/blocks/reject-reason-modal';
import { APPROVER, originationRequest } from '../../support/change-fixtures';
import { createListenerHarness, sendToNewHarness } from '../../support/listener-harness';
import { rejectReasonValues } from '../../support/modal-state-values';
import { InMemorySlackDirectory } from '../../support/slack-directory-double';
import {
  APPROVALS_CHANNEL,
  APPROVER_USER,
  messageButtonClick,
  modalButtonClick,
  OPS_CHANNEL,
  OUTSIDER_USER,
  REQUESTER_USER,
  viewOutput,
  viewSubmission,
} from '../../support/slack-payloads';
import {
  queuedFromApprovalsChannel,
  queuedFromOpsChannel,
  REQUESTER_ACTOR,
  replyTo,
  viewReply,
} from '../../support/unit-listener-jobs';

const REQUEST_ID = originationRequest().id;

/** A click on one of the approval message's buttons. */
function clickOnApprovalMessage(actionId: string, options: { value?: string; user?: typeof APPROVER_USER } = {}) {
  return messageButtonClick({
    actionId,
    blockId: BlockId.ChangeActions,
    value: options.value ?? REQUEST_ID,
    user: options.user ?? APPROVER_USER,
    channel: APPROVALS_CHANNEL,
  });
}

/** The `decide` job's own members for a click on a request's button: which request, and which click. */
function decisionOf(decision: string, click: { actions: { action_ts: string }[] }) {
  return { kind: 'decide', decision, changeRequestId: REQUEST_ID, interactionId: click.actions[0]?.action_ts };
}

describe('change request listeners', () => {
  it('queues an approval with the click’s action_ts, so a redelivery is told from a second click', async () => {
    // Prepare
    const click = clickOnApprovalMessage(ActionId.Approve);

    // Act
    const { harness, ack } = await sendToNewHarness(click);

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.jobs.single('decide')).toEqual({
      ...decisionOf('approve', click),
      source: { channelId: APPROVALS_CHANNEL.id, ts: click.message?.ts },
      ...queuedFromApprovalsChannel(),
    });
    expect(harness.timeline).toEqual(['ack', 'job:decide']);
  });

  it('answers an approval clicked on the Home tab by DM, never by replacing the Home view', async () => {
    // Prepare
    const home = {
      ...viewOutput({ type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] }),
      type: 'home',
    };
    const click = modalButtonClick({
      actionId: ActionId.Approve,
      blockId: `home_decide_${REQUEST_ID}`,
      value: REQUEST_ID,
      user: APPROVER_USER,
      view: home as never,
    });

    // Act
    const { harness } = await sendToNewHarness(click);

    // Assess
    expect(harness.jobs.single('decide')).toMatchObject({
      decision: 'approve',
      source: { surface: 'app-home' },
      reply: { kind: 'dm', userId: APPROVER },
    });
  });

  it('refuses a forged button value: an audited refusal and nothing else', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(
      clickOnApprovalMessage(ActionId.Approve, { value: 'CR-1"; DROP TABLE' }),
    );

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      action: 'change.approve',
      outcome: 'invalid',
      reason: 'malformed-button-value',
      ...queuedFromApprovalsChannel(),
    });
    expect(harness.slack.calls).toEqual([]);
    expect(harness.slack.responseUrlPosts).toEqual([]);
  });

  it('audits a forged value on every button under that button’s action', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    for (const actionId of [ActionId.Reject, ActionId.Cancel, ActionId.Revert]) {
      await harness.send(clickOnApprovalMessage(actionId, { value: 'not-a-request' }));
    }

    // Assess
    expect(harness.jobs.jobs.map((job) => (job.kind === 'record-refusal' ? job.action : job.kind))).toEqual([
      'change.reject',
      'change.cancel',
      'change.request',
    ]);
    expect(harness.slack.calls).toEqual([]);
  });

  it('tells someone who may not reject at once, through the response_url, and audits the refusal', async () => {
    // Prepare
    const click = clickOnApprovalMessage(ActionId.Reject, { user: OUTSIDER_USER });

    // Act
    const { harness, ack } = await sendToNewHarness(click);

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.slack.responseUrlPosts).toEqual([
      {
        url: click.response_url,
        body: {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'You are not allowed to approve or reject changes: ask an admin to add you (or one of your user groups) to `APPROVERS`.',
        },
      },
    ]);
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      action: 'change.reject',
      outcome: 'denied',
      reason: 'not-an-approver',
      actor: { userId: OUTSIDER_USER.id },
    });
    expect(harness.slack.callsTo('views.open')).toEqual([]);
  });

  it('opens the reason modal for an approver, with the request and the channel in its metadata', async () => {
    // Prepare
    const click = clickOnApprovalMessage(ActionId.Reject);

    // Act
    const { harness } = await sendToNewHarness(click);

    // Assess
    const [open, ...others] = harness.slack.calls;
    expect(others).toEqual([]);
    expect(open?.method).toBe('views.open');
    expect(open?.args.trigger_id).toBe(click.trigger_id);
    expect(open?.args.view?.callback_id).toBe(CallbackId.RejectReasonModal);
    expect(JSON.parse(open?.args.view?.private_metadata ?? '')).toEqual({
      id: REQUEST_ID,
      ch: APPROVALS_CHANNEL.id,
      ts: expect.stringMatching(/^\d+\.\d+$/),
    });
    expect(harness.jobs.jobs).toEqual([]);
  });

  it('lets an approver reject through a group in APPROVERS', async () => {
    // Prepare
    const harness = createListenerHarness({
      env: { APPROVERS: 'S0APPROVERS' },
      directory: new InMemorySlackDirectory({ groups: { S0APPROVERS: [OUTSIDER_USER.id] } }),
    });

    // Act
    await harness.send(clickOnApprovalMessage(ActionId.Reject, { user: OUTSIDER_USER }));

    // Assess
    expect(harness.slack.callsTo('views.open')).toHaveLength(1);
    expect(harness.directory.groupLookups).toEqual(['S0APPROVERS']);
  });

  it('queues the rejection with its trimmed reason, answered in the approval channel', async () => {
    // Prepare
    const form = rejectReasonModal({ id: REQUEST_ID, ch: APPROVALS_CHANNEL.id });

    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({ view: form, values: rejectReasonValues('  Wrong SBC  '), user: APPROVER_USER }),
    );

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.jobs.single('decide')).toEqual({
      kind: 'decide',
      decision: 'reject',
      changeRequestId: REQUEST_ID,
      interactionId: expect.any(String),
      source: null,
      reason: 'Wrong SBC',
      ...queuedFromApprovalsChannel(),
    });
  });

  it('asks for a reason inline when none is given, and audits the refusal', async () => {
    // Prepare
    const submission = viewSubmission({
      view: rejectReasonModal({ id: REQUEST_ID, ch: APPROVALS_CHANNEL.id }),
      values: rejectReasonValues('   '),
      user: APPROVER_USER,
    });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack).toEqual({ response_action: 'errors', errors: { [BlockId.RejectReason]: 'Say why you reject it.' } });
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      action: 'change.reject',
      outcome: 'invalid',
      reason: 'invalid: reason',
      ...queuedFromApprovalsChannel(),
      reply: viewReply(submission.view.id),
    });
  });

  it('says the reason modal is out of date when its metadata is forged', async () => {
    // Prepare
    const form = { ...rejectReasonModal({ id: REQUEST_ID }), private_metadata: '{"id":"CR-../../etc"}' };

    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({ view: form, values: rejectReasonValues('Wrong SBC'), user: APPROVER_USER }),
    );

    // Assess
    expect(ack?.errors).toEqual({ [BlockId.RejectReason]: 'This form is out of date.' });
    expect(harness.jobs.single('record-refusal').reason).toBe('out-of-date-form');
  });

  it('queues a cancel that answers through the confirmation’s response_url, leaving no live button', async () => {
    // Prepare
    const click = messageButtonClick({
      actionId: ActionId.Cancel,
      value: REQUEST_ID,
      user: REQUESTER_USER,
      channel: OPS_CHANNEL,
      ephemeral: true,
    });

    // Act
    const { harness, ack } = await sendToNewHarness(click);

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.jobs.single('decide')).toEqual({
      ...decisionOf('cancel', click),
      ...queuedFromOpsChannel(replyTo(click)),
    });
    expect(harness.slack.responseUrlPosts).toEqual([]);
  });

  it('queues a revert of an applied request', async () => {
    // Act
    const { harness } = await sendToNewHarness(clickOnApprovalMessage(ActionId.Revert, { user: REQUESTER_USER }));

    // Assess
    expect(harness.jobs.single('revert')).toEqual({
      kind: 'revert',
      changeRequestId: REQUEST_ID,
      ...queuedFromApprovalsChannel(REQUESTER_ACTOR),
    });
  });

  it('acknowledges a link button and does nothing else', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(messageButtonClick({ actionId: ActionId.OpenLink }));

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.timeline).toEqual(['ack']);
  });
});
