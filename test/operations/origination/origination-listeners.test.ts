import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { BlockId, CallbackId } from '../../../src/blocks/ids';
import type { Origination } from '../../../src/chime/voice-connector';
import {
  type ChangeFormMetadata,
  parseChangeFormMetadata,
} from '../../../src/operations/change-requests/change-form-metadata';
import { originationModule } from '../../../src/operations/origination';
import { OriginationIds, routeFieldBlock } from '../../../src/operations/origination/ids';
import { originationHash } from '../../../src/operations/origination/origination-change';
import { CONNECTOR, CURRENT_ORIGINATION, formServices, PROPOSED_ORIGINATION } from '../../support/change-fixtures';
import { createListenerHarness, sendToNewHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { originationFormValues, type RouteRow } from '../../support/modal-state-values';
import { modalButtonClick, OPS_CHANNEL, viewOutput, viewSubmission } from '../../support/slack-payloads';
import { editFormRows, legacyFormMetadata } from '../../support/unit-change-forms';
import { connectorRefusal, queuedFromOpsChannel, viewReply } from '../../support/unit-listener-jobs';
import { visible } from '../../support/visible-text';

const REF = { voiceConnectorId: CONNECTOR, region: 'us-east-1' } as const;
const SNAPSHOT_HASH = originationHash(CURRENT_ORIGINATION);
/** Route 1 as the form is filled from {@link CURRENT_ORIGINATION}. */
const CURRENT_ROUTE: RouteRow = { host: 'sbc1.example.com', port: '5060', protocol: 'UDP', priority: '1', weight: '1' };
const SECOND_ROUTE: RouteRow = { host: 'sbc2.example.com', port: '5061', protocol: 'TCP', priority: '2', weight: '10' };

/** The form as the worker fills it from the connector (one route unless told otherwise). */
async function originationForm(
  options: Partial<Pick<ChangeFormMetadata, 'revertOf'>> & { origination?: Origination } = {},
): Promise<ModalView> {
  const { origination = CURRENT_ORIGINATION, ...metadata } = options;
  const form = await originationModule.form(
    {
      ref: REF,
      snapshot: { kind: 'origination', origination },
      metadata: { ...REF, channelId: OPS_CHANNEL.id, snapshotHash: originationHash(origination), ...metadata },
      command: '/chime',
    },
    formServices(),
  );
  if (!('modal' in form)) throw new Error('expected the origination form');
  return form.modal;
}

/** The rows of a form, from its metadata, and the labels of its route hosts. */
function rowsOf(view: ModalView | undefined) {
  return {
    rows: parseChangeFormMetadata(view?.private_metadata)?.rows,
    hosts: view?.blocks
      .filter((block): block is InputBlock => block.type === 'input')
      .filter((block) => block.block_id?.endsWith('_host'))
      .map((block) => block.label.text),
  };
}

// The command's loading modal and its refusal without approvers: change-listeners.test.ts.
describe('origination listeners', () => {
  it('replaces the menu with a loading modal from its menu entry and queues the job that fills it', async () => {
    // Prepare
    const submission = menuSubmission({ operation: 'origination', connector: `${CONNECTOR}@us-east-1` });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack?.response_action).toBe('update');
    expect(ack?.view).toMatchObject({ callback_id: CallbackId.LoadingModal, title: { text: 'Origination change' } });
    expect(visible(ack?.view)).toContain(`Reading ${CONNECTOR} …`);
    expect(harness.jobs.single('open-change')).toMatchObject({
      change: 'origination',
      ref: REF,
      reply: { kind: 'view', viewId: submission.view.id },
    });
  });

  it('files a valid form as a submit-change job and shows "Submitting" in its place', async () => {
    // Prepare
    const submission = viewSubmission({
      view: await originationForm(),
      values: originationFormValues({ '0': { ...CURRENT_ROUTE, port: '5070' } }, { justification: ' Move to 5070 ' }),
    });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack?.response_action).toBe('update');
    expect(visible(ack?.view)).toContain('Submitting your change request …');
    expect(harness.jobs.single('submit-change')).toEqual({
      kind: 'submit-change',
      ref: REF,
      justification: 'Move to 5070',
      beforeHash: SNAPSHOT_HASH,
      proposal: {
        kind: 'origination',
        origination: {
          routes: [{ host: 'sbc1.example.com', port: 5070, protocol: 'UDP', priority: 1, weight: 1 }],
          disabled: false,
        },
      },
      ...queuedFromOpsChannel(viewReply(submission.view.id)),
    });
    expect(harness.timeline).toEqual(['ack', 'job:submit-change']);
  });

  it('carries the request a revert form reverts into the job', async () => {
    // Prepare
    const form = await originationForm({ revertOf: 'CR-7K3M9Q2A' });

    // Act
    const { harness } = await sendToNewHarness(
      viewSubmission({ view: form, values: originationFormValues({ '0': { ...CURRENT_ROUTE, weight: '5' } }) }),
    );

    // Assess
    expect(harness.jobs.single('submit-change').revertOf).toBe('CR-7K3M9Q2A');
  });

  it('shows every invalid field inline, with its message, and audits the refusal by field name only', async () => {
    // Prepare
    const submission = viewSubmission({
      view: await originationForm(),
      values: originationFormValues(
        { '0': { ...CURRENT_ROUTE, host: 'not a host', port: '99999' } },
        { justification: '' },
      ),
    });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: {
        [BlockId.Justification]: 'Say why this change is needed.',
        [routeFieldBlock('0', 'host')]: '`not a host` is not a fully qualified domain name or an IP address.',
        [routeFieldBlock('0', 'port')]: 'Port must be from 0 to 65535.',
      },
    });
    expect(harness.jobs.single('record-refusal')).toEqual({
      kind: 'record-refusal',
      ...connectorRefusal('change.request', 'invalid', 'invalid: host, justification, port'),
      region: 'us-east-1',
      ...queuedFromOpsChannel(viewReply(submission.view.id)),
    });
    expect(JSON.stringify(harness.jobs.payloads)).not.toContain('not a host');
  });

  it('refuses a form identical to the connector it was filled from, before any job', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({ view: await originationForm(), values: originationFormValues({ '0': CURRENT_ROUTE }) }),
    );

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: {
        [OriginationIds.disabled]: 'Nothing to change: the routes and the Disabled setting are the same as now.',
      },
    });
    expect(harness.jobs.single('record-refusal').reason).toBe('nothing-to-change');
  });

  it('still accepts a form opened before the metadata keys were spelled out ({c,r,ch,h,k,n})', async () => {
    // Prepare
    const legacy = legacyFormMetadata(SNAPSHOT_HASH);
    const view = { ...(await originationForm()), private_metadata: legacy };

    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({ view, values: originationFormValues({ '0': { ...CURRENT_ROUTE, port: '5070' } }) }),
    );

    // Assess
    expect(ack?.response_action).toBe('update');
    expect(harness.jobs.single('submit-change')).toMatchObject({
      ref: REF,
      beforeHash: SNAPSHOT_HASH,
      channelId: OPS_CHANNEL.id,
      proposal: { origination: { routes: [{ port: 5070 }] } },
    });
  });

  it('says a form whose metadata does not parse is out of date, and files nothing', async () => {
    // Prepare
    const view = { ...(await originationForm()), private_metadata: '{"voiceConnectorId":"x"}' };

    // Act
    const { harness, ack } = await sendToNewHarness(
      viewSubmission({ view, values: originationFormValues({ '0': SECOND_ROUTE }) }),
    );

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [BlockId.Justification]: 'This form is out of date: close it and run the command again.' },
    });
    expect(harness.jobs.single('record-refusal')).toMatchObject({ reason: 'out-of-date-form', outcome: 'invalid' });
  });

  it('adds a route with views.update on the form’s hash, keeping what was typed in route 1', async () => {
    // Prepare
    const form = viewOutput(await originationForm(), {
      id: 'V0FORM',
      hash: 'hash-of-the-form',
      values: originationFormValues({ '0': { ...CURRENT_ROUTE, host: 'sbc9.example.com' } }),
    });

    // Act
    const { harness, view } = await editFormRows(
      modalButtonClick({ actionId: OriginationIds.addRoute, value: 'add', view: form }),
    );

    // Assess
    expect(rowsOf(view)).toEqual({ rows: ['0', '1'], hosts: ['Route 1 · Host', 'Route 2 · Host'] });
    expect(visible(view)).toContain('"initial_value":"sbc9.example.com"');
    expect(harness.jobs.jobs).toEqual([]);
  });

  it('removes the route whose Remove was clicked, and leaves the others', async () => {
    // Prepare
    const form = viewOutput(await originationForm({ origination: PROPOSED_ORIGINATION }), {
      hash: 'hash-of-the-form',
      values: originationFormValues({ '0': CURRENT_ROUTE, '1': SECOND_ROUTE }),
    });

    // Act
    const { view } = await editFormRows(
      modalButtonClick({ actionId: OriginationIds.removeRoute, value: '0', view: form }),
    );

    // Assess
    expect(rowsOf(view)).toEqual({ rows: ['1'], hosts: ['Route 1 · Host'] });
    expect(visible(view)).toContain('"initial_value":"sbc2.example.com"');
    expect(visible(view)).not.toContain('"initial_value":"sbc1.example.com"');
  });

  it('moves a form opened with the old short metadata keys to the spelled-out ones on a row edit', async () => {
    // Prepare
    const legacy = legacyFormMetadata(SNAPSHOT_HASH);
    const form = viewOutput(
      { ...(await originationForm()), private_metadata: legacy },
      { values: originationFormValues({ '0': CURRENT_ROUTE }) },
    );

    // Act
    const { harness } = await sendToNewHarness(
      modalButtonClick({ actionId: OriginationIds.addRoute, value: 'add', view: form }),
    );

    // Assess
    const [update] = harness.slack.callsTo('views.update');
    expect(JSON.parse(update?.args.view?.private_metadata ?? '')).toEqual({
      voiceConnectorId: CONNECTOR,
      region: 'us-east-1',
      channelId: OPS_CHANNEL.id,
      snapshotHash: SNAPSHOT_HASH,
      rows: ['0', '1'],
      nextRow: 2,
    });
  });

  it('leaves the newer form alone when a second click on Add route arrives with the old hash (a double click)', async () => {
    // Prepare
    const harness = createListenerHarness();
    const form = viewOutput(await originationForm(), {
      hash: 'hash-before-the-clicks',
      values: originationFormValues({}),
    });
    harness.slack.knowsView(form.id, form.hash);
    await harness.send(modalButtonClick({ actionId: OriginationIds.addRoute, value: 'add', view: form }));

    // Act
    const second = harness.send(modalButtonClick({ actionId: OriginationIds.addRoute, value: 'add', view: form }));

    // Assess: Slack refused the stale update (hash_conflict), which is what the hash is for, not a failure.
    await expect(second).resolves.toBeUndefined();
    expect(harness.slack.callsTo('views.update').map((call) => call.args.hash)).toEqual([
      'hash-before-the-clicks',
      'hash-before-the-clicks',
    ]);
    expect(harness.listenerErrors()).toEqual([]);
  });
});
