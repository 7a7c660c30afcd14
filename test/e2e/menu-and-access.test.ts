import { SEED_BRANCH_OFFICES_CONNECTOR_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { COMMAND, runCommand, settle, slashCommandBody, useBotHarness, withBotHarness } from '../support/bot-harness';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

describe('the /chime menu', () => {
  const harness = useBotHarness();

  it('offers connectors by typeahead from one cached ListVoiceConnectors, and runs the chosen read', async () => {
    // Prepare
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, '');
    await settle(harness);
    expect(harness.slack.workspace.topView('U0REQUESTER')?.callbackId).toBe('chime_menu');

    // Act: type a few characters, twice.
    const first = await alice.suggestOptions('connector_select', 'contact');
    const second = await alice.suggestOptions('connector_select', 'branch');

    // Assess: the options come from one ListVoiceConnectors, not one per keystroke.
    const labels = first.options.map((option) => ('text' in option ? option.text.text : ''));
    expect(labels.join('\n')).toContain(CONNECTOR);
    expect(second.options.map((option) => option.value).join()).toContain(SEED_BRANCH_OFFICES_CONNECTOR_ID);
    expect(harness.chime.requestsFor('ListVoiceConnectors')).toHaveLength(1);

    // Act: choose the connector and the termination read.
    const ephemeralPosts = harness.slack.workspace.callsTo('chat.postEphemeral').length;
    const option = first.options.find((candidate) => String(candidate.value).startsWith(CONNECTOR));
    const submitted = await alice.submitView({
      menu_connector: { value: String(option?.value), text: 'Contact center' },
      menu_operation: 'termination',
    });
    await settle(harness);

    // Assess: the modal closes and the card arrives as an ephemeral message in #voice-ops.
    expect(submitted.sent && submitted.responseAction).toBe('clear');
    const card = harness.slack.workspace.ephemeralsFor('U0REQUESTER', 'C0OPS').at(-1);
    expect(visible(card)).toContain(CONNECTOR);
    expect(visible(card)).toMatch(/CPS/i);
    // Through the command's response_url, which works in channels the bot is not a member of.
    expect(harness.slack.workspace.callsTo('chat.postEphemeral').length).toBe(ephemeralPosts);
  });

  it('asks for a proxy session ID inline when the proxy session read is chosen without one', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    await alice.runSlashCommand(COMMAND, '');
    await settle(harness);

    const outcome = await alice.submitView({
      menu_connector: { value: `${CONNECTOR}@us-east-1` },
      menu_operation: 'proxy-session',
    });

    expect(outcome.sent && outcome.errors.menu_proxy_session).toMatch(/proxy session ID/);
    await alice.closeView({ all: true });
  });
});

describe('who may use the bot', () => {
  const harness = useBotHarness({
    env: { READERS: 'U0REQUESTER,U0APPROVER,S0APPROVERS', ALLOWED_TEAMS: 'T0SANDBOX' },
  });

  it('refuses someone not in READERS, says which variable, and audits the refusal', async () => {
    const calls = harness.chime.requests.length;

    const refusal = await runCommand(harness, 'U0OBSERVER', `termination ${CONNECTOR}`);

    expect(refusal).toContain('READERS');
    expect(harness.chime.requests.length).toBe(calls);
    const entries = await harness.core.auditLog.recentForActor('U0OBSERVER', 5);
    expect(entries[0]).toMatchObject({ action: 'read.termination', outcome: 'denied', reason: 'not-a-reader' });
  });

  it('refuses a guest account even when a group would let them in', async () => {
    const refusal = await runCommand(harness, 'U0GUEST', `termination ${CONNECTOR}`, { channelId: 'C0OPS' });

    expect(refusal).toMatch(/Guest accounts/);
  });

  it('refuses a request from another workspace before any listener runs', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const body = slashCommandBody(harness, `termination ${CONNECTOR}`, { user_name: 'alice', team_id: 'T0ELSEWHERE' });
    const calls = harness.chime.requests.length;

    const answer = await alice.sendSigned(body, 'application/x-www-form-urlencoded');
    await settle(harness);

    expect(answer.status).toBe(200);
    expect(answer.body).toContain('not allowed');
    expect(harness.chime.requests.length).toBe(calls);
    const entries = await harness.core.auditLog.recentForTeam('T0ELSEWHERE', 5);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      chain: 'ws:T0ELSEWHERE',
      actorUserId: 'U0REQUESTER',
      actorTeamId: 'T0ELSEWHERE',
      action: 'command',
      outcome: 'denied',
      reason: 'wrong-workspace',
    });
    const [latestOfAlice] = await harness.core.auditLog.recentForActor('U0REQUESTER', 1);
    expect(latestOfAlice?.id).toBe(entries[0]?.id);
  });

  it('tells the person when AWS throttles, and names the missing IAM action when access is denied', async () => {
    harness.chime.failOperation('GetVoiceConnectorTermination', { errorName: 'ThrottledClientException', times: 10 });
    expect(await runCommand(harness, 'U0REQUESTER', `termination ${CONNECTOR}`)).toMatch(/throttling/i);

    harness.chime.clearFaults();
    harness.chime.failOperation('GetVoiceConnectorProxy', { errorName: 'AccessDeniedException', times: 1 });
    expect(await runCommand(harness, 'U0REQUESTER', `proxy ${CONNECTOR}`)).toContain('chime:GetVoiceConnectorProxy');
    harness.chime.clearFaults();
  });

  it('says changes are not configured, naming the variables, when APPROVAL_CHANNEL is missing', async () => {
    await withBotHarness({ env: { APPROVAL_CHANNEL: '', APPROVERS: '' } }, async (other) => {
      const outcome = await other.slack.userAgent('U0REQUESTER').runSlashCommand(COMMAND, `origination ${CONNECTOR}`);
      await settle(other);
      expect(visible(outcome.reply)).toContain('APPROVAL_CHANNEL');
      expect(visible(outcome.reply)).toContain('APPROVERS');
      expect(other.slack.workspace.topView('U0REQUESTER')).toBeUndefined();
    });
  });
});
