import { type ActorContext, auditActor } from '../access/actor-context';
import type { AuditAction, AuditEntryInput, JsonValue } from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import { ChimeError } from '../chime/chime-errors';
import type {
  Origination,
  ProxySession,
  ProxySettings,
  Termination,
  VoiceConnectorRef,
} from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Clock } from '../clock';

/**
 * The read commands, each one audited. Order (fail closed): the Chime call, then its audit
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

  termination(context: ActorContext, ref: VoiceConnectorRef): Promise<Termination> {
    return this.audited(context, ref, 'read.termination', {}, () => this.voiceConnectors.getTermination(ref));
  }

  proxy(context: ActorContext, ref: VoiceConnectorRef): Promise<ProxySettings> {
    return this.audited(context, ref, 'read.proxy', {}, () => this.voiceConnectors.getProxy(ref));
  }

  proxySession(context: ActorContext, ref: VoiceConnectorRef, proxySessionId: string): Promise<ProxySession> {
    return this.audited(context, ref, 'read.proxy-session', { proxySessionId }, () =>
      this.voiceConnectors.getProxySession(ref, proxySessionId),
    );
  }

  /** Opening the origination change form: the snapshot the form is filled from. */
  origination(context: ActorContext, ref: VoiceConnectorRef): Promise<Origination> {
    return this.audited(context, ref, 'read.origination', {}, () => this.voiceConnectors.getOrigination(ref));
  }

  /** Opening the credentials change form: the usernames that exist now (never a password). */
  credentialUsernames(context: ActorContext, ref: VoiceConnectorRef): Promise<string[]> {
    return this.audited(context, ref, 'read.credentials', {}, () =>
      this.voiceConnectors.listTerminationCredentialUsernames(ref),
    );
  }

  private async audited<T>(
    context: ActorContext,
    ref: VoiceConnectorRef,
    action: AuditAction,
    details: { [key: string]: JsonValue },
    call: () => Promise<T>,
  ): Promise<T> {
    const base: AuditEntryInput = {
      ...auditActor(context),
      action,
      voiceConnectorId: ref.voiceConnectorId,
      region: ref.region,
      outcome: 'ok',
      details,
    };
    const started = this.clock.now();
    try {
      const result = await call();
      await this.auditLog.append({ ...base, latencyMs: this.clock.now() - started });
      return result;
    } catch (error) {
      if (!(error instanceof ChimeError)) throw error;
      await this.auditLog.append({
        ...base,
        outcome: 'failed',
        latencyMs: this.clock.now() - started,
        errorName: error.context.awsErrorName ?? error.name,
        errorMessage: error.context.awsMessage ?? error.message,
      });
      throw error;
    }
  }
}
