import type { EmulatedOperation } from '@chime-voice-ops/chime-emulator';
import type {
  BlockActionOutcome,
  ChannelMessage,
  ViewInputValues,
  ViewSubmissionOutcome,
} from '@chime-voice-ops/slack-sandbox';
import { expect } from 'vitest';
import { ManualClock } from '../../src/clock';
import type { JobPayload } from '../../src/jobs/job';
import { type BotHarness, type BotHarnessOptions, COMMAND, settle, useBotHarness } from './bot-harness';
import { workspaceWithSecurity, writePolicy } from './policy-fixtures';
import { visible } from './visible-text';

/** The channel the harness's bot posts change requests in (its APPROVAL_CHANNEL). */
export const APPROVALS = 'C0APPROVALS';

/** The ID (`CR-` and eight capitals or digits) of the change request a message is about. */
export function requestIdOf(message: { text: string } | undefined): string {
  const id = /CR-[0-9A-Z]{8}/.exec(message?.text ?? '')?.[0];
  if (id === undefined) throw new Error(`no change request ID in ${JSON.stringify(message?.text)}`);
  return id;
}

/** The values of an origination form that moves route 1 to `port`, with a justification saying so. */
export function portChange(port: string): ViewInputValues {
  return { 'Route 1 · Port': port, Justification: `Move route 1 to ${port}` };
}

/** Who opens a change form, and the form the command must open (its callback ID), when checked. */
export interface ChangeFormOptions {
  /** Default: alice, `U0REQUESTER`. */
  userId?: string;
  callbackId?: string;
}

/**
 * The steps of a change request as people take them in Slack, over one harness: filing it from a
 * form, the approval message, clicking its buttons, approving and rejecting. Every step that
 * starts background work waits for it, unless its name says otherwise (`click`).
 *
 * @example
 * const { requestPortChange, approve, approvalMessage } = changeRequests(harness);
 * const message = await requestPortChange('5070', CONNECTOR);
 * await approve(message);
 * expect(visible(approvalMessage(message.ts))).toContain('Applied');
 */
export function changeRequests(harness: BotHarness) {
  /** The approval message as it is now (after the bot's updates). */
  function approvalMessage(ts: string): ChannelMessage {
    return harness.slack.workspace.message(APPROVALS, ts) as ChannelMessage;
  }

  /** The newest top-level message in the approval channel. */
  function latestApprovalMessage(): ChannelMessage {
    return harness.slack.workspace.messagesIn(APPROVALS).at(-1) as ChannelMessage;
  }

  /** `userId` clicks the button `actionId` of a message in the approval channel; nothing is waited for. */
  function click(userId: string, actionId: string, message: ChannelMessage): Promise<BlockActionOutcome> {
    return harness.slack
      .userAgent(userId)
      .clickButton(actionId, { surface: { kind: 'message', channelId: APPROVALS, ts: message.ts } });
  }

  /** {@link click}, then waits for what the click started. */
  async function clickAndSettle(userId: string, actionId: string, message: ChannelMessage): Promise<void> {
    await click(userId, actionId, message);
    await settle(harness);
  }

  /** `userId` (default: bob, `U0APPROVER`) clicks Approve on the request's message. */
  async function approve(message: ChannelMessage, userId = 'U0APPROVER'): Promise<void> {
    await clickAndSettle(userId, 'change_approve', message);
  }

  /** `userId` (default: bob) clicks Reject on the request's message and gives `reason` in the modal. */
  async function reject(message: ChannelMessage, reason = 'test over', userId = 'U0APPROVER'): Promise<void> {
    await clickAndSettle(userId, 'change_reject', message);
    await harness.slack.userAgent(userId).submitView({ Reason: reason });
    await settle(harness);
  }

  /** Types `/chime <command>` and waits for the form it opens; checks which form when told. */
  async function openForm(command: string, options: ChangeFormOptions = {}): Promise<void> {
    const userId = options.userId ?? 'U0REQUESTER';
    await harness.slack.userAgent(userId).runSlashCommand(COMMAND, command);
    await settle(harness);
    if (options.callbackId !== undefined) {
      expect(harness.slack.workspace.topView(userId)?.callbackId).toBe(options.callbackId);
    }
  }

  /** Types `/chime <command>`, then submits the form it opened with `values`; waits for both. */
  async function submitForm(
    command: string,
    values: ViewInputValues,
    options: ChangeFormOptions = {},
  ): Promise<ViewSubmissionOutcome> {
    await openForm(command, options);
    const submitted = await harness.slack.userAgent(options.userId ?? 'U0REQUESTER').submitView(values);
    await settle(harness);
    return submitted;
  }

  function approvalMessageCount(): number {
    return harness.slack.workspace.messagesIn(APPROVALS).length;
  }

  /** The form said the request was filed, and exactly one approval message was posted since `before`: that one. */
  function expectFiled(submitted: ViewSubmissionOutcome, before: number): ChannelMessage {
    expect(submitted.sent && submitted.responseAction).toBe('update');
    const messages = harness.slack.workspace.messagesIn(APPROVALS);
    expect(messages.length).toBe(before + 1);
    return messages.at(-1) as ChannelMessage;
  }

  /**
   * Submits the change form `userId` (default: alice) has open with `values`: the form must say the
   * request was filed, and exactly one approval message be posted, which is returned.
   */
  async function submitChangeForm(values: ViewInputValues, userId = 'U0REQUESTER'): Promise<ChannelMessage> {
    const before = approvalMessageCount();
    const submitted = await harness.slack.userAgent(userId).submitView(values);
    await settle(harness);
    return expectFiled(submitted, before);
  }

  /** Files a change request: `/chime <command>`, the form submitted with `values`; its approval message. */
  async function fileChangeRequest(
    command: string,
    values: ViewInputValues,
    options: ChangeFormOptions = {},
  ): Promise<ChannelMessage> {
    const before = approvalMessageCount();
    return expectFiled(await submitForm(command, values, options), before);
  }

  /** Alice asks to move route 1 of `connector` to `port`, from the origination form. */
  function requestPortChange(port: string, connector: string): Promise<ChannelMessage> {
    return fileChangeRequest(`origination ${connector}`, portChange(port), { callbackId: 'chime_origination' });
  }

  /** The origination Puts the Chime emulator received for `connector`: what an approved port change applies. */
  function originationPutsTo(connector: string) {
    return chimeCallsFor(harness, 'PutVoiceConnectorOrigination', connector);
  }

  /**
   * Alice moves route 1 of `connector` to `port`; the approval message names `rule`, the policy rule
   * that applies, and one approval by `approverId` (default: dave, through @approvers) applies it: the
   * connector's one origination Put, the message saying Applied.
   */
  async function expectAppliedOnOneApproval(
    port: string,
    connector: string,
    rule: string,
    approverId = 'U0APPROVER2',
  ): Promise<void> {
    const message = await requestPortChange(port, connector);
    expect(visible(message)).toContain(rule);

    await approve(message, approverId);

    expect(originationPutsTo(connector)).toHaveLength(1);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
  }

  return {
    approvalMessage,
    latestApprovalMessage,
    click,
    clickAndSettle,
    approve,
    reject,
    openForm,
    submitForm,
    submitChangeForm,
    fileChangeRequest,
    requestPortChange,
    originationPutsTo,
    expectAppliedOnOneApproval,
  };
}

/** The calls to `operation` the Chime emulator received for `connector` (by its ID in the path). */
export function chimeCallsFor(harness: BotHarness, operation: EmulatedOperation, connector: string) {
  return harness.chime.requestsFor(operation).filter((request) => request.path.includes(connector));
}

/**
 * The job bob's Approve on the approval message hands to the worker for `changeRequestId`, as the
 * listener queues it (with `interactionId`, the click's, when given): to deliver one by hand.
 */
export function approveJob(changeRequestId: string, interactionId?: string): JobPayload {
  return {
    kind: 'decide',
    decision: 'approve',
    changeRequestId,
    ...(interactionId !== undefined ? { interactionId } : {}),
    actor: { userId: 'U0APPROVER', teamId: 'T0SANDBOX' },
    channelId: APPROVALS,
    reply: { kind: 'ephemeral', channelId: APPROVALS },
  };
}

/**
 * The bot for the tests of the enclosing `describe` (see {@link useBotHarness}), with the approval
 * policy `policy` (its YAML) in place of the harness's APPROVERS.
 */
export function useBotHarnessWithPolicy(policy: string, options: BotHarnessOptions = {}): BotHarness {
  return useBotHarness(() => ({
    ...options,
    env: { ...options.env, APPROVERS: '', APPROVAL_POLICY: writePolicy(policy) },
  }));
}

/**
 * The bot with the approval policy `policy`, for rules that need an approval from @security: in the
 * workspace that has that group (S0SECURITY, see `workspaceWithSecurity`), on a clock the tests move.
 */
export function useBotHarnessWithSecurityGroup(policy: string): { harness: BotHarness; clock: ManualClock } {
  const clock = new ManualClock(Date.now());
  return { harness: useBotHarnessWithPolicy(policy, { clock, workspace: workspaceWithSecurity() }), clock };
}
