import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { loadingModal } from '../../blocks/loading-modal';
import { noticeMessage } from '../../blocks/notice-message';
import { plainText } from '../../blocks/slack-limits';
import { CHANGE_REQUEST_ID_PATTERN } from '../../changes/change-request';
import { isVoiceConnectorId } from '../../chime/model-schemas';
import { isChimeRegion } from '../../chime/regions';
import type { ListenerDependencies } from '../../handlers/listener-dependencies';
import { queueMalformedButtonRefusal } from '../../handlers/refusals';
import { actorOf, replyTargetOf } from '../../handlers/slack-payload';
import {
  changeMenuEntry,
  changeSubcommands,
  openChangeForm,
  registerChangeButton,
} from '../change-requests/change-entry-points';
import { withRows } from '../change-requests/change-form-metadata';
import { registerRowEditor } from '../change-requests/change-listeners';
import { getTerminationHealth } from '../health/health-calls';
import { type ChangeModule, defineOperation } from '../operation';
import {
  type CredentialsAfter,
  type CredentialsChange,
  type CredentialsProposal,
  credentialsChange,
} from './credentials-change';
import { readCredentialsForm } from './credentials-form';
import { credentialsDiffBlocks, credentialsResultBlocks } from './credentials-message';
import { credentialsModal, credentialsPreamble } from './credentials-modal';
import { oldUsernames, ROTATE_GUIDANCE, removeOldGuidance } from './credentials-rotation';
import { CredentialsIds } from './ids';

/** The Slack side of a credentials change: the username/password form, its diff, the usernames it left. */
export const credentialsModule: ChangeModule<CredentialsChange, CredentialsProposal, CredentialsAfter> = {
  kind: credentialsChange,
  title: 'Credentials change',
  icon: '🔑',
  callbackId: CredentialsIds.callback,
  async form({ ref, snapshot, metadata, openRequestId, purpose, rotationOf }, services) {
    const usernames = snapshot.credentials.usernames;
    if (purpose === 'remove-old') {
      const rotation = rotationOf === undefined ? undefined : await services.changeRequest(rotationOf);
      if (
        rotation === undefined ||
        rotation.status !== 'applied' ||
        rotation.voiceConnectorId !== ref.voiceConnectorId
      ) {
        return {
          notice: noticeMessage({
            tone: 'warning',
            title: 'This rotation cannot go on from here',
            body: `Change request ${rotationOf ?? ''} is not an applied rotation of this connector. Remove old usernames with the credentials form instead.`,
          }),
        };
      }
      const ping = await getTerminationHealth(services.voiceConnectors, ref).catch(() => undefined);
      return {
        modal: credentialsModal({
          ref,
          metadata: { ...withRows(metadata, 0), purpose },
          existing: { usernames },
          removeSelected: oldUsernames(rotation, usernames),
          guidance: removeOldGuidance(rotation, ping, services.now()),
          openRequestId,
        }),
      };
    }
    return {
      modal: credentialsModal({
        ref,
        metadata: { ...withRows(metadata, 1), ...(purpose === 'rotate' ? { purpose } : {}) },
        existing: { usernames },
        ...(purpose === 'rotate' ? { guidance: ROTATE_GUIDANCE } : {}),
        openRequestId,
      }),
    };
  },
  readSubmission: readCredentialsForm,
  diffBlocks: credentialsDiffBlocks,
  resultBlocks: (after, request) => [...credentialsResultBlocks(after), rotationActions(request)],
};

/** `/chime credentials <id>`: add termination (SIP) credentials, give them new passwords, or remove them. */
export const credentials = defineOperation({
  name: 'credentials',
  change: credentialsModule,
  commands: changeSubcommands(
    credentialsModule,
    'credentials',
    'Opens a form to change the termination (SIP) credentials: add usernames, set new passwords, remove usernames; the change waits for an approver.',
  ),
  menu: [changeMenuEntry(credentialsModule, 'Change termination credentials')],
  // A rotation's second step reads the last health ping for its form.
  chimeActions: ['GetVoiceConnectorTerminationHealth'],
  ids: {
    callbackIds: [CredentialsIds.callback],
    actionIds: [
      CredentialsIds.username,
      CredentialsIds.password,
      CredentialsIds.addPair,
      CredentialsIds.removePair,
      CredentialsIds.remove,
      CredentialsIds.rotate,
      CredentialsIds.removeOld,
    ],
    blockIds: [
      CredentialsIds.existing,
      CredentialsIds.addBlock,
      CredentialsIds.remove,
      CredentialsIds.resultActions,
      CredentialsIds.guidance,
    ],
  },
  register(app, deps) {
    // Passwords are never echoed back: the rows keep their ids, and Slack keeps what was typed.
    registerRowEditor(
      app,
      { add: CredentialsIds.addPair, remove: CredentialsIds.removePair },
      (view, metadata, next) => {
        const preamble = credentialsPreamble(view.blocks);
        return preamble === undefined
          ? undefined
          : credentialsModal({
              ref: { voiceConnectorId: metadata.voiceConnectorId, region: metadata.region },
              metadata: next,
              existing: { blocks: preamble },
            });
      },
    );
    // Rotate (the health card, an applied change): the form, with a new row and the rotation's words.
    registerChangeButton(app, deps, credentialsModule, CredentialsIds.rotate, { purpose: 'rotate' });
    registerRemoveOld(app, deps);
  },
});

/** An applied credentials change offers to rotate again, and an applied rotation its second step. */
function rotationActions(request: {
  id: string;
  voiceConnectorId: string;
  region: string;
  purpose?: string;
}): KnownBlock {
  const connector = `${request.voiceConnectorId}|${request.region}`;
  return {
    type: 'actions',
    block_id: CredentialsIds.resultActions,
    elements: [
      ...(request.purpose === 'rotate'
        ? [
            {
              type: 'button' as const,
              action_id: CredentialsIds.removeOld,
              text: plainText('Remove the old usernames'),
              style: 'primary' as const,
              value: `${request.id}|${connector}`,
            },
          ]
        : []),
      {
        type: 'button' as const,
        action_id: CredentialsIds.rotate,
        text: plainText('Rotate credentials'),
        value: connector,
      },
    ],
  };
}

/**
 * A rotation's second step: the credentials form with the old usernames ticked for removal and
 * whether the PBX has pinged since the new ones were applied. The value (`<request>|<id>|<region>`)
 * comes back from the client: parsed, and the worker checks the request itself.
 */
function registerRemoveOld(app: App, deps: ListenerDependencies): void {
  app.action<BlockAction<ButtonAction>>(CredentialsIds.removeOld, async ({ ack, body, action, client }) => {
    await ack();
    const reply = replyTargetOf(body);
    const [rotationOf, voiceConnectorId, region, ...rest] = (action.value ?? '').split('|');
    const valid =
      rest.length === 0 &&
      rotationOf !== undefined &&
      CHANGE_REQUEST_ID_PATTERN.test(rotationOf) &&
      voiceConnectorId !== undefined &&
      isVoiceConnectorId(voiceConnectorId) &&
      region !== undefined &&
      isChimeRegion(region);
    if (!valid || reply === undefined) {
      if (reply !== undefined) {
        await queueMalformedButtonRefusal(deps.jobs, body, 'change.request', reply);
      }
      return;
    }
    await openChangeForm(
      client,
      deps.jobs,
      body.trigger_id,
      loadingModal({ title: credentialsModule.title, message: 'Reading the usernames …' }),
      {
        change: credentialsModule.kind.name,
        ref: { voiceConnectorId, region },
        purpose: 'remove-old',
        rotationOf,
        actor: actorOf(body),
        channelId: body.channel?.id,
      },
    );
  });
}
