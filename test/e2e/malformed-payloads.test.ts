import { describe, expect, it } from 'vitest';
import { settle, useBotHarness } from '../support/bot-harness';

const CONNECTOR = 'dx4h2k8m1p7q3r9s5t0v6w';

/** Interactivity payloads (`payload=<json>`) that are signed correctly but wrong in shape. */
const MALFORMED_INTERACTIONS: [string, unknown][] = [
  ['null', null],
  ['a number', 7],
  ['an array', []],
  ['no type', { user: { id: 'U0REQUESTER' } }],
  ['an unknown type', { type: 'shortcut_of_the_future', user: { id: 'U0REQUESTER', team_id: 'T0SANDBOX' } }],
  [
    'block_actions with a null user',
    { type: 'block_actions', user: null, actions: [{ action_id: 'change_approve', value: 'CR-ABCDEFGH' }] },
  ],
  [
    'block_actions with a string user',
    {
      type: 'block_actions',
      user: 'U0REQUESTER',
      team: { id: 'T0SANDBOX' },
      actions: [{ action_id: 'change_approve', value: 'CR-ABCDEFGH' }],
    },
  ],
  [
    'block_actions with no actions',
    { type: 'block_actions', user: { id: 'U0APPROVER', team_id: 'T0SANDBOX' }, team: { id: 'T0SANDBOX' }, actions: [] },
  ],
  [
    'block_actions whose actions is an object',
    {
      type: 'block_actions',
      user: { id: 'U0APPROVER', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      actions: { action_id: 'change_approve' },
    },
  ],
  [
    'block_actions with a user id in lower case',
    {
      type: 'block_actions',
      user: { id: 'u0approver', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      channel: { id: 'C0APPROVALS' },
      actions: [{ type: 'button', action_id: 'change_approve', value: 'CR-ABCDEFGH', action_ts: '1.1' }],
    },
  ],
  [
    'a reject with nowhere to reply',
    {
      type: 'block_actions',
      user: { id: 'U0APPROVER', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      trigger_id: '1.2.3',
      actions: [{ type: 'button', action_id: 'change_reject', value: 'CR-ABCDEFGH', action_ts: '1.1' }],
    },
  ],
  [
    'view_submission with a null view',
    {
      type: 'view_submission',
      user: { id: 'U0REQUESTER', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      view: null,
    },
  ],
  [
    'view_submission whose state values are a string',
    {
      type: 'view_submission',
      user: { id: 'U0REQUESTER', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      view: { id: 'V1', callback_id: 'chime_origination', private_metadata: '{}', state: { values: 'nope' } },
    },
  ],
  [
    'view_submission of the menu with a number for a block',
    {
      type: 'view_submission',
      user: { id: 'U0REQUESTER', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      view: {
        id: 'V1',
        callback_id: 'chime_menu',
        private_metadata: '{"channelId":"C0OPS"}',
        state: { values: { menu_connector: 5 } },
      },
    },
  ],
  [
    'block_suggestion with no value',
    {
      type: 'block_suggestion',
      user: { id: 'U0REQUESTER', team_id: 'T0SANDBOX' },
      team: { id: 'T0SANDBOX' },
      action_id: 'connector_select',
      view: null,
    },
  ],
];

/** Slash commands whose fields are missing or of the wrong kind. */
const MALFORMED_COMMANDS: [string, Record<string, string>][] = [
  [
    'no text',
    {
      command: '/chime',
      user_id: 'U0REQUESTER',
      team_id: 'T0SANDBOX',
      channel_id: 'C0OPS',
      response_url: 'http://127.0.0.1:1/r',
      trigger_id: '1.2',
    },
  ],
  [
    'a user id in lower case',
    {
      command: '/chime',
      text: `termination ${CONNECTOR}`,
      user_id: 'u0requester',
      team_id: 'T0SANDBOX',
      channel_id: 'C0OPS',
      response_url: 'http://127.0.0.1:1/r',
      trigger_id: '1.2',
    },
  ],
  [
    'no response_url',
    {
      command: '/chime',
      text: `termination ${CONNECTOR}`,
      user_id: 'U0REQUESTER',
      team_id: 'T0SANDBOX',
      channel_id: 'C0OPS',
      trigger_id: '1.2',
    },
  ],
  [
    'no user',
    {
      command: '/chime',
      text: `termination ${CONNECTOR}`,
      team_id: 'T0SANDBOX',
      channel_id: 'C0OPS',
      response_url: 'http://127.0.0.1:1/r',
    },
  ],
];

describe('malformed but correctly signed payloads', () => {
  const harness = useBotHarness();

  async function stillServing(): Promise<void> {
    const health = await fetch(`${harness.server.url}/healthz`);
    expect(health.status).toBe(200);
  }

  /**
   * Alice's agent signs and posts `fields` as a form; once the bot's jobs are done, its answer, how
   * long it took, and how many calls the Chime emulator had received before.
   */
  async function sendSignedForm(fields: Record<string, string>) {
    const chimeCalls = harness.chime.requests.length;
    const started = performance.now();
    const answer = await harness.slack
      .userAgent('U0REQUESTER')
      .sendSigned(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
    await settle(harness);
    return { answer, elapsedMs: performance.now() - started, chimeCalls };
  }

  it.each(MALFORMED_INTERACTIONS)(
    'answers an interaction that is %s at once, and changes nothing',
    async (_case, payload) => {
      // Act
      const { answer, elapsedMs, chimeCalls } = await sendSignedForm({ payload: JSON.stringify(payload) });

      // Assess
      expect(elapsedMs).toBeLessThan(1_000);
      expect([200, 400]).toContain(answer.status);
      expect(answer.timedOut).toBe(false);
      expect(harness.chime.requests.length).toBe(chimeCalls);
      await stillServing();
    },
  );

  it.each(MALFORMED_COMMANDS)(
    'answers a slash command with %s at once, promises nothing, and changes nothing',
    async (_case, fields) => {
      // Act
      const { answer, elapsedMs, chimeCalls } = await sendSignedForm(fields);

      // Assess
      expect(elapsedMs).toBeLessThan(1_000);
      expect([200, 400]).toContain(answer.status);
      expect(answer.body).not.toContain('Looking up');
      expect(harness.chime.requests.length).toBe(chimeCalls);
      await stillServing();
    },
  );

  it('audits a malformed command that names a connector as a refusal, without what was typed', async () => {
    // Prepare
    const fields = {
      command: '/chime',
      text: `termination ${CONNECTOR} hunter2-secret`,
      user_id: 'U0REQUESTER',
      team_id: 'T0SANDBOX',
      channel_id: 'C0OPS',
      response_url: 'http://127.0.0.1:1/r',
    };

    // Act
    const { answer } = await sendSignedForm(fields);

    // Assess
    expect(answer.status).toBe(400);
    const [entry] = await harness.core.auditLog.recentForConnector(CONNECTOR, 1);
    expect(entry).toMatchObject({
      action: 'command',
      outcome: 'invalid',
      actorUserId: 'U0REQUESTER',
      voiceConnectorId: CONNECTOR,
    });
    expect(entry?.reason).toContain('trigger_id');
    expect(JSON.stringify(entry)).not.toContain('hunter2');
  });

  it('survives a JSON body that is null', async () => {
    // Act
    const answer = await harness.slack.userAgent('U0REQUESTER').sendSigned('null', 'application/json');

    // Assess
    expect([200, 400]).toContain(answer.status);
    await stillServing();
  });
});
