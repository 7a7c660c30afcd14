import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { BREAK_GLASS_VALUE, withBreakGlassCheckbox } from '../../../src/blocks/change-form';
import { ActionId, BlockId } from '../../../src/blocks/ids';
import { terminationChangeModule } from '../../../src/operations/termination-change';
import { TerminationChangeIds } from '../../../src/operations/termination-change/ids';
import { terminationHash } from '../../../src/operations/termination-change/termination-change';
import type { TerminationSettings } from '../../../src/operations/termination-change/termination-rules';
import { CONNECTOR, formServices } from '../../support/change-fixtures';
import { createListenerHarness, sendToNewHarness } from '../../support/listener-harness';
import {
  messageButtonClick,
  OPS_CHANNEL,
  selectedState,
  slashCommand,
  textState,
  viewSubmission,
} from '../../support/slack-payloads';

const REF = { voiceConnectorId: CONNECTOR, region: 'us-east-1' } as const;
const NOW: TerminationSettings = {
  cpsLimit: 10,
  defaultPhoneNumber: '+14155550100',
  callingRegions: ['US', 'CA'],
  cidrAllowedList: ['198.51.100.0/27'],
  disabled: false,
};

async function terminationForm(): Promise<ModalView> {
  const form = await terminationChangeModule.form(
    {
      ref: REF,
      snapshot: { kind: 'termination', termination: NOW },
      metadata: { ...REF, channelId: OPS_CHANNEL.id, snapshotHash: terminationHash(NOW) },
      command: '/chime',
    },
    formServices(),
  );
  if (!('modal' in form)) throw new Error('expected the termination form');
  return form.modal;
}

function values(fields: Partial<Record<keyof typeof TerminationChangeIds, string>>) {
  const text = (id: string, value: string | undefined) => textState(id, value ?? null);
  return {
    [TerminationChangeIds.cpsLimit]: text(TerminationChangeIds.cpsLimit, fields.cpsLimit ?? '10'),
    [TerminationChangeIds.defaultPhoneNumber]: text(
      TerminationChangeIds.defaultPhoneNumber,
      fields.defaultPhoneNumber ?? '+14155550100',
    ),
    [TerminationChangeIds.callingRegions]: text(TerminationChangeIds.callingRegions, fields.callingRegions ?? 'US, CA'),
    [TerminationChangeIds.cidrAllowedList]: text(
      TerminationChangeIds.cidrAllowedList,
      fields.cidrAllowedList ?? '198.51.100.0/27',
    ),
    [TerminationChangeIds.disabled]: selectedState(
      TerminationChangeIds.disabled,
      'radio_buttons',
      fields.disabled ?? 'false',
    ),
    justification: textState('justification', 'Test change'),
  };
}

/** The Break glass checkboxes' state with these options checked. */
function breakGlassState(checked: string[]) {
  return {
    [ActionId.BreakGlass]: {
      type: 'checkboxes',
      selected_options: checked.map((value) => ({ text: { type: 'plain_text' as const, text: 'Break glass' }, value })),
    },
  };
}

describe('termination change listeners', () => {
  it('opens a loading modal for /chime change termination and queues open-change', async () => {
    // Act
    const { harness } = await sendToNewHarness(slashCommand({ text: `change termination ${CONNECTOR}` }));

    // Assess
    expect(harness.slack.callsTo('views.open')).toHaveLength(1);
    expect(harness.jobs.single('open-change')).toMatchObject({ change: 'termination', ref: REF });
  });

  it('refuses 0.0.0.0/0 and an unknown country inline, and queues only the refusal', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({
        view: await terminationForm(),
        values: values({ cidrAllowedList: '0.0.0.0/0', callingRegions: 'US, XX' }),
      }),
    );

    // Assess
    expect(ack?.response_action).toBe('errors');
    expect(ack?.errors?.[TerminationChangeIds.cidrAllowedList]).toContain('every address on the internet');
    expect(ack?.errors?.[TerminationChangeIds.callingRegions]).toContain(
      '`XX` is not an ISO 3166-1 alpha-2 country code',
    );
    expect(harness.jobs.jobs.map((job) => job.kind)).toEqual(['record-refusal']);
  });

  it('says there is nothing to change when the settings are the same as now', async () => {
    // Act
    const { ack } = await sendToNewHarness(viewSubmission({ view: await terminationForm(), values: values({}) }));

    // Assess
    expect(ack?.errors?.[TerminationChangeIds.disabled]).toBe(
      'Nothing to change: the termination settings are the same as now.',
    );
  });

  it('queues a valid change with every field of the setting', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({ view: await terminationForm(), values: values({ callingRegions: 'us ca gb', cpsLimit: '12' }) }),
    );

    // Assess
    expect(ack?.response_action).toBe('update');
    expect(harness.jobs.single('submit-change')).toMatchObject({
      ref: REF,
      proposal: {
        kind: 'termination',
        termination: { ...NOW, cpsLimit: 12, callingRegions: ['US', 'CA', 'GB'] },
      },
    });
  });

  it('opens the form from the termination card’s Request a change, and refuses a forged connector', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    await harness.send(
      messageButtonClick({
        actionId: TerminationChangeIds.requestChange,
        value: `${CONNECTOR}|us-east-1`,
        channel: OPS_CHANNEL,
      }),
    );
    await harness.send(
      messageButtonClick({
        actionId: TerminationChangeIds.requestChange,
        value: 'not-a-connector|mars-1',
        channel: OPS_CHANNEL,
      }),
    );

    // Assess
    expect(harness.slack.callsTo('views.open')).toHaveLength(1);
    expect(harness.jobs.jobs.map((job) => job.kind)).toEqual(['open-change', 'record-refusal']);
  });

  it('reads the Break glass checkbox like --break-glass, and only a checked one', async () => {
    // Prepare
    const harness = createListenerHarness();
    const form = withBreakGlassCheckbox(await terminationForm());
    const checked = {
      ...values({ cpsLimit: '12' }),
      [BlockId.BreakGlass]: breakGlassState([BREAK_GLASS_VALUE]),
    };
    const unchecked = {
      ...values({ cpsLimit: '13' }),
      [BlockId.BreakGlass]: breakGlassState([]),
    };

    // Act
    await harness.send(viewSubmission({ view: form, values: checked }));
    await harness.send(viewSubmission({ view: form, values: unchecked }));

    // Assess
    const submitted = harness.jobs.jobs.filter((job) => job.kind === 'submit-change');
    expect(submitted).toHaveLength(2);
    expect(submitted[0]).toMatchObject({ breakGlass: true, justification: 'Test change' });
    expect(submitted[1]).not.toHaveProperty('breakGlass');
    expect(form.blocks.map((block) => block.block_id).slice(-2)).toEqual([BlockId.BreakGlass, BlockId.Justification]);
  });

  it('still asks for the justification when Break glass is checked', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({
        view: withBreakGlassCheckbox(await terminationForm()),
        values: {
          ...values({ cpsLimit: '12' }),
          justification: textState('justification', ''),
          [BlockId.BreakGlass]: breakGlassState([BREAK_GLASS_VALUE]),
        },
      }),
    );

    // Assess
    expect(ack?.response_action).toBe('errors');
    expect(harness.jobs.jobs.map((job) => job.kind)).toEqual(['record-refusal']);
  });
});
