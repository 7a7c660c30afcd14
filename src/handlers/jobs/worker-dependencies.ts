import type { WebClient } from '@slack/web-api';
import type { AccessPolicy } from '../../access/access-policy';
import type { AuditCheckpoints } from '../../audit/audit-checkpoints';
import type { AuditLog } from '../../audit/audit-log';
import type { ChangeEngine } from '../../changes/change-engine';
import type { VoiceConnectors } from '../../chime/voice-connectors';
import type { Clock } from '../../clock';
import type { Config } from '../../config/config';
import type { DriftMonitor } from '../../drift/drift-monitor';
import type { Logger } from '../../logging/logger';
import type { Registry } from '../../operations/registry';
import type { ConnectorCatalog } from '../../reads/connector-catalog';
import type { ConnectorReads } from '../../reads/connector-reads';
import type { SlackReplies } from '../../slack/slack-replies';

/** What the worker's job handlers need; built once by the composition root. */
export interface WorkerDependencies {
  config: Config;
  registry: Registry;
  logger: Logger;
  clock: Clock;
  access: AccessPolicy;
  auditLog: AuditLog;
  /** Signed checkpoints of the audit log, when configured. */
  checkpoints?: AuditCheckpoints;
  reads: ConnectorReads;
  /** For operations whose reads are audited as one (the health card), not one entry per call. */
  voiceConnectors: VoiceConnectors;
  /** The connector lists of every region: where a connector not found in one region is. */
  catalog?: ConnectorCatalog;
  changes: ChangeEngine;
  replies: SlackReplies;
  client: WebClient;
  /** Drift detection (accept, revert, the health card's open drift); absent where it does not run. */
  drift?: DriftMonitor;
}
