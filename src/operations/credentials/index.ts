import type { KnownBlock } from '@slack/types';
import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { changeMenuEntry, changeSubcommand } from '../change-requests/change-entry-points';
import { withRows } from '../change-requests/change-form-metadata';
import { registerRowEditor } from '../change-requests/change-listeners';
import { type ChangeModule, defineOperation } from '../operation';
import { type CredentialsAfter, type CredentialsChange, credentialsChange } from './credentials-change';
import { readCredentialsForm } from './credentials-form';
import { credentialsDiffBlocks, credentialsResultBlocks } from './credentials-message';
import { credentialsModal } from './credentials-modal';
import { CredentialsIds } from './ids';

/** The Slack side of a credentials change: the username/password form, its diff, the usernames it left. */
export const credentialsModule: ChangeModule<CredentialsChange, CredentialsChange, CredentialsAfter> = {
  kind: credentialsChange,
  title: 'Credentials change',
  icon: '🔑',
  callbackId: CredentialsIds.callback,
  form: ({ ref, snapshot, metadata, openRequestId }) => ({
    modal: credentialsModal({
      ref,
      metadata: withRows(metadata, 1),
      existingUsernames: snapshot.credentials.usernames,
      openRequestId,
    }),
  }),
  readSubmission: readCredentialsForm,
  diffBlocks: credentialsDiffBlocks,
  resultBlocks: credentialsResultBlocks,
};

/** `/chime credentials <id>`: add termination (SIP) credentials or give them new passwords. */
export const credentials = defineOperation({
  name: 'credentials',
  change: credentialsModule,
  commands: [
    changeSubcommand(credentialsModule, ['credentials'], {
      usage: 'credentials <voice-connector-id>',
      what: 'Opens a form to change the termination (SIP) credentials; the change waits for an approver.',
      example: `credentials ${EXAMPLE_CONNECTOR}`,
    }),
    changeSubcommand(credentialsModule, ['change', 'credentials'], {
      usage: 'change credentials <voice-connector-id>',
      what: 'The same as `credentials <voice-connector-id>`.',
      hidden: true,
    }),
  ],
  menu: [changeMenuEntry(credentialsModule, 'Change termination credentials')],
  ids: {
    callbackIds: [CredentialsIds.callback],
    actionIds: [CredentialsIds.username, CredentialsIds.password, CredentialsIds.addPair, CredentialsIds.removePair],
    blockIds: [CredentialsIds.existing, CredentialsIds.addBlock],
  },
  register(app) {
    // Passwords are never echoed back: the rows keep their ids, and Slack keeps what was typed.
    registerRowEditor(
      app,
      { add: CredentialsIds.addPair, remove: CredentialsIds.removePair },
      (view, metadata, next) =>
        next.rows.length === 0
          ? undefined
          : credentialsModal({
              ref: { voiceConnectorId: metadata.voiceConnectorId, region: metadata.region },
              metadata: next,
              existingUsernames: { block: existingUsernamesBlock(view.blocks) },
            }),
    );
  },
});

/** A row edit keeps the form's list of existing usernames as it was, without another Chime call. */
function existingUsernamesBlock(blocks: unknown): KnownBlock | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return (blocks as KnownBlock[]).find((block) => block.block_id === CredentialsIds.existing);
}
