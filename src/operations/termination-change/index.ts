import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { changeMenuEntry, changeSubcommand, registerChangeButton } from '../change-requests/change-entry-points';
import { withRows } from '../change-requests/change-form-metadata';
import { type ChangeModule, defineOperation } from '../operation';
import { TerminationChangeIds } from './ids';
import { type TerminationChange, terminationChange } from './termination-change';
import { readTerminationForm } from './termination-form';
import { terminationDiffBlocks, terminationResultBlocks } from './termination-message';
import { terminationInput, terminationModal } from './termination-modal';
import type { TerminationSettings } from './termination-rules';

/** The Slack side of a termination change: the form, its diff, the settings it left. */
export const terminationChangeModule: ChangeModule<TerminationChange, TerminationChange, TerminationSettings> = {
  kind: terminationChange,
  title: 'Termination change',
  icon: '📞',
  callbackId: TerminationChangeIds.callback,
  form: async ({ ref, snapshot, metadata, openRequestId }) => ({
    modal: terminationModal({
      ref,
      metadata: withRows(metadata, 0),
      initial: terminationInput(snapshot.termination),
      now: snapshot.termination,
      openRequestId,
    }),
  }),
  readSubmission: readTerminationForm,
  diffBlocks: terminationDiffBlocks,
  resultBlocks: terminationResultBlocks,
  revertConfirmation:
    'This opens a new change request restoring the termination settings from before this change. It needs approval like any other.',
};

/**
 * `/chime change termination <id>` (and the termination card's Request a change button): who may
 * send calls, where they may call, how fast, the caller ID and whether outbound calling works, as an
 * approved change request with telephony guardrails.
 */
export const terminationChangeOperation = defineOperation({
  name: 'termination-change',
  change: terminationChangeModule,
  commands: [
    changeSubcommand(terminationChangeModule, ['change', 'termination'], {
      usage: 'change termination <voice-connector-id>',
      what: 'Opens a form to change the termination settings (allowed CIDRs, calling regions, CPS limit, default number, Disabled); the change waits for an approver, and its risks are named.',
      example: `change termination ${EXAMPLE_CONNECTOR}`,
    }),
  ],
  menu: [changeMenuEntry(terminationChangeModule, 'Change termination settings', 'termination-change')],
  register(app, deps) {
    registerChangeButton(app, deps, terminationChangeModule, TerminationChangeIds.requestChange);
  },
  ids: {
    callbackIds: [TerminationChangeIds.callback],
    actionIds: [
      TerminationChangeIds.cpsLimit,
      TerminationChangeIds.defaultPhoneNumber,
      TerminationChangeIds.callingRegions,
      TerminationChangeIds.cidrAllowedList,
      TerminationChangeIds.disabled,
      TerminationChangeIds.requestChange,
    ],
    blockIds: [
      TerminationChangeIds.requestBlock,
      TerminationChangeIds.cpsLimit,
      TerminationChangeIds.defaultPhoneNumber,
      TerminationChangeIds.callingRegions,
      TerminationChangeIds.cidrAllowedList,
      TerminationChangeIds.disabled,
    ],
  },
});
