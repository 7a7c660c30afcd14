import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import { parseJsonAs } from '../parse-json';
import { ActionId, BlockId, CallbackId } from './ids';
import { characterCount, plainText, SlackLimit } from './slack-limits';

/** An entry of the operation select: the operations' menu entries (`registry.ts`). */
export interface MenuOperationOption {
  value: string;
  label: string;
}

/** The `value` of the one "share in channel" checkbox. */
export const SHARE_IN_CHANNEL_VALUE = 'share';

/** The largest proxy session id the model accepts (`NonEmptyString128`). */
const PROXY_SESSION_ID_MAX = 128;

/**
 * What the menu carries from `/chime` to its submission in `private_metadata`. Parse it back with
 * {@link parseMenuModalMetadata}: it returns from the client.
 */
export const menuModalMetadataSchema = z.object({
  /** Where `/chime` was typed: results go there, ephemeral or shared. */
  channelId: z.string().min(1).max(64),
  /**
   * The command's response_url: it reaches the person in any channel, even one the bot is not a
   * member of (where `chat.postEphemeral` would be refused). Valid for 30 minutes.
   */
  responseUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export type MenuModalMetadata = z.infer<typeof menuModalMetadataSchema>;

export interface MenuModalModel {
  metadata: MenuModalMetadata;
  /** Preselected in the region select (`AWS_REGION`). */
  defaultRegion: ChimeRegion;
  /** What the menu can do, in order. */
  operations: readonly MenuOperationOption[];
  initialOperation?: string;
}

/**
 * The modal `/chime` opens: a region first (the connector typeahead follows it), a connector
 * (typeahead over the ListVoiceConnectors cache, listing at once), an operation, an optional proxy
 * session id and "share in channel".
 *
 * @example
 * menuModal({ metadata: { channelId: 'C0123' }, defaultRegion: 'us-east-1', operations: REGISTRY.menu });
 */
export function menuModal(model: MenuModalModel): ModalView {
  const privateMetadata = JSON.stringify(menuModalMetadataSchema.parse(model.metadata));
  if (characterCount(privateMetadata) > SlackLimit.PrivateMetadata) {
    throw new RangeError(`Menu modal metadata is ${privateMetadata.length} characters, Slack allows 3000`);
  }
  const operationOptions = model.operations.map((operation) => option(operation.label, operation.value));
  const regionOptions = CHIME_REGIONS.map((region) => option(region, region));
  const initialOperation = operationOptions.find(({ value }) => value === model.initialOperation);
  const initialRegion = regionOptions.find(({ value }) => value === model.defaultRegion);

  const blocks: InputBlock[] = [
    {
      type: 'input',
      block_id: BlockId.MenuRegion,
      label: plainText('Region'),
      hint: plainText('Where the connector list looks first; a name found only in another region is offered too.'),
      element: {
        type: 'static_select',
        action_id: ActionId.RegionSelect,
        options: regionOptions,
        ...(initialRegion ? { initial_option: initialRegion } : {}),
      },
    },
    {
      type: 'input',
      block_id: BlockId.MenuConnector,
      label: plainText('Voice connector'),
      hint: plainText('Type part of its name or ID.'),
      element: {
        type: 'external_select',
        action_id: ActionId.ConnectorSelect,
        placeholder: plainText('Choose a voice connector', SlackLimit.Placeholder),
        min_query_length: 0,
      },
    },
    {
      type: 'input',
      block_id: BlockId.MenuOperation,
      label: plainText('What to do'),
      element: {
        type: 'static_select',
        action_id: ActionId.OperationSelect,
        placeholder: plainText('Choose an operation', SlackLimit.Placeholder),
        options: operationOptions,
        ...(initialOperation ? { initial_option: initialOperation } : {}),
      },
    },
    {
      type: 'input',
      block_id: BlockId.MenuProxySession,
      optional: true,
      label: plainText('Proxy session ID'),
      hint: plainText('Only for “Proxy session”.'),
      element: {
        type: 'plain_text_input',
        action_id: ActionId.ProxySessionInput,
        max_length: PROXY_SESSION_ID_MAX,
        placeholder: plainText('e.g. 1a2b3c4d5e6f7g8h9i0j', SlackLimit.Placeholder),
      },
    },
    {
      type: 'input',
      block_id: BlockId.MenuShare,
      optional: true,
      label: plainText('Visibility'),
      element: {
        type: 'checkboxes',
        action_id: ActionId.ShareCheckbox,
        options: [option('Share the result in the channel', SHARE_IN_CHANNEL_VALUE)],
      },
    },
  ];

  return {
    type: 'modal',
    callback_id: CallbackId.MenuModal,
    title: plainText('Chime voice connectors', SlackLimit.ModalTitle),
    submit: plainText('Continue', SlackLimit.ModalSubmit),
    close: plainText('Cancel', SlackLimit.ModalClose),
    private_metadata: privateMetadata,
    blocks,
  };
}

/**
 * Reads the menu's `private_metadata` back from a view submission.
 *
 * @example
 * parseMenuModalMetadata(view.private_metadata); // { channelId: 'C0123' }, or undefined when malformed
 */
export function parseMenuModalMetadata(privateMetadata: string | undefined): MenuModalMetadata | undefined {
  return parseJsonAs(menuModalMetadataSchema, privateMetadata);
}

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(text, SlackLimit.OptionText), value };
}
