import type { ViewSubmitAction } from '@slack/bolt';
import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { BlockId } from '../../../src/blocks/ids';
import { parseChangeFormMetadata } from '../../../src/operations/change-requests/change-form-metadata';
import { credentialsModule } from '../../../src/operations/credentials';
import { credentialsHash } from '../../../src/operations/credentials/credentials-change';
import { CredentialsIds, credentialFieldBlock } from '../../../src/operations/credentials/ids';
import { expectWithinSlackLimits } from '../../support/block-kit-limits';
import { CONNECTOR, formServices } from '../../support/change-fixtures';
import { createListenerHarness, type ListenerHarness, sendToNewHarness } from '../../support/listener-harness';
import { menuSubmission } from '../../support/menu-submission';
import { credentialsFormValues } from '../../support/modal-state-values';
import { modalButtonClick, OPS_CHANNEL, slashCommand, viewOutput, viewSubmission } from '../../support/slack-payloads';
import { editFormRows, legacyFormMetadata } from '../../support/unit-change-forms';
import { connectorRefusal, viewReply } from '../../support/unit-listener-jobs';
import { visible } from '../../support/visible-text';

const REF = { voiceConnectorId: CONNECTOR, region: 'us-east-1' } as const;
const EXISTING = ['pbx-main'];
const SNAPSHOT_HASH = credentialsHash({ usernames: EXISTING });
const PASSWORD = 'Sup3r-Secret-Pa55';
const OTHER_PASSWORD = 'An0ther-Secret-Pa55';

/** The form as the worker fills it from the connector: the existing usernames and one empty pair. */
async function credentialsForm(): Promise<ModalView> {
  const form = await credentialsModule.form(
    {
      ref: REF,
      snapshot: { kind: 'credentials', credentials: { usernames: EXISTING } },
      metadata: { ...REF, channelId: OPS_CHANNEL.id, snapshotHash: SNAPSHOT_HASH },
      command: '/chime',
    },
    formServices(),
  );
  if (!('modal' in form)) throw new Error('expected the credentials form');
  return form.modal;
}

/** A form of `rows` pairs, as a row edit would have left it (metadata with those rows). */
async function credentialsFormWithRows(rows: string[]): Promise<ModalView> {
  const form = await credentialsForm();
  const metadata = parseChangeFormMetadata(form.private_metadata);
  if (metadata === undefined) throw new Error('the form carries no metadata');
  return { ...form, private_metadata: JSON.stringify({ ...metadata, rows, nextRow: rows.length }) };
}

/** Everything that left the listener: the acknowledgement (none for a bare one), every job, Web API call, response and log line. */
function everythingSent(harness: ListenerHarness, ack?: unknown): string {
  return JSON.stringify([
    ack,
    harness.jobs.payloads,
    harness.slack.calls,
    harness.slack.responseUrlPosts,
    harness.logLines,
  ]);
}

/** The form with these pairs typed in (its rows are theirs), as Slack hands it over on submit. */
async function submittedForm(pairs: Parameters<typeof credentialsFormValues>[0]): Promise<ViewSubmitAction> {
  return viewSubmission({
    view: await credentialsFormWithRows(Object.keys(pairs)),
    values: credentialsFormValues(pairs),
  });
}

function passwordInputs(view: ModalView | undefined) {
  return (view?.blocks ?? [])
    .filter((block): block is InputBlock => block.type === 'input')
    .filter(
      (block) => block.element.type === 'plain_text_input' && block.element.action_id === CredentialsIds.password,
    );
}

// The command's loading modal and its refusal without approvers: change-listeners.test.ts.
describe('credentials listeners', () => {
  it('says credentials changes need SEAL_KEY when no key is configured, and audits the refusal', async () => {
    // Act
    const { harness, ack } = await sendToNewHarness(slashCommand({ text: `credentials ${CONNECTOR}` }), {
      env: { SEAL_KEY: '' },
    });

    // Assess
    expect(visible(ack)).toContain('Changes are not configured');
    expect(visible(ack)).toContain('Credentials changes need `KMS_KEY_ID` (in AWS) or `SEAL_KEY` (elsewhere)');
    expect(harness.jobs.single('record-refusal')).toMatchObject(
      connectorRefusal('change.request', 'denied', 'changes-not-configured'),
    );
    expect(harness.slack.calls).toEqual([]);
  });

  it('refuses its menu entry inline without SEAL_KEY, and opens the loading modal with one', async () => {
    // Prepare
    const withoutKey = createListenerHarness({ env: { SEAL_KEY: '' } });
    const withKey = createListenerHarness();
    const choice = { operation: 'credentials', connector: `${CONNECTOR}@us-east-1` };

    // Act
    const refused = await withoutKey.send(menuSubmission(choice));
    const submission = menuSubmission(choice);
    const opened = await withKey.send(submission);

    // Assess
    expect(refused?.errors?.[BlockId.MenuOperation]).toMatch(/^Credentials changes need `KMS_KEY_ID`/);
    expect(withoutKey.jobs.single('record-refusal').reason).toBe('changes-not-configured');
    expect(opened?.response_action).toBe('update');
    expect(withKey.jobs.single('open-change')).toMatchObject({
      change: 'credentials',
      reply: { kind: 'view', viewId: submission.view.id },
    });
  });

  it('seals the passwords of a valid form: the job carries usernames and sealedSecrets, and no password anywhere', async () => {
    // Prepare
    const submission = await submittedForm({
      '0': { username: 'pbx-main', password: PASSWORD },
      '1': { username: 'pbx-backup', password: OTHER_PASSWORD },
    });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack?.response_action).toBe('update');
    expect(visible(ack?.view)).toContain('Submitting your change request …');
    const job = harness.jobs.single('submit-change');
    expect(job).toMatchObject({
      ref: REF,
      justification: 'Rotate after the PBX move',
      beforeHash: SNAPSHOT_HASH,
      proposal: { kind: 'credentials', credentials: { usernames: ['pbx-main', 'pbx-backup'] } },
      channelId: OPS_CHANNEL.id,
      reply: { kind: 'view', viewId: submission.view.id },
    });
    expect(job.sealedSecrets).toMatch(/^v1\./);
    // Sealed to this submission: the view id is the additional authenticated data.
    await expect(harness.sealer?.unseal(job.sealedSecrets ?? '', submission.view.id)).resolves.toEqual([
      { username: 'pbx-main', password: PASSWORD },
      { username: 'pbx-backup', password: OTHER_PASSWORD },
    ]);
    await expect(harness.sealer?.unseal(job.sealedSecrets ?? '', 'another-view')).rejects.toThrow();
    for (const password of [PASSWORD, OTHER_PASSWORD]) expect(everythingSent(harness, ack)).not.toContain(password);
  });

  it('shows invalid pairs inline without repeating a password, and audits the refusal by field name', async () => {
    // Prepare
    const submission = await submittedForm({
      '0': { username: 'pbx:main', password: PASSWORD },
      '1': { username: 'pbx-backup', password: null },
    });

    // Act
    const { harness, ack } = await sendToNewHarness(submission);

    // Assess
    expect(ack).toEqual({
      response_action: 'errors',
      errors: {
        [credentialFieldBlock('0', 'username')]: 'A username cannot contain `:` (SIP digest authentication).',
        [credentialFieldBlock('1', 'password')]: 'Enter a password.',
      },
    });
    expect(harness.jobs.single('record-refusal')).toMatchObject({
      ...connectorRefusal('change.request', 'invalid', 'invalid: password, username'),
      reply: viewReply(submission.view.id),
    });
    expect(everythingSent(harness, ack)).not.toContain(PASSWORD);
  });

  it('says the form is out of date when SEAL_KEY went away after it was opened, and seals nothing', async () => {
    // Prepare
    const harness = createListenerHarness({ env: { SEAL_KEY: '' } });

    // Act
    const ack = await harness.send(
      viewSubmission({
        view: await credentialsForm(),
        values: credentialsFormValues({ '0': { username: 'pbx-main', password: PASSWORD } }),
      }),
    );

    // Assess
    expect(ack?.errors).toEqual({
      [BlockId.Justification]: 'This form is out of date: close it and run the command again.',
    });
    expect(harness.jobs.single('record-refusal').reason).toBe('out-of-date-form');
    expect(everythingSent(harness, ack)).not.toContain(PASSWORD);
  });

  it('still accepts a form opened before the metadata keys were spelled out ({c,r,ch,h,k,n})', async () => {
    // Prepare
    const legacy = legacyFormMetadata(SNAPSHOT_HASH);

    // Act
    const { harness } = await sendToNewHarness(
      viewSubmission({
        view: { ...(await credentialsForm()), private_metadata: legacy },
        values: credentialsFormValues({ '0': { username: 'pbx-main', password: PASSWORD } }),
      }),
    );

    // Assess
    expect(harness.jobs.single('submit-change')).toMatchObject({
      ref: REF,
      beforeHash: SNAPSHOT_HASH,
      channelId: OPS_CHANNEL.id,
      proposal: { credentials: { usernames: ['pbx-main'] } },
    });
  });

  it('adds a pair with views.update on the form’s hash, echoing no password and keeping the existing usernames', async () => {
    // Prepare
    const form = viewOutput(await credentialsForm(), {
      hash: 'hash-of-the-form',
      values: credentialsFormValues({ '0': { username: 'pbx-main', password: PASSWORD } }),
    });

    // Act
    const { harness, view } = await editFormRows(
      modalButtonClick({ actionId: CredentialsIds.addPair, value: 'add', view: form }),
    );

    // Assess
    expect(parseChangeFormMetadata(view?.private_metadata)?.rows).toEqual(['0', '1']);
    expect(passwordInputs(view).map((block) => block.label.text)).toEqual([
      'Credential 1 · Password',
      'Credential 2 · Password',
    ]);
    expect(visible(view)).toContain('pbx-main');
    expect(everythingSent(harness)).not.toContain(PASSWORD);
    expect(passwordInputs(view).some((block) => 'initial_value' in block.element)).toBe(false);
  });

  it('removes the pair whose Remove was clicked, down to none when usernames can be removed instead', async () => {
    // Prepare: the connector has a username, so a form with no pair can still remove it.
    const harness = createListenerHarness();
    const twoPairs = viewOutput(await credentialsFormWithRows(['0', '1']), {
      values: credentialsFormValues({
        '0': { username: 'pbx-main', password: PASSWORD },
        '1': { username: 'pbx-backup', password: OTHER_PASSWORD },
      }),
    });
    const onePair = viewOutput(await credentialsForm());

    // Act
    await harness.send(modalButtonClick({ actionId: CredentialsIds.removePair, value: '0', view: twoPairs }));
    await harness.send(modalButtonClick({ actionId: CredentialsIds.removePair, value: '0', view: onePair }));

    // Assess
    const updates = harness.slack.callsTo('views.update');
    expect(updates).toHaveLength(2);
    expect(updates[0]?.args.view_id).toBe(twoPairs.id);
    expect(parseChangeFormMetadata(updates[0]?.args.view?.private_metadata)?.rows).toEqual(['1']);
    expect(parseChangeFormMetadata(updates[1]?.args.view?.private_metadata)?.rows).toEqual([]);
    expect(JSON.stringify(harness.slack.calls)).not.toContain(OTHER_PASSWORD);
  });

  it.each(['', 'NaN', 'zz!!', '99', '-1', '[object Object]', 'x'.repeat(300)])(
    'keeps the form whole when a row button carries the malformed value %j',
    async (value) => {
      // Prepare
      const harness = createListenerHarness();
      const form = viewOutput(await credentialsFormWithRows(['0', '1']));

      // Act
      await harness.send(modalButtonClick({ actionId: CredentialsIds.removePair, value, view: form }));
      await harness.send(modalButtonClick({ actionId: CredentialsIds.addPair, value, view: form }));

      // Assess: every form sent is within Slack's limits and shows no NaN, undefined, null or [object Object].
      const updates = harness.slack.callsTo('views.update');
      for (const update of updates) expectWithinSlackLimits(update.args.view, 'modal');
      expect(parseChangeFormMetadata(updates[0]?.args.view?.private_metadata)?.rows).toEqual(['0', '1']);
      expect(parseChangeFormMetadata(updates[1]?.args.view?.private_metadata)?.rows).toEqual(['0', '1', '2']);
    },
  );
});
