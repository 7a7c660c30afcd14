import { describe, expect, it } from 'vitest';
import { ActionId } from '../../src/blocks/ids';
import { CONNECTOR, originationRequest, REQUESTER } from '../support/change-fixtures';
import { createListenerHarness } from '../support/listener-harness';
import { menuSubmission } from '../support/menu-submission';
import {
  APPROVALS_CHANNEL,
  APPROVER_USER,
  messageButtonClick,
  OPS_CHANNEL,
  REQUESTER_USER,
  slashCommand,
} from '../support/slack-payloads';
import { visible } from '../support/visible-text';

const ELSEWHERE = { ...REQUESTER_USER, teamId: 'T0ELSEWHERE' };

describe('ALLOWED_TEAMS', () => {
  it('refuses a command from another workspace before any listener runs, and audits it', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { ALLOWED_TEAMS: 'T0TEAM' } });

    // Act
    const ack = await harness.send(slashCommand({ text: `termination ${CONNECTOR}`, user: ELSEWHERE }));

    // Assess
    expect(ack?.response_type).toBe('ephemeral');
    expect(visible(ack)).toContain('This workspace is not allowed to use this bot.');
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      action: 'command',
      outcome: 'denied',
      reason: 'wrong-workspace',
      actor: { userId: REQUESTER, teamId: 'T0ELSEWHERE' },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'ephemeral', channelId: OPS_CHANNEL.id },
    });
    expect(harness.slack.calls).toEqual([]);
  });

  it('acknowledges a click from another workspace without acting on it', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { ALLOWED_TEAMS: 'T0TEAM' } });
    const { id } = originationRequest();

    // Act
    const ack = await harness.send(
      messageButtonClick({ actionId: ActionId.Approve, value: id, user: { ...APPROVER_USER, teamId: 'T0ELSEWHERE' } }),
    );

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      reason: 'wrong-workspace',
      reply: { kind: 'ephemeral', channelId: APPROVALS_CHANNEL.id },
    });
  });

  it('closes a modal submitted from another workspace and answers in the modal', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { ALLOWED_TEAMS: 'T0TEAM' } });
    const submission = menuSubmission({
      connector: `${CONNECTOR}@us-east-1`,
      operation: 'termination',
      user: ELSEWHERE,
    });

    // Act
    const ack = await harness.send(submission);

    // Assess
    expect(ack).toBeUndefined();
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      reason: 'wrong-workspace',
      reply: { kind: 'view', viewId: submission.view.id },
    });
  });

  it('lets a listed workspace through', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { ALLOWED_TEAMS: 'T0OTHER,T0TEAM' } });

    // Act
    await harness.send(slashCommand({ text: `termination ${CONNECTOR}` }));

    // Assess
    expect(harness.jobs.single('termination').ref.voiceConnectorId).toBe(CONNECTOR);
  });
});
