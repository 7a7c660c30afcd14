import type { z } from 'zod';
import type { AuditAction, JsonValue } from '../audit/audit-entry';
import type { ChimeOperation } from '../chime/chime-errors';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { ChangeData } from './change-request';
import type { Risk } from './change-risk';

/**
 * What one kind of change (origination routes, termination credentials, …) tells the change
 * engine. The engine owns the life of a request (lock, approvals, lease, exactly-once claim, stale
 * check, expiry, outcome audits) and knows nothing of what is changed; a kind knows only its own
 * settings: how to read them, compare them, apply a proposal, and say it in the audit log.
 * Each kind lives in its operation's folder (`src/operations/<name>/`) and is listed in the
 * registry; nothing here imports Slack.
 *
 * `S` is the snapshot (what the connector shows), `P` the proposal, `A` what the connector shows
 * after an apply; snapshots and proposals are tagged with the kind's name (see {@link ChangeData}).
 *
 * @example
 * const hash = originationChange.hash(await originationChange.read(voiceConnectors, ref));
 */
export interface ChangeKind<S extends ChangeData = ChangeData, P extends ChangeData = ChangeData, A = unknown> {
  /** Unique; stored in every request and in the one-open-request lock's key. */
  readonly name: string;
  /** The kind in a sentence: "the origination of this connector changed". */
  readonly noun: string;
  /**
   * Every Chime SDK Voice operation the kind calls (read, risks, apply): the worker and the sweep,
   * which finishes stalled applies, are granted exactly these in `serverless.yml`.
   */
  readonly chimeActions: readonly ChimeOperation[];
  /** Audited when a form is filled from {@link read}. */
  readonly readAction: AuditAction;
  /** Validate what comes back from the change table. */
  readonly schemas: { snapshot: z.ZodType<S>; proposal: z.ZodType<P>; after: z.ZodType<A> };
  /**
   * Present when a request carries secrets (passwords) that must not be stored or queued in
   * clear: the listener seals them, the engine keeps them sealed until the apply, unseals them for
   * {@link apply} only, and drops them when the request ends.
   */
  readonly secrets?: {
    schema: z.ZodType<unknown>;
    /** What they are, in a sentence ("passwords"). */
    noun: string;
    /** Whether this proposal carries any (a removal-only credentials change has none); default: always. */
    neededFor?: (proposal: ChangeData) => boolean;
  };

  /** The connector's current settings of this kind. Throws a `ChimeError` on an AWS failure. */
  read(voiceConnectors: VoiceConnectors, ref: VoiceConnectorRef): Promise<S>;
  /** A stable hash: forms carry it, and a request is only valid against the same state. */
  hash(snapshot: S): string;
  /** Why the proposal would change nothing, or `undefined`. */
  nothingToChange(before: S, proposal: P): string | undefined;
  /**
   * Puts the proposal, exactly once on the wire (the SDK's retries are off for Chime writes).
   * Returns what the connector shows afterwards, when that can be known.
   */
  apply(voiceConnectors: VoiceConnectors, ref: VoiceConnectorRef, change: AppliedChange<S, P>): Promise<A | undefined>;
  /** Whether the connector, read again, shows the proposal applied (after a timeout or a crash). */
  appliedIn(current: S, before: S, proposal: P): boolean;
  /**
   * What could go wrong if the proposal were applied to `before` (see `change-risk.ts`). Called
   * when the request is made and again, against a fresh read, just before the apply; it may read
   * what it needs besides the snapshot (a health ping). Absent: the kind has no risks.
   */
  assessRisks?(voiceConnectors: VoiceConnectors, ref: VoiceConnectorRef, before: S, proposal: P): Promise<Risk[]>;

  auditSnapshot(snapshot: S): JsonValue;
  auditProposal(before: S, proposal: P): JsonValue;
  /** The `after` of the outcome's audit entry. */
  auditOutcome(before: S, proposal: P, after: A | undefined): JsonValue;
  /**
   * The proposal that restores a change's `before`, taken from its audit entry, when this kind
   * can be reverted and the entry is one of its own; `undefined` otherwise.
   */
  revertProposal?(auditedBefore: JsonValue | undefined): P | undefined;
}

export interface AppliedChange<S, P> {
  before: S;
  proposal: P;
  /** The unsealed secrets, for a kind that declares {@link ChangeKind.secrets}. */
  secrets?: unknown;
}

/**
 * The kinds the engine serves, by name. Method parameters are checked bivariantly, so a
 * `ChangeKind<OriginationSnapshot, …>` stands in the list as a plain `ChangeKind`; the engine
 * validates every stored value with the kind's schemas before handing it over.
 */
export type ChangeKinds = ReadonlyMap<string, ChangeKind>;
