import { type ActorContext, auditActor } from '../access/actor-context';
import type { AuditAction, AuditEntryInput, JsonValue } from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import { ChimeError } from '../chime/chime-errors';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Clock } from '../clock';

/**
 * The reads of every operation, each one audited. Order (fail closed): the Chime call, then its audit
 * entry, and only then is the result returned for display. If the entry cannot be written,
 * `AuditUnavailableError` propagates and the result is withheld. A failed Chime call is audited
 * as `failed` with AWS's error name and message, then its `ChimeError` is rethrown.
 */
export class ConnectorReads {
  constructor(
    private readonly voiceConnectors: VoiceConnectors,
    private readonly auditLog: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * One audited read: `call` asks Chime (through the port) and its outcome, ok or failed, is in
   * the audit log before the result is returned.
   *
   * @example
   * reads.read(context, ref, 'read.termination', {}, (chime) => chime.getTermination(ref));
   */
  async read<T>(
    context: ActorContext,
    ref: VoiceConnectorRef,
    action: AuditAction,
    details: { [key: string]: JsonValue },
    call: (voiceConnectors: VoiceConnectors) => Promise<T>,
  ): Promise<T> {
    const base: AuditEntryInput = { ...readAuditEntry(context, action, ref), details };
    const started = this.clock.now();
    try {
      const result = await call(this.voiceConnectors);
      await this.auditLog.append({ ...base, latencyMs: this.clock.now() - started });
      return result;
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      await this.auditLog.append(failedReadEntry(base, error, this.clock.now() - started));
      throw error;
    }
  }
}

/** A read's audit entry before its outcome is known: who read which connector, `ok` until it fails. */
export function readAuditEntry(context: ActorContext, action: AuditAction, ref: VoiceConnectorRef): AuditEntryInput {
  return {
    ...auditActor(context),
    action,
    voiceConnectorId: ref.voiceConnectorId,
    region: ref.region,
    outcome: 'ok',
  };
}

/** The entry for a read Chime refused: `failed`, with AWS's error name and message. */
export function failedReadEntry(base: AuditEntryInput, error: ChimeError, latencyMs: number): AuditEntryInput {
  return {
    ...base,
    outcome: 'failed',
    latencyMs,
    errorName: error.context.awsErrorName ?? error.name,
    errorMessage: error.context.awsMessage ?? error.message,
  };
}
