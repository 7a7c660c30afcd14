import type { App, BlockAction, ButtonAction, SlackViewMiddlewareArgs, ViewOutput } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import {
  type ChangeFormMetadata,
  parseChangeFormMetadata,
  withNewRow,
  withoutRow,
} from '../../blocks/change-form-metadata';
import { credentialsModal } from '../../blocks/credentials-modal';
import { ActionId, BlockId, CallbackId } from '../../blocks/ids';
import { loadingModal } from '../../blocks/loading-modal';
import { originationModal } from '../../blocks/origination-modal';
import { originationHash } from '../../changes/snapshot';
import type { Actor } from '../../jobs/job';
import type { ListenerDependencies } from '../listener-dependencies';
import { invalidFieldsReason, queueRefusal } from '../refusal-jobs';
import { readCredentialsForm, readOriginationForm, routeInputOf } from './change-form-state';
import { inputValue, parseViewState } from './view-state';

const OUT_OF_DATE = 'This form is out of date: close it and run the command again.';

/**
 * The origination and credentials forms: row add/remove (a `views.update` that keeps the ids of
 * the rows on screen, so Slack keeps what was typed and no value is echoed back), and submission:
 * validation errors go back inline in the acknowledgement; a valid form is acknowledged with a
 * "submitting" view and handed to the worker. Passwords are sealed here, before the job exists.
 */
export function registerChangeFormListeners(app: App, deps: ListenerDependencies): void {
  registerRowEditor(app, ActionId.OriginationAddRoute, ActionId.OriginationRemoveRoute, (view, metadata, next) => {
    const state = parseViewState(view.state?.values);
    // Re-fill what is on screen from the state: origination values are not secret.
    const kept = next.k.filter((rowKey) => metadata.k.includes(rowKey));
    return originationModal({
      ref: { voiceConnectorId: metadata.c, region: metadata.r },
      metadata: next,
      initialRoutes: Object.fromEntries(kept.map((rowKey) => [rowKey, routeInputOf(state, rowKey)])),
      disabled: inputValue(state, BlockId.OriginationDisabled, ActionId.OriginationDisabled) === 'true',
    });
  });

  // Passwords are never echoed back: the rows keep their ids, and Slack keeps what was typed.
  registerRowEditor(app, ActionId.CredentialsAddPair, ActionId.CredentialsRemovePair, (view, metadata, next) =>
    next.k.length === 0
      ? undefined
      : credentialsModal({
          ref: { voiceConnectorId: metadata.c, region: metadata.r },
          metadata: next,
          existingUsernames: { block: existingUsernamesBlock(view.blocks) },
        }),
  );

  app.view(CallbackId.OriginationModal, async ({ ack, body, view }) => {
    const actor = submitter(body);
    const metadata = parseChangeFormMetadata(view.private_metadata);
    const refuse = formRefusal(deps, ack, actor, view.id, metadata);
    if (metadata === undefined) {
      await refuse({ [BlockId.Justification]: OUT_OF_DATE }, 'out-of-date-form');
      return;
    }
    const form = readOriginationForm(parseViewState(view.state.values), metadata);
    if (!form.ok) {
      await refuse(form.errors, invalidFieldsReason(form.errors));
      return;
    }
    if (originationHash(form.origination) === metadata.h) {
      await refuse(
        {
          [BlockId.OriginationDisabled]: 'Nothing to change: the routes and the Disabled setting are the same as now.',
        },
        'nothing-to-change',
      );
      return;
    }
    await ack({
      response_action: 'update',
      view: loadingModal({ title: 'Origination change', message: 'Submitting your change request …' }),
    });
    await deps.jobs.enqueue({
      kind: 'submit-change',
      ref: { voiceConnectorId: metadata.c, region: metadata.r },
      justification: form.justification,
      beforeHash: metadata.h,
      proposal: { kind: 'origination', origination: form.origination },
      revertOf: metadata.rv,
      actor,
      channelId: metadata.ch,
      reply: { kind: 'view', viewId: view.id },
    });
  });

  app.view(CallbackId.CredentialsModal, async ({ ack, body, view }) => {
    const actor = submitter(body);
    const metadata = parseChangeFormMetadata(view.private_metadata);
    const refuse = formRefusal(deps, ack, actor, view.id, metadata);
    if (metadata === undefined || deps.sealer === undefined) {
      await refuse({ [BlockId.Justification]: OUT_OF_DATE }, 'out-of-date-form');
      return;
    }
    const form = readCredentialsForm(parseViewState(view.state.values), metadata);
    if (!form.ok) {
      await refuse(form.errors, invalidFieldsReason(form.errors));
      return;
    }
    // The view id is unique to this submission: it keys the request and binds the ciphertext to it.
    const sealed = await deps.sealer.seal(form.credentials, view.id);
    await ack({
      response_action: 'update',
      view: loadingModal({ title: 'Credentials change', message: 'Submitting your change request …' }),
    });
    await deps.jobs.enqueue({
      kind: 'submit-change',
      ref: { voiceConnectorId: metadata.c, region: metadata.r },
      justification: form.justification,
      beforeHash: metadata.h,
      proposal: { kind: 'credentials', usernames: form.credentials.map((credential) => credential.username), sealed },
      actor,
      channelId: metadata.ch,
      reply: { kind: 'view', viewId: view.id },
    });
  });
}

/**
 * Refuses a change form inline (`response_action: errors`) and audits the refusal by field name
 * only: what was typed (a password, perhaps) never reaches the audit log.
 */
function formRefusal(
  deps: ListenerDependencies,
  ack: SlackViewMiddlewareArgs['ack'],
  actor: Actor,
  viewId: string,
  metadata: ChangeFormMetadata | undefined,
) {
  return async (errors: Record<string, string>, reason: string): Promise<void> => {
    await ack({ response_action: 'errors', errors });
    await queueRefusal(deps.jobs, {
      actor,
      action: 'change.request',
      outcome: 'invalid',
      reason,
      reply: { kind: 'view', viewId },
      channelId: metadata?.ch,
      voiceConnectorId: metadata?.c,
      region: metadata?.r,
    });
  };
}

function submitter(body: {
  user: { id: string; team_id?: string; name?: string };
  team?: { id: string } | null;
}): Actor {
  return { userId: body.user.id, teamId: body.user.team_id ?? body.team?.id ?? '', userName: body.user.name };
}

/** A row edit keeps the form's list of existing usernames as it was, without another Chime call. */
function existingUsernamesBlock(blocks: unknown): KnownBlock | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return (blocks as KnownBlock[]).find((block) => block.block_id === BlockId.CredentialsExisting);
}

/**
 * Add and remove buttons of a form's rows: acknowledge, then `views.update` the form (with its
 * hash, so a stale click cannot overwrite a newer view) with one row more or fewer.
 */
function registerRowEditor(
  app: App,
  addActionId: string,
  removeActionId: string,
  rebuild: (view: ViewOutput, metadata: ChangeFormMetadata, next: ChangeFormMetadata) => ModalView | undefined,
): void {
  app.action<BlockAction<ButtonAction>>(
    { action_id: new RegExp(`^(${addActionId}|${removeActionId})$`) },
    async ({ ack, body, action, client }) => {
      await ack();
      const view = body.view;
      const metadata = parseChangeFormMetadata(view?.private_metadata);
      if (view === undefined || metadata === undefined) return;
      const next = action.action_id === addActionId ? withNewRow(metadata) : withoutRow(metadata, action.value ?? '');
      const updated = rebuild(view, metadata, next);
      if (updated !== undefined) await client.views.update({ view_id: view.id, hash: view.hash, view: updated });
    },
  );
}
