import { webApi } from '@slack/bolt';
import type { AnyBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { SandboxChannelId, SandboxUserGroupId, SandboxUserId } from '../../src/slack/workspace-fixture';
import { BOT_TOKEN, silentLogger, standInForEachTest } from './stand-in-harness';

/** The platform error a WebClient call was refused with: its `data` is Slack's JSON answer. */
async function refusal(
  call: Promise<unknown>,
): Promise<{ error: string; response_metadata?: { messages?: string[] } }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === webApi.ErrorCode.PlatformError && 'data' in error) {
      return error.data as { error: string; response_metadata?: { messages?: string[] } };
    }
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** `state.values` of a view in an answer; the WebClient's response types leave `values` out. */
function stateValues(view: unknown): unknown {
  return (view as { state?: { values?: unknown } } | undefined)?.state?.values;
}

const section = (text: string): AnyBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

const modal = (overrides: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  callback_id: 'test_modal',
  title: { type: 'plain_text', text: 'Voice connector' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [section('Loading…')],
  ...overrides,
});

const passwordModal = (blockId: string, initialValue?: string): ModalView =>
  modal({
    submit: { type: 'plain_text', text: 'Save' },
    blocks: [
      {
        type: 'input',
        block_id: blockId,
        label: { type: 'plain_text', text: 'Password' },
        element: {
          type: 'plain_text_input',
          action_id: 'credential_password',
          ...(initialValue !== undefined ? { initial_value: initialValue } : {}),
        },
      },
    ],
  });

describe('Slack stand-in Web API', () => {
  const harness = standInForEachTest();

  describe('authentication', () => {
    it('answers auth.test with the bot identity', async () => {
      // Act
      const identity = await harness.client.auth.test();

      // Assess
      expect(identity).toMatchObject({ ok: true, team_id: 'T0SANDBOX', user_id: 'U0BOT', bot_id: 'B0BOT' });
    });

    it('refuses a call with a wrong token as invalid_auth', async () => {
      // Prepare
      const impostor = new webApi.WebClient('xoxb-wrong', {
        slackApiUrl: harness.standIn.apiUrl,
        retryConfig: { retries: 0 },
        logger: silentLogger,
      });

      // Act
      const answer = await refusal(impostor.auth.test());

      // Assess
      expect(answer.error).toBe('invalid_auth');
    });

    it('refuses a call without a token as not_authed', async () => {
      // Act
      const response = await fetch(`${harness.standIn.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'channel=C0OPS&text=hi',
      });

      // Assess
      expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
      expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops)).toHaveLength(0);
    });

    it('accepts a JSON body with a bearer token', async () => {
      // Act
      const response = await fetch(`${harness.standIn.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
        body: JSON.stringify({ channel: 'C0OPS', text: 'fallback', blocks: [section('from JSON')] }),
      });

      // Assess
      expect(await response.json()).toMatchObject({ ok: true, channel: 'C0OPS' });
      expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops)[0]?.blocks[0]).toMatchObject(
        section('from JSON'),
      );
    });

    it('answers unknown_method for a method it does not serve', async () => {
      // Act
      const answer = await refusal(harness.client.apiCall('chat.scheduleMessage', { channel: 'C0OPS', text: 'x' }));

      // Assess
      expect(answer.error).toBe('unknown_method');
    });
  });

  describe('chat.postMessage', () => {
    it('posts the bot message in the channel', async () => {
      // Act
      const posted = await harness.client.chat.postMessage({
        channel: SandboxChannelId.Approvals,
        text: 'Change request #1 needs approval',
        blocks: [section('*Change request #1*')],
      });

      // Assess
      const [message] = harness.standIn.workspace.messagesIn(SandboxChannelId.Approvals);
      expect(message).toMatchObject({
        ts: posted.ts,
        userId: 'U0BOT',
        botId: 'B0BOT',
        text: 'Change request #1 needs approval',
      });
      expect(posted.message).toMatchObject({ bot_id: 'B0BOT', text: 'Change request #1 needs approval' });
    });

    it('opens a direct message when the channel is a user id', async () => {
      // Act
      const posted = await harness.client.chat.postMessage({ channel: SandboxUserId.Approver, text: 'Please review' });

      // Assess
      const channel = harness.standIn.workspace.channel(posted.channel ?? '');
      expect(channel?.directMessageUserId).toBe(SandboxUserId.Approver);
      expect(harness.standIn.workspace.messagesIn(posted.channel ?? '')).toHaveLength(1);
    });

    it('refuses an unknown channel', async () => {
      // Act
      const answer = await refusal(harness.client.chat.postMessage({ channel: 'C0NOWHERE', text: 'hi' }));

      // Assess
      expect(answer.error).toBe('channel_not_found');
    });

    it('refuses a message with neither text nor blocks', async () => {
      // Act
      const answer = await refusal(harness.client.chat.postMessage({ channel: 'C0OPS', text: '' }));

      // Assess
      expect(answer.error).toBe('no_text');
    });

    it('refuses section text over 3000 characters and says which field', async () => {
      // Act
      const answer = await refusal(
        harness.client.chat.postMessage({ channel: 'C0OPS', text: 'long', blocks: [section('x'.repeat(3001))] }),
      );

      // Assess
      expect(answer.error).toBe('invalid_blocks');
      expect(answer.response_metadata?.messages).toEqual([
        '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
      ]);
    });

    it('refuses more than 50 blocks', async () => {
      // Act
      const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }) as AnyBlock);
      const answer = await refusal(harness.client.chat.postMessage({ channel: 'C0OPS', text: 'many', blocks }));

      // Assess
      expect(answer.error).toBe('invalid_blocks');
      expect(answer.response_metadata?.messages).toEqual([
        '[ERROR] no more than 50 items allowed [json-pointer:/blocks]',
      ]);
    });

    it('refuses a button label over 75 characters', async () => {
      // Act
      const answer = await refusal(
        harness.client.chat.postMessage({
          channel: 'C0OPS',
          text: 'buttons',
          blocks: [
            {
              type: 'actions',
              elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'y'.repeat(76) } }],
            },
          ],
        }),
      );

      // Assess
      expect(answer.response_metadata?.messages).toEqual([
        '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
      ]);
    });

    it('refuses blocks carrying more than 13,000 characters of text as msg_blocks_too_long', async () => {
      // Act
      const blocks = Array.from({ length: 5 }, () => section('z'.repeat(2_900)));
      const answer = await refusal(harness.client.chat.postMessage({ channel: 'C0OPS', text: 'long', blocks }));

      // Assess
      expect(answer.error).toBe('msg_blocks_too_long');
    });

    it('posts blocks without a text fallback but records a warning', async () => {
      // Act
      await harness.client.chat.postMessage({ channel: 'C0OPS', blocks: [section('no fallback')] });

      // Assess
      const [call] = harness.standIn.workspace.callsTo('chat.postMessage');
      expect(call?.warnings).toEqual(['blocks were sent without a top-level text fallback']);
      expect(harness.standIn.workspace.warnings.map((warning) => warning.source)).toEqual(['chat.postMessage']);
      expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops)).toHaveLength(1);
    });
  });

  describe('chat.update, chat.delete and chat.getPermalink', () => {
    it('replaces a message text and blocks and marks it edited', async () => {
      // Prepare
      const posted = await harness.client.chat.postMessage({ channel: 'C0APPROVALS', text: 'Pending' });

      // Act
      await harness.client.chat.update({
        channel: 'C0APPROVALS',
        ts: posted.ts ?? '',
        text: 'Approved',
        blocks: [section('Approved by <@U0APPROVER>')],
      });

      // Assess
      const message = harness.standIn.workspace.message('C0APPROVALS', posted.ts ?? '');
      expect(message?.text).toBe('Approved');
      expect(message?.blocks[0]).toMatchObject(section('Approved by <@U0APPROVER>'));
      expect(message?.edited?.userId).toBe('U0BOT');
    });

    it('refuses to update a message that does not exist', async () => {
      // Act
      const answer = await refusal(harness.client.chat.update({ channel: 'C0OPS', ts: '1.000001', text: 'x' }));

      // Assess
      expect(answer.error).toBe('message_not_found');
    });

    it('deletes a message, and then cannot find it', async () => {
      // Prepare
      const posted = await harness.client.chat.postMessage({ channel: 'C0OPS', text: 'temporary' });

      // Act
      await harness.client.chat.delete({ channel: 'C0OPS', ts: posted.ts ?? '' });
      const again = await refusal(harness.client.chat.delete({ channel: 'C0OPS', ts: posted.ts ?? '' }));

      // Assess
      expect(harness.standIn.workspace.messagesIn('C0OPS')).toHaveLength(0);
      expect(again.error).toBe('message_not_found');
    });

    it('gives a permalink to a message', async () => {
      // Prepare
      const posted = await harness.client.chat.postMessage({ channel: 'C0OPS', text: 'link me' });

      // Act
      const link = await harness.client.chat.getPermalink({ channel: 'C0OPS', message_ts: posted.ts ?? '' });

      // Assess
      expect(link.permalink).toBe(`https://sandbox.slack.com/archives/C0OPS/p${(posted.ts ?? '').replace('.', '')}`);
    });
  });

  describe('chat.postEphemeral', () => {
    it('shows the message to that person only', async () => {
      // Act
      const posted = await harness.client.chat.postEphemeral({
        channel: 'C0OPS',
        user: SandboxUserId.Requester,
        text: 'Only you can see this',
      });

      // Assess
      const { workspace } = harness.standIn;
      expect(workspace.ephemeralsFor(SandboxUserId.Requester).map((message) => message.ts)).toEqual([
        posted.message_ts,
      ]);
      expect(workspace.ephemeralsFor(SandboxUserId.Approver)).toHaveLength(0);
      expect(workspace.messagesIn('C0OPS')).toHaveLength(0);
    });

    it('refuses a person who is not in the channel', async () => {
      // Act
      const answer = await refusal(
        harness.client.chat.postEphemeral({ channel: 'C0APPROVALS', user: SandboxUserId.Guest, text: 'hi' }),
      );

      // Assess
      expect(answer.error).toBe('user_not_in_channel');
    });
  });

  describe('directory', () => {
    it('describes a person, including whether they are a guest', async () => {
      // Act
      const alice = await harness.client.users.info({ user: SandboxUserId.Requester });
      const erin = await harness.client.users.info({ user: SandboxUserId.Guest });

      // Assess
      expect(alice.user).toMatchObject({ id: 'U0REQUESTER', name: 'alice', is_restricted: false, is_bot: false });
      expect(erin.user).toMatchObject({ name: 'erin', is_restricted: true, is_ultra_restricted: false });
    });

    it('refuses an unknown person as user_not_found', async () => {
      // Act
      const answer = await refusal(harness.client.users.info({ user: 'U0NOBODY' }));

      // Assess
      expect(answer.error).toBe('user_not_found');
    });

    it('lists the members of a user group', async () => {
      // Act
      const group = await harness.client.usergroups.users.list({ usergroup: SandboxUserGroupId.Approvers });

      // Assess
      expect(group.users).toEqual([SandboxUserId.Approver, SandboxUserId.SecondApprover]);
    });

    it('refuses an unknown user group as no_such_subteam', async () => {
      // Act
      const answer = await refusal(harness.client.usergroups.users.list({ usergroup: 'S0NOPE' }));

      // Assess
      expect(answer.error).toBe('no_such_subteam');
    });

    it('describes a channel, and refuses an unknown one', async () => {
      // Act
      const ops = await harness.client.conversations.info({ channel: SandboxChannelId.Ops });
      const unknown = await refusal(harness.client.conversations.info({ channel: 'C0NOPE' }));

      // Assess
      expect(ops.channel).toMatchObject({ id: 'C0OPS', name: 'voice-ops', is_channel: true, is_member: true });
      expect(unknown.error).toBe('channel_not_found');
    });
  });

  describe('views.open and trigger ids', () => {
    it('opens the modal for the person the trigger belongs to', async () => {
      // Prepare
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);

      // Act
      const opened = await harness.client.views.open({ trigger_id: trigger, view: modal() });

      // Assess
      const top = harness.standIn.workspace.topView(SandboxUserId.Requester);
      expect(top?.id).toBe(opened.view?.id);
      expect(opened.view).toMatchObject({ callback_id: 'test_modal', root_view_id: top?.id, previous_view_id: null });
    });

    it('refuses a trigger used twice as exchanged_trigger_id', async () => {
      // Prepare
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);
      await harness.client.views.open({ trigger_id: trigger, view: modal() });

      // Act
      const answer = await refusal(harness.client.views.open({ trigger_id: trigger, view: modal() }));

      // Assess
      expect(answer.error).toBe('exchanged_trigger_id');
    });

    it('refuses a trigger older than three seconds as expired_trigger_id', async () => {
      // Prepare
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);
      harness.clock.advance(3_001);

      // Act
      const answer = await refusal(harness.client.views.open({ trigger_id: trigger, view: modal() }));

      // Assess
      expect(answer.error).toBe('expired_trigger_id');
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)).toBeUndefined();
    });

    it('refuses a trigger it never issued as invalid_trigger_id', async () => {
      // Act
      const answer = await refusal(harness.client.views.open({ trigger_id: '123.456.abc', view: modal() }));

      // Assess
      expect(answer.error).toBe('invalid_trigger_id');
    });

    it.each([
      [
        'a title over 24 characters',
        modal({ title: { type: 'plain_text', text: 'T'.repeat(25) } }),
        '/view/title/text',
      ],
      [
        'a submit label over 24 characters',
        modal({ submit: { type: 'plain_text', text: 'S'.repeat(25) } }),
        '/view/submit/text',
      ],
      ['an input block without a submit button', { ...passwordModal('password'), submit: undefined }, '/view/submit'],
      [
        'private_metadata over 3000 characters',
        modal({ private_metadata: 'm'.repeat(3001) }),
        '/view/private_metadata',
      ],
      [
        'a repeated block_id',
        modal({
          blocks: [
            { type: 'divider', block_id: 'a' },
            { type: 'divider', block_id: 'a' },
          ],
        }),
        '/view/blocks/1/block_id',
      ],
      [
        'more than 100 blocks',
        modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' }) as AnyBlock) }),
        '/view/blocks',
      ],
    ])('refuses %s as invalid_arguments', async (_case, view, pointer) => {
      // Prepare
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);

      // Act
      const answer = await refusal(harness.client.views.open({ trigger_id: trigger, view: view as ModalView }));

      // Assess
      expect(answer.error).toBe('invalid_arguments');
      expect(answer.response_metadata?.messages?.some((line) => line.endsWith(`[json-pointer:${pointer}]`))).toBe(true);
    });

    it('refuses a view over 250 kB as view_too_large', async () => {
      // Prepare
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);
      const blocks = Array.from({ length: 90 }, () => section('w'.repeat(2_900)));

      // Act
      const answer = await refusal(harness.client.views.open({ trigger_id: trigger, view: modal({ blocks }) }));

      // Assess
      expect(answer.error).toBe('view_too_large');
    });
  });

  describe('views.update and views.push', () => {
    async function openFor(userId: string, view: ModalView) {
      const trigger = harness.standIn.workspace.issueTrigger(userId);
      const opened = await harness.client.views.open({ trigger_id: trigger, view });
      return opened.view as { id: string; hash: string };
    }

    it('updates a view by view_id and gives it a new hash', async () => {
      // Prepare
      const opened = await openFor(SandboxUserId.Requester, modal());

      // Act
      const updated = await harness.client.views.update({
        view_id: opened.id,
        hash: opened.hash,
        view: modal({ blocks: [section('Termination for vc-1')] }),
      });

      // Assess
      expect(updated.view?.id).toBe(opened.id);
      expect(updated.view?.hash).not.toBe(opened.hash);
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.blocks[0]).toMatchObject(
        section('Termination for vc-1'),
      );
    });

    it('updates a view by external_id', async () => {
      // Prepare
      await openFor(SandboxUserId.Requester, modal({ external_id: 'loading-42' }));

      // Act
      await harness.client.views.update({ external_id: 'loading-42', view: modal({ blocks: [section('Done')] }) });

      // Assess
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.blocks[0]).toMatchObject(section('Done'));
    });

    it('refuses an update with a stale hash as hash_conflict', async () => {
      // Prepare
      const opened = await openFor(SandboxUserId.Requester, modal());
      await harness.client.views.update({ view_id: opened.id, view: modal({ blocks: [section('first')] }) });

      // Act
      const answer = await refusal(
        harness.client.views.update({
          view_id: opened.id,
          hash: opened.hash,
          view: modal({ blocks: [section('late')] }),
        }),
      );

      // Assess
      expect(answer.error).toBe('hash_conflict');
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.blocks[0]).toMatchObject(section('first'));
    });

    it('refuses to update a view that is not open as not_found', async () => {
      // Act
      const answer = await refusal(harness.client.views.update({ view_id: 'V0MISSING', view: modal() }));

      // Assess
      expect(answer.error).toBe('not_found');
    });

    it('keeps what the person typed when the input keeps its block_id and action_id', async () => {
      // Prepare
      const opened = await openFor(SandboxUserId.Requester, passwordModal('credential_row1_password'));
      harness.standIn.userAgent(SandboxUserId.Requester).fillView({ Password: 's3cret-typed' });

      // Act
      const updated = await harness.client.views.update({
        view_id: opened.id,
        view: passwordModal('credential_row1_password', 'ignored-initial'),
      });

      // Assess
      expect(stateValues(updated.view)).toEqual({
        credential_row1_password: { credential_password: { type: 'plain_text_input', value: 's3cret-typed' } },
      });
    });

    it('drops what the person typed when the input gets a new block_id', async () => {
      // Prepare
      const opened = await openFor(SandboxUserId.Requester, passwordModal('credential_row1_password'));
      harness.standIn.userAgent(SandboxUserId.Requester).fillView({ Password: 's3cret-typed' });

      // Act
      const updated = await harness.client.views.update({
        view_id: opened.id,
        view: passwordModal('credential_row2_password'),
      });

      // Assess
      expect(stateValues(updated.view)).toEqual({
        credential_row2_password: { credential_password: { type: 'plain_text_input', value: null } },
      });
    });

    it('pushes views up to three deep, then refuses with push_limit_reached', async () => {
      // Prepare
      const root = await openFor(SandboxUserId.Requester, modal());
      const push = () =>
        harness.client.views.push({
          trigger_id: harness.standIn.workspace.issueTrigger(SandboxUserId.Requester),
          view: modal({ callback_id: 'pushed' }),
        });

      // Act
      const second = await push();
      await push();
      const fourth = await refusal(push());

      // Assess
      expect(second.view).toMatchObject({ previous_view_id: root.id, root_view_id: root.id });
      expect(harness.standIn.workspace.viewStack(SandboxUserId.Requester)).toHaveLength(3);
      expect(fourth.error).toBe('push_limit_reached');
    });
  });

  describe('call records', () => {
    it('records each call with its decoded arguments and without the token', async () => {
      // Act
      await harness.client.chat.postMessage({ channel: 'C0OPS', text: 'hello', blocks: [section('hello')] });

      // Assess
      const [call] = harness.standIn.workspace.callsTo('chat.postMessage');
      expect(call?.args).toEqual({ channel: 'C0OPS', text: 'hello', blocks: [section('hello')] });
      expect(call?.response).toMatchObject({ ok: true });
      expect(JSON.stringify(harness.standIn.workspace.calls)).not.toContain(BOT_TOKEN);
    });

    it('waits for a call that has not been made yet', async () => {
      // Prepare
      const waiting = harness.standIn.workspace.waitForCall('chat.postMessage', (call) => call.args.text === 'second');

      // Act
      await harness.client.chat.postMessage({ channel: 'C0OPS', text: 'first' });
      await harness.client.chat.postMessage({ channel: 'C0OPS', text: 'second' });

      // Assess
      expect((await waiting).args.text).toBe('second');
    });
  });
});
