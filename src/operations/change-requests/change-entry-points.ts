import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { z } from 'zod';
import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { loadingModal } from '../../blocks/loading-modal';
import { noticeMessage } from '../../blocks/notice-message';
import { isVoiceConnectorId } from '../../chime/model-schemas';
import { isChimeRegion } from '../../chime/regions';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { changesUnavailableReason } from '../../handlers/change-availability';
import type { ListenerDependencies } from '../../handlers/listener-dependencies';
import { queueMalformedButtonRefusal, queueRefusal } from '../../handlers/refusals';
import { actorOf, replyTargetOf } from '../../handlers/slack-payload';
import type { Actor, JobQueue } from '../../jobs/job';
import type { ChangeModule, MenuEntry, OpenChangePurpose, SubcommandSpec } from '../operation';
import type { OpenChangeJobSchema } from './index';

/**
 * The ways into a change kind's form, the same for every kind: a subcommand
 * (`/chime origination <id>`) and a menu entry. Both refuse at once, audited, when changes of the
 * kind are not configured; otherwise they open a loading modal with the trigger (valid 3 s) and
 * queue `open-change`, whose worker reads the connector and fills the form.
 */
export function changeSubcommand(
  module: ChangeModule,
  words: readonly string[],
  help: SubcommandSpec['help'],
): SubcommandSpec {
  return {
    words,
    args: ['connector'],
    options: ['break-glass'],
    help,
    async run({ args, actor, channelId, responseUrl, triggerId, ack, client, deps }) {
      const ref = { voiceConnectorId: args.voiceConnectorId ?? '', region: args.region };
      const unavailable = changesUnavailableReason(deps.config, module.kind);
      if (unavailable !== undefined) {
        await ack(noticeMessage({ tone: 'warning', title: 'Changes are not configured', body: unavailable }));
        await refuseUnconfigured(deps, actor, { kind: 'response_url', responseUrl }, channelId, ref);
        return;
      }
      await ack();
      await openChangeForm(client, deps.jobs, triggerId, loadingModal({ title: module.title }), {
        change: module.kind.name,
        ref,
        ...(args.breakGlass === true ? { breakGlass: true } : {}),
        actor,
        channelId,
      });
    },
  };
}

/**
 * `/chime <word> <id>` for a change kind, with `change <word> <id>` as a hidden alias of it.
 *
 * @example
 * changeSubcommands(originationModule, 'origination', 'Opens a form to change the origination routes.');
 */
export function changeSubcommands(module: ChangeModule, word: string, what: string): SubcommandSpec[] {
  return [
    changeSubcommand(module, [word], {
      usage: `${word} <voice-connector-id>`,
      what,
      example: `${word} ${EXAMPLE_CONNECTOR}`,
    }),
    changeSubcommand(module, ['change', word], {
      usage: `change ${word} <voice-connector-id>`,
      what: `The same as \`${word} <voice-connector-id>\`.`,
      hidden: true,
    }),
  ];
}

/**
 * The menu entry of a change kind: the form replaces the menu, filled by the worker. Its value is
 * the kind's name unless a read of the same name has it (`termination`).
 */
export function changeMenuEntry(module: ChangeModule, label: string, value = module.kind.name): MenuEntry {
  return {
    value,
    label,
    change: module.kind.name,
    async submit({ ref, actor, channelId, viewId, ack, deps }) {
      await ack(loadingModal({ title: module.title, message: `Reading ${ref.voiceConnectorId} …` }));
      await deps.jobs.enqueue({
        kind: 'open-change',
        change: module.kind.name,
        ref,
        actor,
        channelId,
        reply: { kind: 'view', viewId },
      });
    },
  };
}

/**
 * A button that opens a change kind's form for the connector it names (`<id>|<region>` in its
 * value: the termination card's Request a change, the health card's Rotate credentials). The value
 * comes back from the client: it is parsed, never trusted; a malformed one is refused and audited.
 */
export function registerChangeButton(
  app: App,
  deps: ListenerDependencies,
  module: ChangeModule,
  actionId: string,
  options: { purpose?: OpenChangePurpose } = {},
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = actorOf(body);
    const reply = replyTargetOf(body);
    const ref = connectorOfButton(action.value);
    if (ref === undefined || reply === undefined) {
      if (reply !== undefined) await queueMalformedButtonRefusal(deps.jobs, body, 'change.request', reply);
      return;
    }
    const unavailable = changesUnavailableReason(deps.config, module.kind);
    if (unavailable !== undefined) {
      const notice = noticeMessage({ tone: 'warning', title: 'Changes are not configured', body: unavailable });
      await respond({ response_type: 'ephemeral', replace_original: false, text: notice.text, blocks: notice.blocks });
      await queueRefusal(deps.jobs, {
        actor,
        action: 'change.request',
        outcome: 'denied',
        reason: 'changes-not-configured',
        voiceConnectorId: ref.voiceConnectorId,
        region: ref.region,
        reply,
        channelId: body.channel?.id,
      });
      return;
    }
    await openChangeForm(client, deps.jobs, body.trigger_id, loadingModal({ title: module.title }), {
      change: module.kind.name,
      ref,
      ...(options.purpose ? { purpose: options.purpose } : {}),
      actor,
      channelId: body.channel?.id,
    });
  });
}

/**
 * Opens `loading` with the trigger (valid 3 s) and queues `open-change`, whose worker reads the
 * connector and fills the form into that view.
 */
export async function openChangeForm(
  client: WebClient,
  jobs: JobQueue,
  triggerId: string,
  loading: ModalView,
  job: Omit<z.input<typeof OpenChangeJobSchema>, 'kind' | 'reply'>,
): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: loading });
  const viewId = opened.view?.id;
  if (viewId === undefined) throw new Error('views.open returned no view id');
  await jobs.enqueue({ kind: 'open-change', ...job, reply: { kind: 'view', viewId } });
}

/** `<voice-connector-id>|<region>`, checked as a command's arguments are. */
function connectorOfButton(value: string | undefined): VoiceConnectorRef | undefined {
  const [voiceConnectorId, region, ...rest] = (value ?? '').split('|');
  if (rest.length > 0 || voiceConnectorId === undefined || region === undefined) return undefined;
  return isVoiceConnectorId(voiceConnectorId) && isChimeRegion(region) ? { voiceConnectorId, region } : undefined;
}

function refuseUnconfigured(
  deps: ListenerDependencies,
  actor: Actor,
  reply: { kind: 'response_url'; responseUrl: string },
  channelId: string,
  ref: VoiceConnectorRef,
): Promise<void> {
  return queueRefusal(deps.jobs, {
    action: 'change.request',
    outcome: 'denied',
    reason: 'changes-not-configured',
    voiceConnectorId: ref.voiceConnectorId,
    region: ref.region,
    actor,
    channelId,
    reply,
  });
}
