import { ListVoiceConnectorsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { type ActorContext, auditActor } from '../access/actor-context';
import type { JsonValue } from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import type { ChangeEngine } from '../changes/change-engine';
import type { ChangeData, ChangeRequest } from '../changes/change-request';
import { ChimeError, VoiceConnectorNotFoundError } from '../chime/chime-errors';
import { ListVoiceConnectorsRequestSchema, ListVoiceConnectorsResponseSchema } from '../chime/model-schemas';
import type { ChimeRegion } from '../chime/regions';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { ChangeAttributions } from './change-attribution';
import { CheckOutOfTimeError, ChimeCallPacer } from './chime-call-pacer';
import {
  type ConnectorSettings,
  type DriftSection,
  differingSections,
  driftHash,
  pickSections,
  readConnectorSettings,
} from './connector-settings';
import type { DriftAlertStatus, DriftAlerts, DriftAlertView } from './drift-alerts';
import type { DriftBaselines } from './drift-baselines';
import { DriftError } from './drift-error';
import {
  type CheckCursor,
  connectorKey,
  type DriftAlertState,
  type DriftRecord,
  DriftRecordConflictError,
  type DriftStore,
} from './drift-store';

/** How long after a drift is found the checks keep asking CloudTrail who made it. */
export const ATTRIBUTION_RETRY_MS = 60 * 60_000;
/**
 * Connectors checked at once. One: the pacer sets the pace, and with several in flight a
 * connector whose retries keep landing on throttled slots while the others' calls take the free
 * ones can starve (seen against the emulator throttling every other call).
 */
const CONCURRENCY = 1;
/** The cursor is saved this often during a run, so that a run killed outright loses little. */
const CURSOR_SAVE_EVERY = 25;

export interface DriftMonitorOptions {
  store: DriftStore;
  baselines: DriftBaselines;
  /** The check's reads: no SDK retries (the pacer retries throttled calls itself and counts them). */
  checkVoiceConnectors: VoiceConnectors;
  /** Interactive reads (a Revert reads the connector before filing its requests). */
  voiceConnectors: VoiceConnectors;
  auditLog: AuditLog;
  changes: ChangeEngine;
  attributions?: ChangeAttributions;
  alerts: DriftAlerts;
  clock: Clock;
  logger: Logger;
  regions: readonly ChimeRegion[];
  callsPerSecond: number;
  /** The pacer's waits (the bench and tests may pass a faster one). */
  wait?: (ms: number) => Promise<void>;
}

/** What one connector's check found. */
export type ConnectorCheckOutcome =
  | 'baseline-recorded'
  | 'in-sync'
  | 'drift-alerted'
  | 'drift-updated'
  | 'drift-unchanged'
  | 'resolved'
  | 'skipped-applying'
  | 'gone';

export interface CheckRunReport {
  /** Connectors whose check finished in this run. */
  checked: number;
  /** Connectors left for the next run (time ran out). */
  remaining: number;
  /** Whether this run reached the end of the list (a full pass is done). */
  passCompleted: boolean;
  outcomes: Partial<Record<ConnectorCheckOutcome | 'failed', number>>;
  /** Chime requests sent, throttled ones included, and how many were throttled. */
  chimeCalls: number;
  throttled: number;
}

/** The alert was decided on an older version: it changed or closed since the click. */
export class StaleDriftAlertError extends DriftError {
  readonly code = 'drift_alert_stale';
  constructor() {
    super(
      'StaleDriftAlertError',
      'This alert has changed or been closed since it was shown; look at the updated alert.',
    );
  }
}

export interface RevertOutcome {
  /** Requests filed now or earlier for this alert, for the caller to post for approval. */
  requests: ChangeRequest[];
  /** Sections the bot cannot revert, each with why. */
  notRevertible: { section: DriftSection; why: string }[];
  /** Sections whose request could not be filed, with the reason shown to the person. */
  failed: { section: DriftSection; error: unknown }[];
}

/**
 * Drift detection: compares every connector of the configured regions with its baseline, alerts
 * once per drift (updated in place as it changes, closed when it goes away), asks CloudTrail who
 * made it, and carries out Accept and Revert.
 */
export class DriftMonitor {
  constructor(private readonly options: DriftMonitorOptions) {}

  newPacer(): ChimeCallPacer {
    return new ChimeCallPacer({
      callsPerSecond: this.options.callsPerSecond,
      clock: this.options.clock,
      ...(this.options.wait !== undefined ? { wait: this.options.wait } : {}),
    });
  }

  /**
   * The scheduled check: every connector after the stored cursor, until `deadline`; the cursor
   * records where it stopped, and the next run goes on from there.
   */
  async checkScheduled(deadline: number): Promise<CheckRunReport> {
    const { store, clock, logger } = this.options;
    const pacer = this.newPacer();
    const cursor: CheckCursor = (await store.getCursor()) ?? { passStartedAt: clock.now(), rev: 0 };
    const connectors: VoiceConnectorRef[] = [];
    for (const region of this.options.regions) {
      for (const voiceConnectorId of await this.listConnectorIds(region, pacer, deadline)) {
        connectors.push({ voiceConnectorId, region });
      }
    }
    connectors.sort((a, b) => (connectorKey(a) < connectorKey(b) ? -1 : 1));
    const todo = connectors.filter((ref) => cursor.after === undefined || connectorKey(ref) > cursor.after);

    const report: CheckRunReport = {
      checked: 0,
      remaining: 0,
      passCompleted: false,
      outcomes: {},
      chimeCalls: 0,
      throttled: 0,
    };
    const done = new Array<boolean>(todo.length).fill(false);
    let next = 0;
    let outOfTime = false;
    let saved = cursor;
    let savedThrough = -1;
    const contiguousDone = () => {
      let index = savedThrough;
      while (index + 1 < done.length && done[index + 1]) index += 1;
      return index;
    };
    const saveCursor = async (through: number) => {
      if (through <= savedThrough) return;
      const updated: CheckCursor = { ...saved, after: connectorKey(todo[through] as VoiceConnectorRef) };
      if (await store.putCursor(updated, saved.rev)) {
        saved = { ...updated, rev: saved.rev + 1 };
        savedThrough = through;
      }
    };
    const worker = async () => {
      while (!outOfTime && next < todo.length) {
        const index = next;
        next += 1;
        const ref = todo[index] as VoiceConnectorRef;
        try {
          const outcome = await this.checkConnector(ref, pacer, deadline);
          report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
        } catch (error) {
          if (error instanceof CheckOutOfTimeError) {
            outOfTime = true;
            return;
          }
          report.outcomes.failed = (report.outcomes.failed ?? 0) + 1;
          logger.warn(
            { err: error, voiceConnectorId: ref.voiceConnectorId, region: ref.region },
            'drift check of a connector failed',
          );
        }
        done[index] = true;
        report.checked += 1;
        if (report.checked % CURSOR_SAVE_EVERY === 0) await saveCursor(contiguousDone());
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.max(todo.length, 1)) }, worker));

    const through = contiguousDone();
    if (through === todo.length - 1) {
      const now = clock.now();
      const finished: CheckCursor = { passStartedAt: now, lastPassCompletedAt: now, rev: saved.rev };
      await store.putCursor(finished, saved.rev);
      report.passCompleted = true;
    } else {
      await saveCursor(through);
      report.remaining = todo.length - 1 - through;
    }
    report.chimeCalls = pacer.calls;
    report.throttled = pacer.throttled;
    return report;
  }

  /** Every connector of a region, one paced page at a time (a throttled page is retried, not the whole list). */
  private async listConnectorIds(region: ChimeRegion, pacer: ChimeCallPacer, deadline: number): Promise<string[]> {
    const ids: string[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await pacer.call(
        () =>
          this.options.checkVoiceConnectors.send({
            operation: 'ListVoiceConnectors',
            ref: { region },
            input: { MaxResults: 100, ...(token === undefined ? {} : { NextToken: token }) },
            inputSchema: ListVoiceConnectorsRequestSchema,
            outputSchema: ListVoiceConnectorsResponseSchema,
            send: (client, input) => client.send(new ListVoiceConnectorsCommand(input)),
          }),
        deadline,
      );
      for (const connector of page?.VoiceConnectors ?? []) {
        if (connector.VoiceConnectorId !== undefined) ids.push(connector.VoiceConnectorId);
      }
      nextToken = page?.NextToken === '' ? undefined : page?.NextToken;
      if (nextToken !== undefined && seen.has(nextToken)) break;
      if (nextToken !== undefined) seen.add(nextToken);
    } while (nextToken !== undefined);
    return ids;
  }

  /**
   * Checks one connector now (the near-real-time trigger, the sandbox's outside change).
   */
  async checkOne(ref: VoiceConnectorRef, budgetMs = 30_000): Promise<ConnectorCheckOutcome> {
    return this.checkConnector(ref, this.newPacer(), this.options.clock.now() + budgetMs);
  }

  async checkConnector(
    ref: VoiceConnectorRef,
    pacer: ChimeCallPacer,
    deadline: number,
  ): Promise<ConnectorCheckOutcome> {
    const { store, baselines, clock } = this.options;
    const record = await store.get(ref);
    let current: ConnectorSettings;
    try {
      current = await readConnectorSettings(this.options.checkVoiceConnectors, ref, (_section, read) =>
        pacer.call(read, deadline),
      );
    } catch (error) {
      if (error instanceof VoiceConnectorNotFoundError) return 'gone';
      throw error;
    }
    if (record === undefined) {
      await baselines.recordFirstSeen(ref, current);
      return 'baseline-recorded';
    }
    const sections = differingSections(record.baseline, current);
    if (sections.length === 0) {
      if (record.alert === undefined) return 'in-sync';
      await this.closeResolved(record);
      return 'resolved';
    }
    // The bot's own apply in flight: its hook moves the baseline before the lock goes.
    const open = await this.options.changes.openRequests(ref.voiceConnectorId);
    if (open.some((request) => request.status !== 'pending')) return 'skipped-applying';
    const fresh = await store.get(ref);
    if (fresh === undefined || fresh.baselineRev !== record.baselineRev) return 'skipped-applying';

    const hash = driftHash(current, sections);
    const now = clock.now();
    if (fresh.alert?.driftHash === hash) {
      // A check that claimed this drift and stopped before auditing or posting it: finish here.
      if (fresh.alert.pendingAudit === true) {
        await this.completeDetection(fresh);
        return fresh.alert.updatesOpenAlert === true ? 'drift-updated' : 'drift-alerted';
      }
      if (fresh.alert.message === undefined) await this.showAlert(fresh, 'open');
      await this.retryAttribution(fresh, now);
      return 'drift-unchanged';
    }
    const previous = fresh.alert;
    const attribution = await this.attribute(ref, fresh.baselineAt, now, sections);
    const pending = sections.filter((section) => !attribution.some((found) => found.section === section));
    const alert: DriftAlertState = {
      driftHash: hash,
      sections,
      observed: pickSections(current, sections),
      detectedAt: now,
      updatedAt: now,
      ...(previous?.message !== undefined ? { message: previous.message } : {}),
      attribution,
      attributionPending: pending,
      attributionUntil: now + ATTRIBUTION_RETRY_MS,
      pendingAudit: true,
      ...(previous !== undefined ? { updatesOpenAlert: true } : {}),
    };
    let stored: DriftRecord;
    try {
      // The conditional write claims the drift: of two checks finding it, one alerts.
      stored = await store.replace({ ...fresh, alert }, fresh.rev);
    } catch (error) {
      if (error instanceof DriftRecordConflictError) return 'drift-unchanged';
      throw error;
    }
    await this.completeDetection(stored);
    return previous === undefined ? 'drift-alerted' : 'drift-updated';
  }

  /** Audits a claimed drift (`drift.detect`), marks it audited, and posts or updates its alert. */
  private async completeDetection(record: DriftRecord): Promise<void> {
    const alert = record.alert as DriftAlertState;
    await this.options.auditLog.append(
      this.options.baselines.systemEntry(record, {
        action: 'drift.detect',
        outcome: 'detected',
        before: pickSections(record.baseline, alert.sections) as unknown as JsonValue,
        after: alert.observed as unknown as JsonValue,
        details: {
          sections: [...alert.sections],
          attribution: alert.attribution as unknown as JsonValue,
          ...(alert.updatesOpenAlert === true ? { updates: 'an open alert' } : {}),
        },
      }),
    );
    const { pendingAudit: _done, ...audited } = alert;
    let stored: DriftRecord;
    try {
      stored = await this.options.store.replace({ ...record, alert: audited }, record.rev);
    } catch (error) {
      // Someone else moved the record on (a newer drift, an Accept): theirs is what shows.
      if (error instanceof DriftRecordConflictError) return;
      throw error;
    }
    await this.showAlert(stored, 'open');
  }

  /** Asks CloudTrail again for the sections it had nothing for, until the hour is up; updates the alert. */
  private async retryAttribution(record: DriftRecord, now: number): Promise<void> {
    const alert = record.alert;
    if (alert === undefined || alert.attributionPending.length === 0) return;
    let update: DriftAlertState;
    if (now > alert.attributionUntil) {
      update = { ...alert, attributionPending: [], updatedAt: now };
    } else {
      const found = await this.attribute(record, record.baselineAt, now, alert.attributionPending);
      if (found.length === 0) return;
      update = {
        ...alert,
        attribution: [...alert.attribution, ...found],
        attributionPending: alert.attributionPending.filter((section) => !found.some((f) => f.section === section)),
        updatedAt: now,
      };
    }
    try {
      const stored = await this.options.store.replace({ ...record, alert: update }, record.rev);
      await this.showAlert(stored, 'open');
    } catch (error) {
      if (!(error instanceof DriftRecordConflictError)) throw error;
    }
  }

  private async attribute(
    ref: VoiceConnectorRef,
    from: number,
    to: number,
    sections: readonly DriftSection[],
  ): Promise<DriftAlertState['attribution']> {
    if (this.options.attributions === undefined) return [];
    try {
      return await this.options.attributions.lookup(
        { voiceConnectorId: ref.voiceConnectorId, region: ref.region },
        { from, to, sections },
      );
    } catch (error) {
      // CloudTrail unavailable or refusing: the alert says "not known yet", and later checks ask again.
      this.options.logger.warn(
        { err: error, voiceConnectorId: ref.voiceConnectorId },
        'CloudTrail could not be asked who changed a connector',
      );
      return [];
    }
  }

  /** The connector matches its baseline again: the alert is closed, audited. */
  private async closeResolved(record: DriftRecord): Promise<void> {
    const alert = record.alert as DriftAlertState;
    const { alert: _closed, ...rest } = record;
    try {
      await this.options.store.replace(rest, record.rev);
    } catch (error) {
      if (error instanceof DriftRecordConflictError) return;
      throw error;
    }
    await this.options.auditLog.append(
      this.options.baselines.systemEntry(record, {
        action: 'drift.close',
        outcome: 'resolved',
        before: alert.observed as unknown as JsonValue,
        after: pickSections(record.baseline, alert.sections) as unknown as JsonValue,
        details: {
          sections: [...alert.sections],
          ...(alert.revert !== undefined ? { revertedBy: alert.revert.changeRequestIds } : {}),
        },
      }),
    );
    if (alert.message !== undefined) {
      await this.options.alerts.update(alert.message, this.view(record, alert, 'resolved'));
    }
  }

  private view(
    record: DriftRecord,
    alert: DriftAlertState,
    status: DriftAlertStatus,
    decidedBy?: string,
  ): DriftAlertView {
    return {
      ref: { voiceConnectorId: record.voiceConnectorId, region: record.region },
      status,
      sections: alert.sections,
      baseline: pickSections(record.baseline, alert.sections),
      observed: alert.observed,
      detectedAt: alert.detectedAt,
      attribution: alert.attribution,
      attributionPending: alert.attributionPending,
      attributionUntil: alert.attributionUntil,
      driftHash: alert.driftHash,
      ...(decidedBy !== undefined ? { decidedBy } : {}),
      ...(alert.revert !== undefined ? { revert: alert.revert } : {}),
    };
  }

  /** Posts the alert, or updates its message in place; records where a new one was posted. */
  private async showAlert(record: DriftRecord, status: DriftAlertStatus): Promise<void> {
    const alert = record.alert;
    if (alert === undefined) return;
    const view = this.view(record, alert, status);
    if (alert.message !== undefined) {
      await this.options.alerts.update(alert.message, view);
      return;
    }
    const message = await this.options.alerts.post(view);
    if (message === undefined) return;
    for (let current = record; ; ) {
      try {
        await this.options.store.replace({ ...current, alert: { ...(current.alert ?? alert), message } }, current.rev);
        return;
      } catch (error) {
        if (!(error instanceof DriftRecordConflictError)) throw error;
        const reread = await this.options.store.get(record);
        if (reread?.alert?.driftHash !== alert.driftHash || reread.alert.message !== undefined) return;
        current = reread;
      }
    }
  }

  /** The open drift of a connector, for the health card. */
  async openDrift(ref: VoiceConnectorRef): Promise<DriftAlertView | undefined> {
    const record = await this.options.store.get(ref);
    return record?.alert === undefined ? undefined : this.view(record, record.alert, 'open');
  }

  /** The alert of this version, or {@link StaleDriftAlertError}. */
  private async openAlert(
    ref: VoiceConnectorRef,
    hash: string,
  ): Promise<{ record: DriftRecord; alert: DriftAlertState }> {
    const record = await this.options.store.get(ref);
    if (record?.alert === undefined || record.alert.driftHash !== hash) throw new StaleDriftAlertError();
    return { record, alert: record.alert };
  }

  /**
   * Accept as baseline (the caller has checked that the person is an approver): what the alert
   * showed becomes the baseline, audited, and the alert says who accepted it.
   */
  async accept(context: ActorContext, ref: VoiceConnectorRef, hash: string): Promise<void> {
    const { record, alert } = await this.openAlert(ref, hash);
    const { alert: _accepted, ...rest } = record;
    const accepted: DriftRecord = {
      ...rest,
      baseline: { ...record.baseline, ...alert.observed },
      baselineRev: record.baselineRev + 1,
      baselineAt: this.options.clock.now(),
      baselineSource: 'accept',
    };
    try {
      await this.options.store.replace(accepted, record.rev);
    } catch (error) {
      if (error instanceof DriftRecordConflictError) throw new StaleDriftAlertError();
      throw error;
    }
    await this.options.auditLog.append({
      ...auditActor(context),
      action: 'drift.accept',
      voiceConnectorId: ref.voiceConnectorId,
      region: ref.region,
      outcome: 'accepted',
      before: pickSections(record.baseline, alert.sections) as unknown as JsonValue,
      after: alert.observed as unknown as JsonValue,
      details: { sections: [...alert.sections] },
    });
    if (alert.message !== undefined) {
      await this.options.alerts.update(
        alert.message,
        this.view(record, alert, 'accepted', context.actorName ?? context.actor.userId),
      );
    }
  }

  /**
   * Revert to baseline: one change request per section that has a change kind, restoring the
   * baseline, approved like any other. For credentials only the usernames that were added can be
   * removed (a password cannot be put back); logging has no change kind. Audited once per click
   * that filed something; a second click finds the requests already open.
   */
  async revert(context: ActorContext, ref: VoiceConnectorRef, hash: string): Promise<RevertOutcome> {
    const { record, alert } = await this.openAlert(ref, hash);
    const outcome: RevertOutcome = { requests: [], notRevertible: [], failed: [] };
    for (const section of alert.sections) {
      const plan = await this.revertProposal(ref, record, section);
      if ('why' in plan) {
        outcome.notRevertible.push({ section, why: plan.why });
        continue;
      }
      try {
        const { request } = await this.options.changes.request(context, {
          ref,
          justification: `Revert the ${section} drift found ${new Date(alert.detectedAt).toISOString()} to the baseline`,
          beforeHash: plan.beforeHash,
          proposal: plan.proposal,
          submissionKey: `drift:${hash}:${section}`,
        });
        outcome.requests.push(request);
      } catch (error) {
        outcome.failed.push({ section, error });
      }
    }
    if (outcome.requests.length === 0) return outcome;
    const ids = outcome.requests.map((request) => request.id);
    const fresh = await this.options.store.get(ref);
    if (fresh?.alert?.driftHash === hash) {
      const revert = {
        requestedBy: context.actorName ?? context.actor.userId,
        changeRequestIds: ids,
        at: this.options.clock.now(),
      };
      const stored = await this.options.store
        .replace({ ...fresh, alert: { ...fresh.alert, revert } }, fresh.rev)
        .catch((error: unknown) => {
          if (error instanceof DriftRecordConflictError) return undefined;
          throw error;
        });
      if (stored !== undefined && fresh.alert.revert === undefined) {
        await this.options.auditLog.append({
          ...auditActor(context),
          action: 'drift.revert',
          voiceConnectorId: ref.voiceConnectorId,
          region: ref.region,
          outcome: 'pending',
          before: alert.observed as unknown as JsonValue,
          after: pickSections(record.baseline, alert.sections) as unknown as JsonValue,
          details: {
            sections: [...alert.sections],
            changeRequestIds: ids,
            ...(outcome.notRevertible.length > 0
              ? { notRevertible: outcome.notRevertible.map((item) => item.section) }
              : {}),
          },
        });
      }
      if (stored !== undefined) await this.showAlert(stored, 'open');
    }
    return outcome;
  }

  private async revertProposal(
    ref: VoiceConnectorRef,
    record: DriftRecord,
    section: DriftSection,
  ): Promise<{ proposal: ChangeData; beforeHash: string } | { why: string }> {
    if (section === 'logging') {
      return { why: 'Logging has no change kind yet: only Accept as baseline is possible.' };
    }
    const kind = this.options.changes.kind(section);
    let current: ChangeData;
    try {
      current = await kind.read(this.options.voiceConnectors, ref);
    } catch (error) {
      if (error instanceof ChimeError) return { why: error.message };
      throw error;
    }
    const beforeHash = kind.hash(current);
    if (section === 'credentials') {
      const now = (current as unknown as { credentials: { usernames: string[] } }).credentials.usernames;
      const added = now.filter((username) => !record.baseline.credentials.usernames.includes(username));
      if (added.length === 0) {
        return {
          why: 'Only usernames that were added can be removed: a removed username cannot be put back (its password is not known).',
        };
      }
      return { proposal: { kind: 'credentials', credentials: { usernames: [] }, removeUsernames: added }, beforeHash };
    }
    return { proposal: { kind: section, [section]: record.baseline[section] }, beforeHash };
  }
}
