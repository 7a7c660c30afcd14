import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { changeFormHeader, changeFormModal, justificationInput } from '../../blocks/change-form';
import { contextBlock, plainText, SlackLimit } from '../../blocks/slack-limits';
import type { VoiceConnectorRef } from '../../chime/voice-connector';
import { type ChangeFormMetadata, encodeChangeFormMetadata } from '../change-requests/change-form-metadata';
import { describeCallingRegion } from './calling-regions';
import { TerminationChangeIds } from './ids';
import type { TerminationInput, TerminationSettings } from './termination-rules';

const DISABLED_OPTIONS: PlainTextOption[] = [
  { text: plainText('No: outbound calls are allowed'), value: 'false' },
  { text: plainText('Yes: refuse all outbound calls'), value: 'true' },
];

/** The settings as the form's initial values. */
export function terminationInput(settings: TerminationSettings): TerminationInput {
  return {
    cpsLimit: settings.cpsLimit === undefined ? '' : String(settings.cpsLimit),
    defaultPhoneNumber: settings.defaultPhoneNumber ?? '',
    callingRegions: settings.callingRegions.join(', '),
    cidrAllowedList: settings.cidrAllowedList.join('\n'),
    disabled: settings.disabled,
  };
}

/**
 * The termination change form, filled from GetVoiceConnectorTermination: CPS limit, default phone
 * number, calling regions (ISO 3166-1 alpha-2 codes separated by commas, spaces or new lines),
 * allowed CIDRs (one a line), Disabled, and a required justification. The settings replace the
 * whole termination: what is left empty is cleared.
 *
 * @example
 * terminationModal({ ref, metadata, initial: terminationInput(settings), now: settings });
 */
export function terminationModal(model: {
  ref: VoiceConnectorRef;
  metadata: ChangeFormMetadata;
  initial: TerminationInput;
  /** The settings now, to name the countries in the hint. */
  now: TerminationSettings;
  openRequestId?: string;
}): ModalView {
  const { initial, now } = model;
  const regionsNow = now.callingRegions.map(describeCallingRegion).join(', ');
  const blocks: KnownBlock[] = [
    ...changeFormHeader(model.ref, model.openRequestId, [
      contextBlock([
        'These settings replace the whole termination setting: a field left empty is cleared. Nothing changes until someone in the approvers list approves.',
      ]),
    ]),
    textInput(TerminationChangeIds.cpsLimit, 'CPS limit', initial.cpsLimit, {
      hint: 'Calls per second the connector may place, 1 or more.',
      maxLength: 10,
    }),
    textInput(TerminationChangeIds.defaultPhoneNumber, 'Default phone number', initial.defaultPhoneNumber, {
      hint: 'The caller ID of calls that send none, in E.164 (+14155550100). Leave empty for none.',
      placeholder: '+14155550100',
      maxLength: 16,
      optional: true,
    }),
    textInput(TerminationChangeIds.callingRegions, 'Calling regions', initial.callingRegions, {
      hint: `Countries callers may reach, as ISO 3166-1 alpha-2 codes separated by commas, spaces or new lines. Now: ${regionsNow || 'none'}.`,
      placeholder: 'US, CA',
      multiline: true,
      maxLength: 1500,
    }),
    textInput(TerminationChangeIds.cidrAllowedList, 'Allowed CIDRs', initial.cidrAllowedList, {
      hint: 'The hosts that may send calls: one CIDR block a line, e.g. 203.0.113.0/28. Blocks wider than /24 are flagged; 0.0.0.0/0 is refused.',
      placeholder: '203.0.113.0/28',
      multiline: true,
      maxLength: 3000,
      optional: true,
    }),
    {
      type: 'input',
      block_id: TerminationChangeIds.disabled,
      label: plainText('Disabled'),
      element: {
        type: 'radio_buttons',
        action_id: TerminationChangeIds.disabled,
        options: DISABLED_OPTIONS,
        initial_option: DISABLED_OPTIONS[initial.disabled ? 1 : 0],
      },
    },
    justificationInput(),
  ];
  return changeFormModal({
    callbackId: TerminationChangeIds.callback,
    title: 'Termination change',
    privateMetadata: encodeChangeFormMetadata(model.metadata),
    blocks,
  });
}

function textInput(
  id: string,
  label: string,
  initialValue: string,
  options: { hint: string; placeholder?: string; multiline?: boolean; maxLength: number; optional?: boolean },
): KnownBlock {
  return {
    type: 'input',
    block_id: id,
    label: plainText(label),
    hint: plainText(options.hint),
    ...(options.optional ? { optional: true } : {}),
    element: {
      type: 'plain_text_input',
      action_id: id,
      ...(options.multiline ? { multiline: true } : {}),
      max_length: options.maxLength,
      ...(initialValue !== '' ? { initial_value: initialValue } : {}),
      ...(options.placeholder ? { placeholder: plainText(options.placeholder, SlackLimit.Placeholder) } : {}),
    },
  };
}
