import { type AuditEntryInput, type JsonValue, SYSTEM_ACTOR_ID } from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import {
  type ConnectorSettings,
  DRIFT_SECTIONS,
  type DriftSection,
  readConnectorSettings,
  readSection,
} from './connector-settings';
import { type DriftRecord, DriftRecordConflictError, type DriftStore } from './drift-store';

export interface DriftBaselinesOptions {
  store: DriftStore;
  /** The retrying reads (the apply hook runs in the worker, after the Put). */
  voiceConnectors: VoiceConnectors;
  auditLog: AuditLog;
  clock: Clock;
  logger: Logger;
  /** The workspace the bot's own audit entries are filed under (the first of ALLOWED_TEAMS, or `system`). */
  auditTeamId: string;
}

/** The change kinds whose applies move a baseline: each is a section of the same name. */
function sectionOfKind(kind: string): DriftSection | undefined {
  return (DRIFT_SECTIONS as readonly string[]).includes(kind) ? (kind as DriftSection) : undefined;
}

/**
 * The connectors' baselines: what the bot last applied or accepted. Written when the bot first
 * sees a connector (audited as `drift.baseline`) and after every apply (the change engine's hook,
 * before the request's lock is released, so that a check never takes the bot's own change for
 * drift).
 */
export class DriftBaselines {
  constructor(private readonly options: DriftBaselinesOptions) {}

  get(ref: VoiceConnectorRef): Promise<DriftRecord | undefined> {
    return this.options.store.get(ref);
  }

  /** A system audit entry about a connector. */
  systemEntry(
    ref: VoiceConnectorRef,
    fields: Pick<AuditEntryInput, 'action' | 'outcome' | 'before' | 'after' | 'details' | 'reason'>,
  ): AuditEntryInput {
    return {
      actorUserId: SYSTEM_ACTOR_ID,
      actorName: 'chime-voice-ops',
      actorTeamId: this.options.auditTeamId,
      voiceConnectorId: ref.voiceConnectorId,
      region: ref.region,
      ...fields,
    };
  }

  /** The first baseline of a connector; `false` (and no audit entry) when another check wrote it first. */
  async recordFirstSeen(
    ref: VoiceConnectorRef,
    settings: ConnectorSettings,
    source: 'first-seen' | 'apply' = 'first-seen',
  ): Promise<boolean> {
    const created = await this.options.store.create(
      { voiceConnectorId: ref.voiceConnectorId, region: ref.region, baseline: settings, baselineSource: source },
      this.options.clock.now(),
    );
    if (created) {
      await this.options.auditLog.append(
        this.systemEntry(ref, {
          action: 'drift.baseline',
          outcome: 'ok',
          after: settings as unknown as JsonValue,
          details: { source },
        }),
      );
    }
    return created;
  }

  /**
   * After an apply of `kind`: the section it changed, read again from Chime, becomes the baseline's.
   * A connector with no baseline yet gets a whole one. Best effort: it logs and gives up after a
   * few conflicts rather than hold the request's lock (the next check would then alert, and an
   * approver can accept).
   */
  async recordApplied(ref: VoiceConnectorRef, kind: string): Promise<void> {
    const section = sectionOfKind(kind);
    if (section === undefined) return;
    const { store, voiceConnectors, clock, logger } = this.options;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      try {
        const record = await store.get(ref);
        if (record === undefined) {
          const settings = await readConnectorSettings(voiceConnectors, ref);
          if (await this.recordFirstSeen(ref, settings, 'apply')) return;
          continue;
        }
        const value = await readSection(voiceConnectors, ref, section);
        await store.replace(
          {
            ...record,
            baseline: { ...record.baseline, [section]: value },
            baselineRev: record.baselineRev + 1,
            baselineAt: clock.now(),
            baselineSource: 'apply',
          },
          record.rev,
        );
        return;
      } catch (error) {
        if (error instanceof DriftRecordConflictError && attempt < 3) continue;
        logger.error(
          { err: error, voiceConnectorId: ref.voiceConnectorId, section },
          'could not move the drift baseline after an apply',
        );
        return;
      }
    }
  }
}
