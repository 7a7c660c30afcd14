import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { lastEphemeral, runCommand, settle } from '../support/bot-harness';
import { APPROVALS, changeRequests, requestIdOf, useBotHarnessWithSecurityGroup } from '../support/e2e-change-requests';
import { SECURITY } from '../support/policy-fixtures';
import { visible } from '../support/visible-text';

const TWO_PERSON = SEED_CONTACT_CENTER_CONNECTOR_ID;
const ONE_PERSON = SEED_BRANCH_OFFICES_CONNECTOR_ID;

const POLICY = `rules:
  - name: contact-centre
    match:
      connectors: [${TWO_PERSON}]
    approvals: 2
    approvers: [U0APPROVER, S0APPROVERS, S0SECURITY]
    requireFrom: [S0SECURITY]
    ttlMinutes: 120
  - name: branch-offices
    approvals: 1
    approvers: [S0APPROVERS]
`;

describe('approval policy: quorum through Slack payloads', () => {
  const { harness, clock } = useBotHarnessWithSecurityGroup(POLICY);
  const requests = changeRequests(harness);
  const { requestPortChange, approvalMessage, click, approve, reject } = requests;
  const putsTo = requests.originationPutsTo;

  it('says which rule applied and why, and needs two distinct approvals, one from @security', async () => {
    // Prepare
    const message = await requestPortChange('5090', TWO_PERSON);
    const id = requestIdOf(message);
    expect(visible(message)).toContain('Policy rule *contact-centre* (rule 1 of the policy) applies');
    expect(visible(message)).toContain(`connector ${TWO_PERSON} is listed`);
    expect(visible(message)).toContain('0 of 2 approvals');

    // Act: bob approves; the requester, bob again, and dave (not in @security) click too.
    await approve(message);
    await click('U0REQUESTER', 'change_approve', message);
    await click('U0APPROVER', 'change_approve', message);
    await click('U0APPROVER2', 'change_approve', message);
    await settle(harness);

    // Assess: nothing applied; the message shows the progress in place.
    expect(putsTo(TWO_PERSON)).toHaveLength(0);
    const shown = visible(approvalMessage(message.ts));
    expect(shown).toContain('1 of 2 approvals*: <@U0APPROVER> ✓ · waiting for one from <!subteam^S0SECURITY>');
    expect(lastEphemeral(harness, 'U0REQUESTER')).toMatch(/someone else has to approve/i);
    expect(lastEphemeral(harness, 'U0APPROVER')).toMatch(/already approved .*nobody counts twice: 1 of 2/);
    expect(lastEphemeral(harness, 'U0APPROVER2')).toContain('still needs an approval from <!subteam^S0SECURITY>');
    const trail = await harness.core.auditLog.forChangeRequest(id);
    expect(trail.find((entry) => entry.action === 'change.request')?.details).toMatchObject({
      policyRule: { name: 'contact-centre', approvalsNeeded: 2, requireFrom: ['S0SECURITY'] },
    });
    expect(trail.filter((entry) => entry.action === 'change.approve' && entry.outcome === 'pending')).toHaveLength(1);
    expect(
      trail
        .filter((entry) => entry.action === 'change.approve' && entry.outcome === 'denied')
        .map((entry) => entry.reason)
        .sort(),
    ).toEqual(['already-approved', 'approval-not-needed', 'self-approval']);

    // Act: ten second approvals from @security at the same moment.
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => click(SECURITY[index % 5] as string, 'change_approve', message)),
    );
    await settle(harness);

    // Assess: exactly one Put, one apply, two approvals counted.
    expect(putsTo(TWO_PERSON)).toHaveLength(1);
    const after = await harness.core.auditLog.forChangeRequest(id);
    expect(after.filter((entry) => entry.action === 'change.apply')).toHaveLength(1);
    expect(after.filter((entry) => entry.action === 'change.approve' && entry.outcome === 'approved')).toHaveLength(1);
    const request = await harness.core.changes.get(id);
    expect(request?.status).toBe('applied');
    expect(request?.approvals?.map((approval) => approval.userId)).toHaveLength(2);
    expect(request?.approvals?.[0]?.userId).toBe('U0APPROVER');
    expect(SECURITY).toContain(request?.approvals?.[1]?.userId);
    const final = visible(approvalMessage(message.ts));
    expect(final).toContain('Applied');
    expect(final).toContain('2 of 2 approvals');
    // The thread: one line per change of state, in order, however many clicks arrived.
    const thread = harness.slack.workspace.repliesTo(APPROVALS, message.ts).map((reply) => reply.text);
    expect(thread).toHaveLength(3);
    expect(thread[0]).toMatch(/^👍 <@U0APPROVER> approved\. \*1 of 2 approvals\*/);
    expect(thread[1]).toBe(`👍 Approved by <@${request?.approvals?.[1]?.userId}>; applying.`);
    expect(thread[2]).toBe('✅ Applied.');
    // One request, one top-level message: the history is beneath it.
    expect(harness.slack.workspace.messagesIn(APPROVALS).filter((posted) => posted.text.includes(id))).toHaveLength(1);
  });

  it('on the other connector one approval applies, as without a policy', async () => {
    const applies = 'Policy rule *branch-offices* (rule 2 of the policy) applies';
    await requests.expectAppliedOnOneApproval('5091', ONE_PERSON, applies);
  });

  it('refuses someone the rule does not list, even an approver of another rule', async () => {
    const message = await requestPortChange('5092', ONE_PERSON);

    await approve(message, 'U0SEC1');

    expect(lastEphemeral(harness, 'U0SEC1')).toContain('only <!subteam^S0APPROVERS> may');
    expect(putsTo(ONE_PERSON)).toHaveLength(1);
    await approve(message);
    expect(putsTo(ONE_PERSON)).toHaveLength(2);
  });

  it('/chime policy shows the rules in plain words, only those that can apply to a connector', async () => {
    const all = await runCommand(harness, 'U0OBSERVER', 'policy');
    expect(all).toContain(
      `*1. contact-centre*: changes to connector ${TWO_PERSON} need *2 approvals* from different people from <@U0APPROVER>, <!subteam^S0APPROVERS>, <!subteam^S0SECURITY>, at least one from <!subteam^S0SECURITY>. Approvable for 120 minutes.`,
    );
    expect(all).toContain('*2. branch-offices*: every change needs *one approval* from <!subteam^S0APPROVERS>.');
    expect(all).toContain('*Break-glass:* nobody may skip approval.');

    const one = await runCommand(harness, 'U0OBSERVER', `policy ${ONE_PERSON}`);
    expect(one).not.toContain('contact-centre');
    expect(one).toContain('branch-offices');
  });

  /** Slack's Events API delivery of `app_home_opened` for this person, signed. */
  async function openHome(userId: string, retry?: number) {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0SANDBOX',
      api_app_id: 'A0SANDBOX',
      event_id: `Ev${userId}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home' },
    });
    const answer = await harness.slack
      .userAgent(userId)
      .sendSigned(
        body,
        'application/json',
        retry === undefined
          ? {}
          : { headers: { 'X-Slack-Retry-Num': String(retry), 'X-Slack-Retry-Reason': 'timeout' } },
      );
    await settle(harness);
    return answer;
  }
  const home = (userId: string) => JSON.stringify(harness.slack.workspace.homeView(userId)?.blocks ?? []);

  it('the Home tab of an approver lists the requests waiting for them, and not for the others', async () => {
    // Prepare: a two-person request with bob's approval already in.
    const message = await requestPortChange('5093', TWO_PERSON);
    const id = requestIdOf(message);
    await approve(message);

    // Act
    const answer = await openHome('U0SEC2');
    await openHome('U0APPROVER');
    await openHome('U0REQUESTER');

    // Assess
    expect(answer.status).toBe(200);
    expect(home('U0SEC2')).toContain('*Waiting for your approval* (1)');
    expect(home('U0SEC2')).toContain(id);
    expect(home('U0SEC2')).toContain('https://sandbox.slack.com/archives/C0APPROVALS/');
    expect(home('U0APPROVER')).toContain('*Waiting for your approval* (0)');
    expect(home('U0REQUESTER')).toContain('*Your open requests* (1)');

    // A retry of an event already handled publishes nothing again.
    const publishes = () => harness.slack.workspace.calls.filter((call) => call.method === 'views.publish').length;
    const before = publishes();
    await openHome('U0SEC2', 1);
    expect(publishes()).toBe(before);

    // The stand-in's own app_home_opened (signed event_callback) publishes again; a Home button answers.
    const sec2 = harness.slack.userAgent('U0SEC2');
    expect((await sec2.openHome()).status).toBe(200);
    await settle(harness);
    expect(publishes()).toBe(before + 1);
    expect(home('U0SEC2')).toContain(id);
    expect(await sec2.clickHomeButton('home_open_request')).toMatchObject({ sent: true, status: 200 });

    // Clean up
    await reject(message, 'test over', 'U0SEC2');
    const thread = harness.slack.workspace.repliesTo(APPROVALS, message.ts).map((reply) => reply.text);
    expect(thread).toHaveLength(2);
    expect(thread[0]).toMatch(/^👍 <@U0APPROVER> approved\. \*1 of 2 approvals\*/);
    expect(thread[1]).toBe('🚫 Rejected by <@U0SEC2>: test over');
  });

  /** A click on a button of this person's Home tab, as Slack sends it (container: the Home view). */
  async function clickOnHome(userId: string, actionId: string, requestId: string) {
    const blocks = harness.slack.workspace.homeView(userId)?.blocks ?? [];
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0SANDBOX' },
      api_app_id: 'A0SANDBOX',
      token: 'sandbox-verification-token',
      team: { id: 'T0SANDBOX', domain: 'sandbox' },
      enterprise: null,
      is_enterprise_install: false,
      trigger_id: harness.slack.workspace.issueTrigger(userId),
      container: { type: 'view', view_id: `VHOME${userId}` },
      view: { id: `VHOME${userId}`, type: 'home', blocks, private_metadata: '', callback_id: '', hash: 'h1' },
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: `home_decide_${requestId}`,
          text: { type: 'plain_text', text: 'x' },
          value: requestId,
          action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
        },
      ],
    };
    const answer = await harness.slack
      .userAgent(userId)
      .sendSigned(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    await settle(harness);
    return answer;
  }

  it('an approver approves and rejects from the Home tab: applied once, told by DM, the Home tab re-rendered', async () => {
    // Prepare: a one-approver request, and bob's Home tab listing it with Approve and Reject.
    const first = await requestPortChange('5095', ONE_PERSON);
    const firstId = requestIdOf(first);
    await openHome('U0APPROVER');
    expect(home('U0APPROVER')).toContain(`home_decide_${firstId}`);
    expect(home('U0APPROVER')).toContain('change_approve');
    expect(home('U0APPROVER')).toContain('change_reject');
    const puts = putsTo(ONE_PERSON).length;
    const dm = () =>
      harness.slack.workspace.messagesIn(harness.slack.workspace.resolveConversation('U0APPROVER')?.id as string);

    // Act: approve the first, twice (a double click), from the Home tab.
    expect((await clickOnHome('U0APPROVER', 'change_approve', firstId)).status).toBe(200);
    await clickOnHome('U0APPROVER', 'change_approve', firstId);

    // Assess: applied exactly once; the approver is told by DM; the Home tab no longer waits on it
    // and lists it among the recent changes; the Home view was never replaced by a notice.
    expect(putsTo(ONE_PERSON).length).toBe(puts + 1);
    expect(visible(approvalMessage(first.ts))).toContain('Applied');
    expect(dm().some((message) => message.text.includes(firstId))).toBe(true);
    expect(home('U0APPROVER')).toContain('*Waiting for your approval* (0)');
    expect(home('U0APPROVER')).toContain('*Recent changes on connectors*');
    expect(home('U0APPROVER').split('Recent changes on connectors')[1]).toContain(firstId);
    expect(harness.slack.workspace.calls.filter((call) => call.method === 'views.update')).not.toContainEqual(
      expect.objectContaining({ args: expect.objectContaining({ view_id: 'VHOMEU0APPROVER' }) }),
    );

    // Act: reject a second request from the Home tab; its reason modal opens from the click's trigger.
    const second = await requestPortChange('5096', ONE_PERSON);
    const secondId = requestIdOf(second);
    await openHome('U0APPROVER');
    expect(home('U0APPROVER')).toContain(`home_decide_${secondId}`);
    await clickOnHome('U0APPROVER', 'change_reject', secondId);
    await harness.slack.userAgent('U0APPROVER').submitView({ Reason: 'not today' });
    await settle(harness);

    // Assess
    expect(putsTo(ONE_PERSON).length).toBe(puts + 1);
    expect(visible(approvalMessage(second.ts))).toContain('Rejected');
    expect(dm().some((message) => message.text.includes(secondId))).toBe(true);
    expect(home('U0APPROVER').split('Your open requests')[0]).not.toContain(secondId);
  });

  it('reminds once in the request thread ten minutes before it expires', async () => {
    // Prepare: a request nobody decides on (branch-offices: the default 60 minutes).
    const message = await requestPortChange('5094', ONE_PERSON);
    const id = requestIdOf(message);
    const replies = () => harness.slack.workspace.repliesTo(APPROVALS, message.ts);

    // Act
    clock.advance(45 * 60_000);
    await harness.server.sweeper.sweepOnce();
    const early = replies().length;
    clock.advance(6 * 60_000);
    await harness.server.sweeper.sweepOnce();
    await harness.server.sweeper.sweepOnce();

    // Assess
    expect(early).toBe(0);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.text).toContain(`⏰ ${id} expires`);

    // Clean up
    await reject(message);
  });
});
