import type { ViewSubmitAction } from '@slack/bolt';
import { menuModal } from '../../src/blocks/menu-modal';
import { REGISTRY } from '../../src/operations/registry';
import { menuFormValues } from './modal-state-values';
import { OPS_CHANNEL, type SlackPerson, viewOutput, viewSubmission } from './slack-payloads';

/**
 * The `/chime` menu, opened from {@link OPS_CHANNEL} by a command whose response_url it carries
 * (unless `responseUrl` is `null`), as Slack hands it back when the person presses Continue.
 *
 * @example
 * await harness.send(menuSubmission({ operation: 'termination', connector: `${CONNECTOR}@us-east-1` }));
 */
export function menuSubmission(choice: {
  connector?: string;
  operation?: string;
  region?: string;
  proxySessionId?: string | null;
  share?: boolean;
  responseUrl?: string | null;
  privateMetadata?: string;
  viewId?: string;
  user?: SlackPerson;
}): ViewSubmitAction {
  const menu = menuModal({
    metadata: {
      channelId: OPS_CHANNEL.id,
      ...(choice.responseUrl === null
        ? {}
        : { responseUrl: choice.responseUrl ?? 'https://hooks.slack.test/commands/T0TEAM/1/menu' }),
    },
    defaultRegion: 'us-east-1',
    operations: REGISTRY.menu,
  });
  const view = viewOutput(
    choice.privateMetadata === undefined ? menu : { ...menu, private_metadata: choice.privateMetadata },
    { id: choice.viewId, values: menuFormValues(choice) },
  );
  return viewSubmission({ view, user: choice.user });
}

/** The operations the `/chime` menu offers, by their option value, in the order it lists them. */
export const MENU_OPERATIONS = [
  'health',
  'termination',
  'proxy',
  'proxy-session',
  'origination',
  'credentials',
  'termination-change',
] as const;
