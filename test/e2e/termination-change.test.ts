import {
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
} from '@chime-voice-ops/chime-emulator';
import type { ChannelMessage } from '@chime-voice-ops/slack-sandbox';
import { describe, expect, it } from 'vitest';
import { settle, useBotHarness } from '../support/bot-harness';
import { APPROVALS, approveJob, changeRequests, chimeCallsFor, requestIdOf } from '../support/e2e-change-requests';
import { SEEDED_CONTACT_CENTER_TERMINATION } from '../support/e2e-seed';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

describe('termination changes through Slack payloads', () => {
  const harness = useBotHarness();
  const requests = changeRequests(harness);
  const { approvalMessage, click, approve, reject } = requests;

  /** Alice opens the termination form with `/chime change termination`, edits it and submits. */
  function requestTerminationChange(values: Record<string, string>, connector = CONNECTOR): Promise<ChannelMessage> {
    // `connector` may carry options (`<id> --region eu-west-2`).
    return requests.fileChangeRequest(
      `change termination ${connector}`,
      { Justification: 'Termination change under test', ...values },
      { callbackId: 'chime_termination_change' },
    );
  }

  function putsTo(connector: string) {
    return chimeCallsFor(harness, 'PutVoiceConnectorTermination', connector);
  }

  it('fills the form from Chime and puts every field exactly once, only after another person approves', async () => {
    // Prepare
    await requests.openForm(`change termination ${CONNECTOR}`);
    const form = JSON.stringify(harness.slack.workspace.topView('U0REQUESTER')?.blocks);
    expect(form).toContain('"initial_value":"10"');
    expect(form).toContain('"initial_value":"US, CA"');
    expect(form).toContain('198.51.100.0/27\\n203.0.113.16/28');
    await harness.slack.userAgent('U0REQUESTER').submitView({
      'CPS limit': '12',
      'Allowed CIDRs': '198.51.100.0/27\n203.0.113.16/28\n192.0.2.0/28',
      Justification: 'Add the backup PBX',
    });
    await settle(harness);
    const message = requests.latestApprovalMessage();
    expect(visible(message)).toContain('*CPS limit:* 10 → *12*');
    expect(visible(message)).toContain('➕ *Allowed* `192.0.2.0/28`');
    expect(visible(message)).not.toContain('*Risks*');
    expect(putsTo(CONNECTOR)).toHaveLength(0);

    // Act: 20 approvals at once.
    await Promise.all(Array.from({ length: 20 }, () => click('U0APPROVER', 'change_approve', message)));
    await settle(harness);

    // Assess
    const puts = putsTo(CONNECTOR);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual({
      Termination: {
        ...SEEDED_CONTACT_CENTER_TERMINATION,
        CpsLimit: 12,
        CidrAllowedList: ['198.51.100.0/27', '203.0.113.16/28', '192.0.2.0/28'],
      },
    });
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
    expect(visible(approvalMessage(message.ts))).toContain('Termination now');
    expect(harness.chime.getTermination(CONNECTOR)?.CpsLimit).toBe(12);
  });

  it('refuses the whole address space inline, and stores nothing', async () => {
    // Prepare
    const before = harness.slack.workspace.messagesIn(APPROVALS).length;
    await requests.openForm(`change termination ${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);

    // Act
    const outcome = await harness.slack
      .userAgent('U0REQUESTER')
      .submitView({ 'Allowed CIDRs': '0.0.0.0/0', Justification: 'open it up' });
    await settle(harness);

    // Assess
    expect(outcome.sent && outcome.errors.termination_cidrs).toContain('every address on the internet');
    expect(harness.slack.workspace.messagesIn(APPROVALS)).toHaveLength(before);
    expect(await harness.core.changes.openRequestId(SEED_BRANCH_OFFICES_CONNECTOR_ID, 'termination')).toBeUndefined();
  });

  it('names an added country as toll fraud, in the message and the audit entry, and asks for approval despite it', async () => {
    // Prepare and act
    const message = await requestTerminationChange({ 'Calling regions': 'US, CA, GB' });
    const id = requestIdOf(message);

    // Assess
    expect(visible(message)).toContain('*Risks*');
    expect(visible(message)).toContain('*High risk:* Calls to a new country would be allowed (GB (United Kingdom))');
    expect(visible(message)).toContain('change_approve_risky');
    expect(visible(message)).not.toContain('"change_approve"');
    const [requested] = await harness.core.auditLog.forChangeRequest(id);
    expect(requested?.details?.risks).toEqual([expect.objectContaining({ code: 'toll-fraud', level: 'high' })]);

    // A forged plain Approve on it applies nothing.
    const before = putsTo(CONNECTOR).length;
    await harness.server.jobs.enqueue(approveJob(id, '1.1'));
    await settle(harness);
    expect(putsTo(CONNECTOR).length).toBe(before);
    expect(visible(harness.slack.workspace.ephemeralsFor('U0APPROVER').at(-1))).toContain('Approve despite risks');

    // Approve despite risks: the modal names the risk; its submit approves and applies once.
    await requests.clickAndSettle('U0APPROVER', 'change_approve_risky', message);
    const modal = harness.slack.workspace.topView('U0APPROVER');
    expect(modal?.callbackId).toBe('chime_approve_risks');
    expect(visible({ text: '', blocks: modal?.blocks ?? [] })).toContain('GB (United Kingdom)');
    await harness.slack.userAgent('U0APPROVER').submitView();
    await settle(harness);
    expect(putsTo(CONNECTOR).length).toBe(before + 1);
    expect(visible(approvalMessage(message.ts))).toContain('Applied');
    const applied = (await harness.core.auditLog.forChangeRequest(id)).find((entry) => entry.action === 'change.apply');
    expect(applied?.details?.risks).toEqual([expect.objectContaining({ code: 'toll-fraud' })]);
  });

  it('names turning termination off an outage', async () => {
    // Act
    const message = await requestTerminationChange(
      { Disabled: 'true' },
      `${SEED_LONDON_TRADING_CONNECTOR_ID} --region eu-west-2`,
    );

    // Assess
    expect(visible(message)).toContain('*High risk:* Termination would be disabled: all outbound calls stop.');
    await reject(message);
  });

  it('opens a request restoring the previous values when an applied change is reverted', async () => {
    // Prepare: an applied change (CPS limit 12 → 13).
    const before = harness.chime.getTermination(CONNECTOR);
    const message = await requestTerminationChange({ 'CPS limit': String((before?.CpsLimit ?? 1) + 1) });
    await approve(message);
    expect(visible(approvalMessage(message.ts))).toContain('change_revert');

    // Act
    await requests.clickAndSettle('U0REQUESTER', 'change_revert', approvalMessage(message.ts));

    // Assess
    const revert = requests.latestApprovalMessage();
    expect(revert.ts).not.toBe(message.ts);
    expect(visible(revert)).toContain(`*CPS limit:* ${(before?.CpsLimit ?? 1) + 1} → *${before?.CpsLimit}*`);
    expect(visible(revert)).toContain('Reverts CR-');
    await reject(revert);
  });
});
