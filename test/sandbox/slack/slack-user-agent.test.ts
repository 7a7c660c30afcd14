import type { App, BlockButtonAction, SlackViewAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElementNotFoundError } from '../../../src/sandbox/slack/slack-user-agent';
import { SandboxChannelId, SandboxUserId } from '../../../src/sandbox/slack/workspace-fixture';
import { type BoltBot, type StandInHarness, startBoltBot, startStandInHarness } from './stand-in-harness';

/** A value a listener will hand over once, so a test can await what the bot received. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const justificationModal: ModalView = {
  type: 'modal',
  callback_id: 'chime_origination',
  title: { type: 'plain_text', text: 'Change origination' },
  submit: { type: 'plain_text', text: 'Request' },
  blocks: [
    {
      type: 'input',
      block_id: 'justification',
      label: { type: 'plain_text', text: 'Why is this change needed?' },
      element: { type: 'plain_text_input', action_id: 'justification', max_length: 500 },
    },
    {
      type: 'input',
      block_id: 'origination_disabled',
      label: { type: 'plain_text', text: 'Origination' },
      element: {
        type: 'static_select',
        action_id: 'origination_disabled',
        options: [
          { text: { type: 'plain_text', text: 'Enabled' }, value: 'enabled' },
          { text: { type: 'plain_text', text: 'Disabled' }, value: 'disabled' },
        ],
      },
    },
  ],
};

describe('Simulated Slack client against a Bolt app', () => {
  let harness: StandInHarness;
  let bot: BoltBot | undefined;

  beforeEach(async () => {
    harness = await startStandInHarness();
  });

  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await harness.standIn.close();
  });

  async function startBot(register: (app: App) => void): Promise<void> {
    bot = await startBoltBot(harness.standIn, register);
  }

  describe('slash commands', () => {
    it('shows a command acknowledged with a message as an ephemeral reply to the person who typed it', async () => {
      // Prepare
      await startBot((app) => {
        app.command('/voice', async ({ ack, command }) => {
          await ack({
            text: `Looking up ${command.text}`,
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${command.text}*` } }],
          });
        });
      });
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      const outcome = await alice.runSlashCommand('/voice', 'termination vc-1', { channelId: SandboxChannelId.Ops });

      // Assess
      expect(outcome.status).toBe(200);
      expect(outcome.reply).toMatchObject({ userId: SandboxUserId.Requester, text: 'Looking up termination vc-1' });
      expect(harness.standIn.workspace.ephemeralsFor(SandboxUserId.Approver)).toHaveLength(0);
      expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops)).toHaveLength(0);
    });

    it('sends the fields Slack sends with a slash command', async () => {
      // Prepare
      const received = deferred<Record<string, string | undefined>>();
      await startBot((app) => {
        app.command('/voice', async ({ ack, command }) => {
          await ack();
          received.resolve(command);
        });
      });

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Approver).runSlashCommand('/voice', 'help');

      // Assess
      expect(await received.promise).toMatchObject({
        team_id: 'T0SANDBOX',
        team_domain: 'sandbox',
        channel_id: 'C0OPS',
        channel_name: 'voice-ops',
        user_id: 'U0APPROVER',
        user_name: 'bob',
        command: '/voice',
        text: 'help',
        api_app_id: 'A0SANDBOX',
        response_url: outcome.responseUrl,
        trigger_id: outcome.triggerId,
      });
      expect(outcome.reply).toBeUndefined();
    });

    it('lets the bot open a modal with the trigger and fill it later', async () => {
      // Prepare
      await startBot((app) => {
        app.command('/voice', async ({ ack, body, client }) => {
          await ack();
          const loading = await client.views.open({
            trigger_id: body.trigger_id,
            view: { ...justificationModal, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Loading…' } }] },
          });
          await client.views.update({ view_id: loading.view?.id ?? '', view: justificationModal });
        });
      });
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      await alice.runSlashCommand('/voice', 'origination');
      await harness.standIn.workspace.waitForCall('views.update');

      // Assess
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.callbackId).toBe('chime_origination');
    });
  });

  describe('buttons', () => {
    async function postApprovalRequest(): Promise<string> {
      const posted = await harness.client.chat.postMessage({
        channel: SandboxChannelId.Approvals,
        text: 'Change #42 needs approval',
        blocks: [
          {
            type: 'actions',
            block_id: 'change_actions',
            elements: [
              {
                type: 'button',
                action_id: 'change_approve',
                text: { type: 'plain_text', text: 'Approve' },
                value: 'change-42',
              },
              {
                type: 'button',
                action_id: 'change_reject',
                text: { type: 'plain_text', text: 'Reject' },
                value: 'change-42',
                confirm: {
                  title: { type: 'plain_text', text: 'Reject?' },
                  text: { type: 'plain_text', text: 'The requester will be told.' },
                  confirm: { type: 'plain_text', text: 'Reject' },
                  deny: { type: 'plain_text', text: 'Keep' },
                },
              },
            ],
          },
        ],
      });
      return posted.ts ?? '';
    }

    it('delivers a click with the value the bot gave the button', async () => {
      // Prepare
      const clicked = deferred<BlockButtonAction>();
      await startBot((app) => {
        app.action<BlockButtonAction>('change_approve', async ({ ack, body }) => {
          await ack();
          clicked.resolve(body);
        });
      });
      const ts = await postApprovalRequest();

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Approver).clickButton('change_approve');

      // Assess
      const body = await clicked.promise;
      expect(outcome).toMatchObject({ sent: true, status: 200 });
      expect(body.actions[0]).toMatchObject({
        action_id: 'change_approve',
        block_id: 'change_actions',
        value: 'change-42',
      });
      expect(body.user.id).toBe(SandboxUserId.Approver);
      expect(body.container).toMatchObject({ type: 'message', message_ts: ts, channel_id: SandboxChannelId.Approvals });
      expect(body.message?.text).toBe('Change #42 needs approval');
    });

    it("applies the listener's respond() to the clicked message", async () => {
      // Prepare
      await startBot((app) => {
        app.action<BlockButtonAction>('change_approve', async ({ ack, respond, body }) => {
          await ack();
          await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
        });
      });
      const ts = await postApprovalRequest();

      // Act
      await harness.standIn.userAgent(SandboxUserId.Approver).clickButton('change_approve');
      await harness.standIn.workspace.waitForCall('response_url');

      // Assess
      expect(harness.standIn.workspace.message(SandboxChannelId.Approvals, ts)?.text).toBe('Approved by <@U0APPROVER>');
    });

    it('sends nothing when the person declines the confirmation dialog', async () => {
      // Prepare
      await startBot(() => {});
      await postApprovalRequest();

      // Act
      const outcome = await harness.standIn
        .userAgent(SandboxUserId.Approver)
        .clickButton('change_reject', { confirm: false });

      // Assess
      expect(outcome).toEqual({ sent: false, reason: 'confirmation_declined' });
    });

    it('refuses to click a button the bot never sent', async () => {
      // Prepare
      await startBot(() => {});
      await postApprovalRequest();
      const carol = harness.standIn.userAgent(SandboxUserId.Observer);

      // Act
      const clicking = carol.clickButton('change_revert');

      // Assess
      await expect(clicking).rejects.toThrow(ElementNotFoundError);
    });

    it('refuses to click a button in a channel the person is not in', async () => {
      // Prepare
      await startBot(() => {});
      await postApprovalRequest();
      const erin = harness.standIn.userAgent(SandboxUserId.Guest);

      // Act
      const clicking = erin.clickButton('change_approve');

      // Assess
      await expect(clicking).rejects.toThrow(/sees no element with action_id 'change_approve'/);
    });
  });

  describe('modal submissions', () => {
    async function openModalFor(userId: string): Promise<void> {
      const trigger = harness.standIn.workspace.issueTrigger(userId);
      await harness.client.views.open({ trigger_id: trigger, view: justificationModal });
    }

    it('returns the errors of a response_action errors acknowledgement and keeps them on the view', async () => {
      // Prepare
      await startBot((app) => {
        app.view('chime_origination', async ({ ack }) => {
          await ack({ response_action: 'errors', errors: { justification: 'Say why, in at least 10 characters.' } });
        });
      });
      await openModalFor(SandboxUserId.Requester);
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      const outcome = await alice.submitView({
        'Why is this change needed?': 'because',
        origination_disabled: 'Enabled',
      });

      // Assess
      expect(outcome).toMatchObject({
        sent: true,
        responseAction: 'errors',
        errors: { justification: 'Say why, in at least 10 characters.' },
      });
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.errors).toEqual({
        justification: 'Say why, in at least 10 characters.',
      });
    });

    it('hands the listener the typed values and closes the modal on an empty acknowledgement', async () => {
      // Prepare
      const submitted = deferred<SlackViewAction>();
      await startBot((app) => {
        app.view('chime_origination', async ({ ack, body }) => {
          await ack();
          submitted.resolve(body);
        });
      });
      await openModalFor(SandboxUserId.Requester);

      // Act
      const outcome = await harness.standIn
        .userAgent(SandboxUserId.Requester)
        .submitView({ justification: 'carrier migration', Origination: 'disabled' });

      // Assess
      const body = await submitted.promise;
      expect(body.view.state.values).toEqual({
        justification: { justification: { type: 'plain_text_input', value: 'carrier migration' } },
        origination_disabled: {
          origination_disabled: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Disabled' }, value: 'disabled' },
          },
        },
      });
      expect(outcome).toMatchObject({ sent: true, responseAction: 'close' });
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)).toBeUndefined();
    });

    it('does not send a modal with an empty required field, as the Slack client would not', async () => {
      // Prepare
      await startBot(() => {});
      await openModalFor(SandboxUserId.Requester);

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Requester).submitView({ justification: 'why not' });

      // Assess
      expect(outcome).toMatchObject({
        sent: false,
        errors: { origination_disabled: 'Please complete this required field.' },
      });
    });

    it('replaces the modal on a response_action update', async () => {
      // Prepare
      await startBot((app) => {
        app.view('chime_origination', async ({ ack }) => {
          await ack({
            response_action: 'update',
            view: {
              type: 'modal',
              callback_id: 'chime_result',
              title: { type: 'plain_text', text: 'Requested' },
              blocks: [],
            },
          });
        });
      });
      await openModalFor(SandboxUserId.Requester);

      // Act
      const outcome = await harness.standIn
        .userAgent(SandboxUserId.Requester)
        .submitView({ justification: 'carrier migration', origination_disabled: 'enabled' });

      // Assess
      expect(outcome).toMatchObject({ sent: true, responseAction: 'update' });
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.callbackId).toBe('chime_result');
    });
  });

  describe('external selects', () => {
    it('returns the options the bot acknowledged a block_suggestion with', async () => {
      // Prepare
      await startBot((app) => {
        app.options('connector_select', async ({ ack, payload }) => {
          await ack({
            options: [{ text: { type: 'plain_text', text: `vc-${payload.value}` }, value: `vc-${payload.value}` }],
          });
        });
      });
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);
      await harness.client.views.open({
        trigger_id: trigger,
        view: {
          type: 'modal',
          callback_id: 'chime_menu',
          title: { type: 'plain_text', text: 'Voice ops' },
          submit: { type: 'plain_text', text: 'Go' },
          blocks: [
            {
              type: 'input',
              block_id: 'menu_connector',
              label: { type: 'plain_text', text: 'Voice connector' },
              element: { type: 'external_select', action_id: 'connector_select' },
            },
          ],
        },
      });

      // Act
      const outcome = await harness.standIn
        .userAgent(SandboxUserId.Requester)
        .suggestOptions('connector_select', 'abc');

      // Assess
      expect(outcome.options).toEqual([{ text: { type: 'plain_text', text: 'vc-abc' }, value: 'vc-abc' }]);
    });
  });

  describe('request signing', () => {
    it('gets 401 from Bolt for a forged signature', async () => {
      // Prepare
      await startBot((app) => {
        app.command('/voice', async ({ ack }) => {
          await ack('should never run');
        });
      });
      const agent = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      const answer = await agent.sendSigned('command=%2Fvoice&text=help', 'application/x-www-form-urlencoded', {
        signature: `v0=${'0'.repeat(64)}`,
      });

      // Assess
      expect(answer.status).toBe(401);
    });

    it('gets 401 from Bolt for a signature older than five minutes', async () => {
      // Prepare
      await startBot(() => {});
      const agent = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      const answer = await agent.sendSigned('command=%2Fvoice&text=help', 'application/x-www-form-urlencoded', {
        timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
      });

      // Assess
      expect(answer.status).toBe(401);
    });
  });
});
