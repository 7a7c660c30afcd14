import type { App } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { z } from 'zod';
import type { SlackMessage } from '../blocks/slack-message';
import type { ChangeKind } from '../changes/change-kind';
import type { ChangeData, ChangeRequest } from '../changes/change-request';
import type { ChimeOperation } from '../chime/chime-errors';
import type { ChimeRegion } from '../chime/regions';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { WorkerDependencies } from '../handlers/jobs/worker-dependencies';
import type { ListenerDependencies } from '../handlers/listener-dependencies';
import type { ViewStateValues } from '../handlers/slack-payload';
import type { Actor, Delivery, JobCommon } from '../jobs/job';
import type { ChangeFormMetadata } from './change-requests/change-form-metadata';

/**
 * One thing the bot offers (a read, a change kind, the audit commands), whole, in one folder
 * (`src/operations/<name>/`) that exports one `Operation`; `registry.ts` lists them. The slash
 * command's grammar and help, the menu, the job schema and its dispatch, the change engine's
 * kinds, the approval message and the block/action/callback ids are all driven from these
 * objects, so adding an operation is one folder and one registry line (and its IAM statement).
 */
export interface Operation {
  /** Unique, for errors and tests. */
  readonly name: string;
  /** Its subcommands (grammar, help entry, what the listener does). */
  readonly commands?: readonly SubcommandSpec[];
  /** Its entries in the `/chime` menu. */
  readonly menu?: readonly MenuEntry[];
  /** The jobs it hands to the worker. */
  readonly jobs?: readonly AnyJobDefinition[];
  /** A change kind, with its Slack side. */
  readonly change?: ChangeModule;
  /**
   * The Chime SDK Voice operations its jobs call, besides its change kind's: the worker's IAM
   * statement in `serverless.yml` must grant exactly these (a test holds the two together).
   */
  readonly chimeActions?: readonly ChimeOperation[];
  /** The Slack ids it declares; `registry.ts` checks that no two operations share one. */
  readonly ids?: OperationIds;
  /** Lines added under the help's command list (e.g. a deprecation notice). */
  readonly helpNotes?: (command: string) => readonly string[];
  /** Listeners of its own (row editors, buttons of its cards). */
  register?(app: App, deps: ListenerDependencies): void;
}

export interface OperationIds {
  callbackIds?: readonly string[];
  actionIds?: readonly string[];
  blockIds?: readonly string[];
}

/** A positional argument of a subcommand. */
export type ArgumentKind = 'connector' | 'optional-connector' | 'proxy-session';
/** Options a subcommand accepts besides `--region`, which every one takes. */
export type OptionName = 'share' | 'limit' | 'user' | 'break-glass' | 'unreviewed';

/**
 * One subcommand, e.g. `termination <voice-connector-id>` or `audit verify <voice-connector-id>`.
 *
 * @example
 * { words: ['proxy'], args: ['connector'], options: ['share'],
 *   help: { usage: 'proxy <voice-connector-id>', what: 'Proxy settings …', example: 'proxy abcdef1234567890abcdef' },
 *   run: readCommand(…) }
 */
export interface SubcommandSpec {
  /** The words that name it: the first is the subcommand, any more must follow it (`audit verify`). */
  readonly words: readonly string[];
  readonly args: readonly ArgumentKind[];
  readonly options?: readonly OptionName[];
  /** Its help entry; `hidden` for an alias the help does not list (it still works). */
  readonly help: { usage: string; what: string; example?: string; hidden?: boolean };
  /** The listener's part: acknowledge Slack (within 3 s), then hand the work over as a job. */
  run(input: CommandInput): Promise<void>;
}

/** What a subcommand was given, after parsing. */
export interface ParsedArguments {
  region: ChimeRegion;
  share: boolean;
  voiceConnectorId?: string;
  proxySessionId?: string;
  limit?: number;
  userId?: string;
  /** `--user alice`: a name typed by hand, looked up by the worker (a mention gives `userId`). */
  userName?: string;
  /** `--break-glass` on a change command: apply without waiting for approval (break-glass members only). */
  breakGlass?: boolean;
  /** `--unreviewed` on `audit`: the break-glass changes nobody has reviewed yet. */
  unreviewed?: boolean;
}

export interface CommandInput {
  args: ParsedArguments;
  actor: Actor;
  channelId: string;
  responseUrl: string;
  triggerId: string;
  /** Acknowledges the command, with an ephemeral message when one is given. */
  ack(message?: SlackMessage): Promise<void>;
  client: WebClient;
  deps: ListenerDependencies;
}

/** An entry of the `/chime` menu's operation select. */
export interface MenuEntry {
  /** The select option's value; stable, since open menus send it back. */
  readonly value: string;
  readonly label: string;
  /** The menu's "Proxy session ID" input is required for this entry. */
  readonly needsProxySessionId?: boolean;
  /** A change: refused in the menu itself when changes of this kind are not configured. */
  readonly change?: string;
  /** The listener's part after the menu validated the connector: acknowledge, then queue. */
  submit(input: MenuInput): Promise<void>;
}

export interface MenuInput {
  ref: VoiceConnectorRef;
  proxySessionId: string;
  share: boolean;
  actor: Actor;
  channelId: string;
  responseUrl?: string;
  viewId: string;
  /** Acknowledges the submission: closes the menu, or replaces it with another view. */
  ack(view?: ModalView): Promise<void>;
  deps: ListenerDependencies;
}

/** A job an operation hands to the worker: its payload schema and its handler. */
export interface JobDefinition<K extends string, S extends z.ZodType<JobCommon & { kind: K }>> {
  readonly kind: K;
  readonly schema: S;
  /** What the bot was doing, for "Something went wrong while …" when the job fails for good. */
  readonly what: string;
  run(job: z.infer<S>, deps: WorkerDependencies, delivery: Delivery): Promise<void>;
  /**
   * Tells the person of a job that failed for good, when the operation can say more than "something
   * went wrong" (what was done, what will still happen). Returns false to leave it to the generic
   * message.
   */
  reportFailure?(job: z.infer<S>, deps: WorkerDependencies): Promise<boolean>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds definitions of every payload type; each is checked where it is defined.
export type AnyJobDefinition = JobDefinition<string, any>;

/** Declares a job; the kind is read from the schema's literal so the two cannot disagree. */
export function defineJob<K extends string, S extends z.ZodType<JobCommon & { kind: K }>>(
  definition: JobDefinition<K, S>,
): JobDefinition<K, S> {
  return definition;
}

/** A submitted change form, read: the proposal, or errors keyed by block id for `response_action: errors`. */
export type FormReading<P> =
  | { ok: false; errors: Record<string, string>; reason?: string }
  | { ok: true; proposal: P; justification: string; secrets?: unknown };

/**
 * The Slack side of a change kind: its form, how a submission is read, and how its diff and
 * outcome look in the approval message. The domain side is {@link ChangeKind}.
 */
export interface ChangeModule<S extends ChangeData = ChangeData, P extends ChangeData = ChangeData, A = unknown> {
  readonly kind: ChangeKind<S, P, A>;
  /** "Origination change": the forms' and messages' title. */
  readonly title: string;
  /** Shown before the title in the approval message. */
  readonly icon: string;
  /** The form's `callback_id`. */
  readonly callbackId: string;
  /**
   * The form filled from the connector, or a notice saying why this connector cannot be changed
   * here. Built by the worker, which may read more for it through `services`.
   */
  form(model: ChangeFormModel<S>, services: FormServices): Promise<{ modal: ModalView } | { notice: SlackMessage }>;
  /** Reads and validates a submitted form. Error texts never repeat a secret. */
  readSubmission(state: ViewStateValues, metadata: ChangeFormMetadata): FormReading<P>;
  /** The approval message's "Changes" section. */
  diffBlocks(before: S, proposal: P): KnownBlock[];
  /** What the connector shows after the apply (and what to do next), for an applied request. */
  resultBlocks(after: A, request: ChangeRequest): KnownBlock[];
  /** The Revert button's confirmation text, for a kind that can be reverted. */
  readonly revertConfirmation?: string;
}

/**
 * Why a form is opened, when it is not a plain change: a guided credential rotation, step 1 (add a
 * new username) or step 2 (remove the old ones once the new ones are applied).
 */
export type OpenChangePurpose = 'rotate' | 'remove-old';

export interface ChangeFormModel<S> {
  ref: VoiceConnectorRef;
  snapshot: S;
  purpose?: OpenChangePurpose;
  /** For `remove-old`: the applied rotation request whose old usernames go. */
  rotationOf?: string;
  metadata: Omit<ChangeFormMetadata, 'rows' | 'nextRow'>;
  openRequestId?: string;
  /** The slash command (`SLACK_COMMAND`), for notices that name a command. */
  command: string;
}

/** What a form may read besides the snapshot (the worker gives it). */
export interface FormServices {
  voiceConnectors: VoiceConnectors;
  changeRequest(id: string): Promise<ChangeRequest | undefined>;
  now(): number;
}

/** Identity, so each folder's object is checked against {@link Operation} and keeps its literal types. */
export function defineOperation<const O extends Operation>(operation: O): O {
  return operation;
}
