import type { App } from '@slack/bolt';
import { connectorOptions, parseConnectorOptionValue } from '../blocks/connector-options';
import { ActionId, BlockId, CallbackId } from '../blocks/ids';
import { parseMenuModalMetadata, SHARE_IN_CHANNEL_VALUE } from '../blocks/menu-modal';
import { plainText } from '../blocks/slack-limits';
import { isProxySessionId } from '../chime/model-schemas';
import { CHIME_REGIONS, type ChimeRegion, isChimeRegion } from '../chime/regions';
import { changesUnavailableReason } from './change-availability';
import type { ListenerDependencies } from './listener-dependencies';
import { invalidFieldsReason, queueRefusal } from './refusals';
import { actorOf, inputValue, parseViewState, selectedValues } from './slack-payload';

/**
 * The `/chime` menu: connector typeahead answered in the acknowledgement from the cached
 * connector list, and the submission, which the chosen entry's operation carries on with (the
 * same job as its command).
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
    const query = body.value ?? '';
    const options = connectorOptions(connectors, query);
    if (options.length > 0 || query.trim() === '') {
      await ack({ options });
      return;
    }
    // Nothing in the chosen region: a London connector typed with us-east-1 chosen is still found.
    const elsewhere = await Promise.all(
      CHIME_REGIONS.filter((other) => other !== region).map((other) => deps.catalog.connectors(other)),
    );
    await ack({
      options: connectorOptions(
        elsewhere.flat().filter((item) => item !== undefined),
        query,
      ),
    });
  });

  app.view(CallbackId.MenuModal, async ({ ack, body, view }) => {
    const metadata = parseMenuModalMetadata(view.private_metadata);
    const state = parseViewState(view.state.values);
    const connector = parseConnectorOptionValue(inputValue(state, BlockId.MenuConnector, ActionId.ConnectorSelect));
    const operationValue = inputValue(state, BlockId.MenuOperation, ActionId.OperationSelect);
    const entry = deps.registry.menu.find((candidate) => candidate.value === operationValue);
    const sessionId = inputValue(state, BlockId.MenuProxySession, ActionId.ProxySessionInput).trim();
    const share = selectedValues(state, BlockId.MenuShare, ActionId.ShareCheckbox).includes(SHARE_IN_CHANNEL_VALUE);

    const errors: Record<string, string> = {};
    if (connector === undefined) errors[BlockId.MenuConnector] = 'Pick a voice connector from the list.';
    if (entry === undefined) errors[BlockId.MenuOperation] = 'Pick what to do.';
    if (entry?.needsProxySessionId && !isProxySessionId(sessionId)) {
      errors[BlockId.MenuProxySession] = 'Enter the proxy session ID (1–128 characters, not only spaces or dots).';
    }
    const unavailable =
      entry?.change === undefined
        ? undefined
        : changesUnavailableReason(deps.config, deps.registry.changeModule(entry.change).kind);
    if (unavailable !== undefined) errors[BlockId.MenuOperation] = unavailable;
    const actor = actorOf(body);
    if (metadata === undefined || connector === undefined || entry === undefined || Object.keys(errors).length > 0) {
      const shown =
        Object.keys(errors).length > 0
          ? errors
          : { [BlockId.MenuOperation]: 'This menu is out of date: run the command again.' };
      await ack({ response_action: 'errors', errors: shown });
      const notConfigured = unavailable !== undefined;
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

    await entry.submit({
      ref: connector,
      proxySessionId: sessionId,
      share,
      actor,
      channelId: metadata.channelId,
      responseUrl: metadata.responseUrl,
      viewId: view.id,
      ack: (next) =>
        next === undefined ? ack({ response_action: 'clear' }) : ack({ response_action: 'update', view: next }),
      deps,
    });
  });
}
