import { noticeMessage } from '../../blocks/notice-message';
import type { Origination } from '../../chime/voice-connector';
import { parseViewState } from '../../handlers/slack-payload';
import { changeMenuEntry, changeSubcommands } from '../change-requests/change-entry-points';
import { withRows } from '../change-requests/change-form-metadata';
import { registerRowEditor } from '../change-requests/change-listeners';
import { type ChangeModule, defineOperation } from '../operation';
import { OriginationIds } from './ids';
import { type OriginationChange, originationChange } from './origination-change';
import { disabledOf, readOriginationForm, routeInputOf } from './origination-form';
import { originationDiffBlocks, originationResultBlocks } from './origination-message';
import { originationModal, routeInput } from './origination-modal';
import { MAX_ORIGINATION_ROUTES } from './origination-rules';

/** The Slack side of an origination change: the route form, its diff, the routes it left. */
export const originationModule: ChangeModule<OriginationChange, OriginationChange, Origination> = {
  kind: originationChange,
  title: 'Origination change',
  icon: '🔀',
  callbackId: OriginationIds.callback,
  async form({ ref, snapshot, metadata, openRequestId, command }) {
    const { routes, disabled } = snapshot.origination;
    if (routes.length > MAX_ORIGINATION_ROUTES) {
      // Set outside the bot: the form could show the routes but never submit them.
      return {
        notice: noticeMessage({
          tone: 'warning',
          title: `This connector has ${routes.length} origination routes`,
          body: `The change form edits at most ${MAX_ORIGINATION_ROUTES} (AWS's documented limit per connector). Reduce the routes outside the bot first; \`${command} audit ${ref.voiceConnectorId}\` shows who looked at it.`,
        }),
      };
    }
    return {
      modal: originationModal({
        ref,
        metadata: withRows(metadata, routes.length),
        initialRoutes: Object.fromEntries(routes.map((route, index) => [index.toString(36), routeInput(route)])),
        disabled,
        openRequestId,
      }),
    };
  },
  readSubmission: readOriginationForm,
  diffBlocks: originationDiffBlocks,
  resultBlocks: originationResultBlocks,
  revertConfirmation:
    'This opens a new change request restoring the routes from before this change. It needs approval like any other.',
};

/** `/chime origination <id>`: change the origination routes through an approved change request. */
export const origination = defineOperation({
  name: 'origination',
  change: originationModule,
  commands: changeSubcommands(
    originationModule,
    'origination',
    'Opens a form to change the origination routes; the change waits for an approver.',
  ),
  menu: [changeMenuEntry(originationModule, 'Change origination routes')],
  ids: {
    callbackIds: [OriginationIds.callback],
    actionIds: [
      OriginationIds.addRoute,
      OriginationIds.removeRoute,
      OriginationIds.routeHost,
      OriginationIds.routePort,
      OriginationIds.routeProtocol,
      OriginationIds.routePriority,
      OriginationIds.routeWeight,
      OriginationIds.disabled,
    ],
    blockIds: [OriginationIds.disabled, OriginationIds.addBlock],
  },
  register(app) {
    // Re-fill what is on screen from the state: origination values are not secret.
    registerRowEditor(
      app,
      { add: OriginationIds.addRoute, remove: OriginationIds.removeRoute },
      (view, metadata, next) => {
        const state = parseViewState(view.state?.values);
        const kept = next.rows.filter((rowKey) => metadata.rows.includes(rowKey));
        return originationModal({
          ref: { voiceConnectorId: metadata.voiceConnectorId, region: metadata.region },
          metadata: next,
          initialRoutes: Object.fromEntries(kept.map((rowKey) => [rowKey, routeInputOf(state, rowKey)])),
          disabled: disabledOf(state),
        });
      },
    );
  },
});
