import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { terminationChangeModule } from '../../../src/operations/termination-change';
import { TerminationChangeIds } from '../../../src/operations/termination-change/ids';
import { terminationHash } from '../../../src/operations/termination-change/termination-change';
import type { TerminationSettings } from '../../../src/operations/termination-change/termination-rules';
import { CONNECTOR, formServices } from '../../support/change-fixtures';
import { createListenerHarness } from '../../support/listener-harness';
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

describe('termination change listeners', () => {
  it('opens a loading modal for /chime change termination and queues open-change', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    await harness.send(slashCommand({ text: `change termination ${CONNECTOR}` }));

    // Assess
    expect(harness.slack.callsTo('views.open')).toHaveLength(1);
    expect(harness.jobs.single('open-change')).toMatchObject({ change: 'termination', ref: REF });
  });

  it('refuses 0.0.0.0/0 and an unknown country inline, and queues only the refusal', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(
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
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(viewSubmission({ view: await terminationForm(), values: values({}) }));

    // Assess
    expect(ack?.errors?.[TerminationChangeIds.disabled]).toBe(
      'Nothing to change: the termination settings are the same as now.',
    );
  });

  it('queues a valid change with every field of the setting', async () => {
    // Prepare
    const harness = createListenerHarness();

    // Act
    const ack = await harness.send(
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
});
