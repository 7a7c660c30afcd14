import type { App, BlockButtonAction, SlackViewAction } from '@slack/bolt';
import type { InputBlock, ModalView, PlainTextElement, PlainTextOption } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElementNotFoundError } from '../../src/slack/slack-user-agent';
import { SandboxChannelId, SandboxUserId } from '../../src/slack/workspace-fixture';
import { type BoltBot, type StandInHarness, startBoltBot, startStandInHarness } from './stand-in-harness';

/** A value a listener will hand over once, so a test can await what the bot received. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text });
const option = (text: string, value = text): PlainTextOption => ({ text: plain(text), value });
const input = (blockId: string, label: string, element: InputBlock['element']): InputBlock => ({
  type: 'input',
  block_id: blockId,
  label: plain(label),
  element,
});
const modal = (callbackId: string, title: string, submit: string, blocks: ModalView['blocks']): ModalView => ({
  type: 'modal',
  callback_id: callbackId,
  title: plain(title),
  submit: plain(submit),
  blocks,
});

const justificationModal = modal('chime_origination', 'Change origination', 'Request', [
  input('justification', 'Why is this change needed?', {
    type: 'plain_text_input',
    action_id: 'justification',
    max_length: 500,
  }),
  input('origination_disabled', 'Origination', {
    type: 'static_select',
    action_id: 'origination_disabled',
    options: [option('Enabled', 'enabled'), option('Disabled', 'disabled')],
  }),
]);

/** What a test's bot hands over: a button click's body, or a modal submission's. */
interface Caught {
  action: BlockButtonAction;
  view: SlackViewAction;
}

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

  /**
   * A bot that acknowledges clicks on the button `id` (`action`) or submissions of the modal `id`
   * (`view`); `promise` is the first one's body.
   */
  async function startBotCatching<K extends keyof Caught>(
    kind: K,
    id: string,
  ): Promise<{ promise: Promise<Caught[K]> }> {
    const caught = deferred<Caught[K]>();
    await startBot((app) => {
      // The body is the kind asked for: a click for `action`, a submission for `view`.
      const hand = (body: BlockButtonAction | SlackViewAction) => caught.resolve(body as Caught[K]);
      if (kind === 'action') {
        app.action<BlockButtonAction>(id, async ({ ack, body }) => {
          await ack();
          hand(body);
        });
      } else {
        app.view(id, async ({ ack, body }) => {
          await ack();
          hand(body);
        });
      }
    });
    return caught;
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
      const clicked = await startBotCatching('action', 'change_approve');
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
      const submitted = await startBotCatching('view', 'chime_origination');
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

  describe('modal stacks', () => {
    const step = (callbackId: string): ModalView => ({
      type: 'modal',
      callback_id: callbackId,
      title: { type: 'plain_text', text: callbackId },
      submit: { type: 'plain_text', text: 'Next' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: callbackId } }],
    });

    it('pushes the view a response_action push carries, then clears the stack on clear', async () => {
      // Prepare
      await startBot((app) => {
        app.view('first', async ({ ack }) => {
          await ack({ response_action: 'push', view: step('second') });
        });
        app.view('second', async ({ ack }) => {
          await ack({ response_action: 'clear' });
        });
      });
      await harness.client.views.open({
        trigger_id: harness.standIn.workspace.issueTrigger(SandboxUserId.Requester),
        view: step('first'),
      });
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      const pushed = await alice.submitView();
      const depthAfterPush = harness.standIn.workspace.viewStack(SandboxUserId.Requester).length;
      const cleared = await alice.submitView();

      // Assess
      expect(pushed).toMatchObject({ sent: true, responseAction: 'push', view: { callbackId: 'second' } });
      expect(depthAfterPush).toBe(2);
      expect(cleared).toMatchObject({ sent: true, responseAction: 'clear' });
      expect(harness.standIn.workspace.viewStack(SandboxUserId.Requester)).toHaveLength(0);
    });

    it('refuses errors for a block that is not an input, as Slack does, and leaves the modal as it was', async () => {
      // Prepare
      await startBot((app) => {
        app.view('first', async ({ ack }) => {
          await ack({ response_action: 'errors', errors: { nowhere: 'No such field' } });
        });
      });
      await harness.client.views.open({
        trigger_id: harness.standIn.workspace.issueTrigger(SandboxUserId.Requester),
        view: step('first'),
      });

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Requester).submitView();

      // Assess
      expect(outcome).toMatchObject({ sent: true, errors: {} });
      expect(outcome.sent && outcome.responseActionError).toMatch(/not input blocks: nowhere/);
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)?.callbackId).toBe('first');
    });
  });

  describe('more slash command acknowledgements', () => {
    it('shows a plain-text acknowledgement as an ephemeral reply', async () => {
      // Prepare
      await startBot((app) => {
        app.command('/voice', async ({ ack }) => {
          await ack('Usage: /voice <operation> <voice-connector-id>');
        });
      });

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Observer).runSlashCommand('/voice');

      // Assess
      expect(outcome.reply).toMatchObject({
        userId: SandboxUserId.Observer,
        text: 'Usage: /voice <operation> <voice-connector-id>',
      });
    });

    it('posts an in_channel acknowledgement in the channel', async () => {
      // Prepare
      await startBot((app) => {
        app.command('/voice', async ({ ack }) => {
          await ack({ response_type: 'in_channel', text: 'vc-1 termination: enabled' });
        });
      });

      // Act
      await harness.standIn.userAgent(SandboxUserId.Requester).runSlashCommand('/voice', 'termination vc-1');

      // Assess
      expect(harness.standIn.workspace.messagesIn(SandboxChannelId.Ops).map((message) => message.text)).toEqual([
        'vc-1 termination: enabled',
      ]);
    });

    it('reports blocks Slack would refuse in an acknowledgement instead of showing them', async () => {
      // Prepare
      await startBot((app) => {
        app.command('/voice', async ({ ack }) => {
          await ack({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] });
        });
      });

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Requester).runSlashCommand('/voice');

      // Assess
      expect(outcome.replyError?.error).toBe('invalid_blocks');
      expect(harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester)).toHaveLength(0);
    });

    it('shows operation_timeout and drops the reply when the acknowledgement comes too late', async () => {
      // Prepare
      await bot?.close();
      await harness.standIn.close();
      harness = await startStandInHarness({ ackTimeoutMs: 50 });
      await startBot((app) => {
        app.command('/voice', async ({ ack }) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          await ack('too late');
        });
      });

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Requester).runSlashCommand('/voice');

      // Assess
      expect(outcome).toMatchObject({ timedOut: true, userVisibleError: 'operation_timeout' });
      expect(harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester)).toHaveLength(0);
    });

    it('lets a later button in the ephemeral reply replace it through its response_url', async () => {
      // Prepare
      const clicked = deferred<BlockButtonAction>();
      await startBot((app) => {
        app.command('/voice', async ({ ack }) => {
          await ack({
            text: 'Share the result?',
            blocks: [
              {
                type: 'actions',
                elements: [
                  { type: 'button', action_id: 'share', text: { type: 'plain_text', text: 'Share' }, value: 'vc-1' },
                ],
              },
            ],
          });
        });
        app.action<BlockButtonAction>('share', async ({ ack, respond, body }) => {
          await ack();
          clicked.resolve(body);
          await respond({ replace_original: true, text: 'Shared' });
        });
      });
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);
      await alice.runSlashCommand('/voice', 'termination vc-1');

      // Act
      await alice.clickButton('share');
      await harness.standIn.workspace.waitForCall('response_url');

      // Assess
      const body = await clicked.promise;
      expect(body.container).toMatchObject({ type: 'message', is_ephemeral: true });
      expect(body.message).toBeUndefined();
      expect(harness.standIn.workspace.ephemeralsFor(SandboxUserId.Requester).map((message) => message.text)).toEqual([
        'Shared',
      ]);
    });
  });

  describe('interactions inside a modal', () => {
    const menuModal: ModalView = {
      ...modal('chime_menu', 'Voice ops', 'Run', [
        {
          ...input('menu_operation', 'Operation', {
            type: 'static_select',
            action_id: 'operation_select',
            options: [option('Termination', 'termination'), option('Proxy', 'proxy')],
          }),
          dispatch_action: true,
        },
        input('menu_region', 'Region', {
          type: 'radio_buttons',
          action_id: 'region_select',
          options: [option('us-east-1'), option('eu-west-2')],
        }),
        {
          ...input('menu_share', 'Share', {
            type: 'checkboxes',
            action_id: 'share_checkbox',
            options: [{ text: { type: 'mrkdwn', text: 'Post in channel' }, value: 'share' }],
          }),
          optional: true,
        },
        input('menu_connector', 'Voice connector', { type: 'external_select', action_id: 'connector_select' }),
        {
          type: 'actions',
          block_id: 'route_r1_actions',
          elements: [
            {
              type: 'button',
              action_id: 'origination_add_route',
              text: { type: 'plain_text', text: 'Add route' },
              value: 'r1',
            },
          ],
        },
      ]),
      notify_on_close: true,
    };

    async function openMenu(): Promise<string> {
      const trigger = harness.standIn.workspace.issueTrigger(SandboxUserId.Requester);
      const opened = await harness.client.views.open({ trigger_id: trigger, view: menuModal });
      return opened.view?.id ?? '';
    }

    it('sends a button click in a modal with the view and what has been typed so far', async () => {
      // Prepare
      const clicked = await startBotCatching('action', 'origination_add_route');
      const viewId = await openMenu();
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);
      alice.fillView({ Region: 'eu-west-2' });

      // Act
      await alice.clickButton('origination_add_route');

      // Assess
      const body = await clicked.promise;
      expect(body.container).toMatchObject({ type: 'view', view_id: viewId });
      expect(body.actions[0]?.value).toBe('r1');
      expect(body.view?.state.values.menu_region?.region_select?.selected_option?.value).toBe('eu-west-2');
      expect(body.response_url).toBeUndefined();
    });

    it('sends a choice at once only where the input block dispatches actions', async () => {
      // Prepare
      const chosen = deferred<string | undefined>();
      await startBot((app) => {
        app.action('operation_select', async ({ ack, action }) => {
          await ack();
          chosen.resolve('selected_option' in action ? action.selected_option?.value : undefined);
        });
      });
      await openMenu();
      const alice = harness.standIn.userAgent(SandboxUserId.Requester);

      // Act
      const dispatched = await alice.chooseOption('operation_select', 'Proxy');
      const kept = await alice.chooseOption('region_select', 'us-east-1');

      // Assess
      expect(dispatched).toMatchObject({ sent: true, status: 200 });
      expect(await chosen.promise).toBe('proxy');
      expect(kept).toEqual({ sent: false, reason: 'not_dispatched' });
    });

    it('builds the submission from every kind of input, by block_id or by label', async () => {
      // Prepare
      const submitted = await startBotCatching('view', 'chime_menu');
      await openMenu();

      // Act
      await harness.standIn.userAgent(SandboxUserId.Requester).submitView({
        Operation: 'termination',
        menu_region: 'eu-west-2',
        Share: ['share'],
        'Voice connector': { value: 'abcdef1ghij2klmn3opqr', text: 'Main trunk' },
      });

      // Assess
      const { values } = (await submitted.promise).view.state;
      expect(values.menu_operation?.operation_select?.selected_option?.value).toBe('termination');
      expect(values.menu_region?.region_select?.selected_option?.value).toBe('eu-west-2');
      expect(values.menu_share?.share_checkbox?.selected_options?.map((option) => option.value)).toEqual(['share']);
      expect(values.menu_connector?.connector_select?.selected_option).toEqual({
        text: { type: 'plain_text', text: 'Main trunk', emoji: true },
        value: 'abcdef1ghij2klmn3opqr',
      });
    });

    it('refuses an option the modal does not offer', async () => {
      // Prepare
      await startBot(() => {});
      await openMenu();

      // Act
      const filling = () => harness.standIn.userAgent(SandboxUserId.Requester).fillView({ Region: 'ap-south-1' });

      // Assess
      expect(filling).toThrow(/offers no option 'ap-south-1'/);
    });

    it('tells the bot when a modal that asked for it is closed', async () => {
      // Prepare
      const closed = deferred<SlackViewAction>();
      await startBot((app) => {
        app.view({ callback_id: 'chime_menu', type: 'view_closed' }, async ({ ack, body }) => {
          await ack();
          closed.resolve(body);
        });
      });
      await openMenu();

      // Act
      const outcome = await harness.standIn.userAgent(SandboxUserId.Requester).closeView();

      // Assess
      expect(outcome).toMatchObject({ sent: true, status: 200 });
      expect((await closed.promise).type).toBe('view_closed');
      expect(harness.standIn.workspace.topView(SandboxUserId.Requester)).toBeUndefined();
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
        view: modal('chime_menu', 'Voice ops', 'Go', [
          input('menu_connector', 'Voice connector', { type: 'external_select', action_id: 'connector_select' }),
        ]),
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
