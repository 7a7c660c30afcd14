import type { App } from '@slack/bolt';
import { connectorOptions, parseConnectorOptionValue } from '../../blocks/connector-options';
import { ActionId, BlockId, CallbackId } from '../../blocks/ids';
import { loadingModal } from '../../blocks/loading-modal';
import {
  MENU_OPERATIONS,
  type MenuOperation,
  parseMenuModalMetadata,
  SHARE_IN_CHANNEL_VALUE,
} from '../../blocks/menu-modal';
import { plainText } from '../../blocks/slack-limits';
import { isProxySessionId } from '../../chime/model-schemas';
import { type ChimeRegion, isChimeRegion } from '../../chime/regions';
import { changesUnavailableReason } from '../change-availability';
import type { ListenerDependencies } from '../listener-dependencies';
import { invalidFieldsReason, queueRefusal } from '../refusal-jobs';
import { inputValue, parseViewState, selectedValues } from './view-state';

/**
 * The `/chime` menu: connector typeahead answered in the acknowledgement from the cached
 * connector list, and the submission, which becomes the same job as the matching command.
 */
export function registerMenuListeners(app: App, deps: ListenerDependencies): void {
  app.options<'block_suggestion'>(ActionId.ConnectorSelect, async ({ ack, body }) => {
    const state = parseViewState(body.view?.state?.values);
    const chosen = inputValue(state, BlockId.MenuRegion, ActionId.RegionSelect);
    const region: ChimeRegion = isChimeRegion(chosen) ? chosen : deps.config.awsRegion;
    const connectors = await deps.catalog.connectors(region);
    if (connectors === undefined) {
      await ack({
        options: [{ text: plainText(`Still loading connectors in ${region}; type again`), value: 'loading' }],
      });
      return;
    }
    await ack({ options: connectorOptions(connectors, body.value ?? '') });
  });

  app.view(CallbackId.MenuModal, async ({ ack, body, view }) => {
    const metadata = parseMenuModalMetadata(view.private_metadata);
    const state = parseViewState(view.state.values);
    const connector = parseConnectorOptionValue(inputValue(state, BlockId.MenuConnector, ActionId.ConnectorSelect));
    const operationValue = inputValue(state, BlockId.MenuOperation, ActionId.OperationSelect);
    const operation = (MENU_OPERATIONS as readonly string[]).includes(operationValue)
      ? (operationValue as MenuOperation)
      : undefined;
    const sessionId = inputValue(state, BlockId.MenuProxySession, ActionId.ProxySessionInput).trim();
    const share = selectedValues(state, BlockId.MenuShare, ActionId.ShareCheckbox).includes(SHARE_IN_CHANNEL_VALUE);

    const errors: Record<string, string> = {};
    if (connector === undefined) errors[BlockId.MenuConnector] = 'Pick a voice connector from the list.';
    if (operation === undefined) errors[BlockId.MenuOperation] = 'Pick what to do.';
    if (operation === 'proxy-session' && !isProxySessionId(sessionId)) {
      errors[BlockId.MenuProxySession] = 'Enter the proxy session ID (1–128 characters).';
    }
    if (operation === 'origination' || operation === 'credentials') {
      const unavailable = changesUnavailableReason(deps.config, operation);
      if (unavailable !== undefined) errors[BlockId.MenuOperation] = unavailable;
    }
    const actor = { userId: body.user.id, teamId: body.user.team_id ?? body.team?.id ?? '', userName: body.user.name };
    if (
      metadata === undefined ||
      connector === undefined ||
      operation === undefined ||
      Object.keys(errors).length > 0
    ) {
      const shown =
        Object.keys(errors).length > 0
          ? errors
          : { [BlockId.MenuOperation]: 'This menu is out of date: run the command again.' };
      await ack({ response_action: 'errors', errors: shown });
      const notConfigured =
        (operation === 'origination' || operation === 'credentials') && errors[BlockId.MenuOperation] !== undefined;
      await queueRefusal(deps.jobs, {
        actor,
        action: notConfigured ? 'change.request' : 'command',
        outcome: notConfigured ? 'denied' : 'invalid',
        reason: notConfigured ? 'changes-not-configured' : `menu ${invalidFieldsReason(shown)}`,
        reply: { kind: 'view', viewId: view.id },
        channelId: metadata?.channelId,
        voiceConnectorId: connector?.voiceConnectorId,
        region: connector?.region,
      });
      return;
    }

    if (operation === 'origination' || operation === 'credentials') {
      await ack({
        response_action: 'update',
        view: loadingModal({
          title: operation === 'origination' ? 'Origination change' : 'Credentials change',
          message: `Reading ${connector.voiceConnectorId} …`,
        }),
      });
      await deps.jobs.enqueue({
        kind: 'open-change',
        change: operation,
        ref: connector,
        actor,
        channelId: metadata.channelId,
        reply: { kind: 'view', viewId: view.id },
      });
      return;
    }
    await ack({ response_action: 'clear' });
    await deps.jobs.enqueue({
      kind: 'read',
      operation,
      ref: connector,
      proxySessionId: operation === 'proxy-session' ? sessionId : undefined,
      share,
      actor,
      channelId: metadata.channelId,
      reply: metadata.responseUrl
        ? { kind: 'response_url', responseUrl: metadata.responseUrl, replaceOriginal: false }
        : { kind: 'ephemeral', channelId: metadata.channelId },
    });
  });
}
