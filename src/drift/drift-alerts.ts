import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { ConnectorSettings, DriftSection } from './connector-settings';
import type { Attribution } from './drift-store';

/** Where an alert stands: open, or closed by an approver's Accept or by the drift going away. */
export type DriftAlertStatus = 'open' | 'accepted' | 'resolved';

/**
 * Everything a drift alert shows, in domain terms (the Slack side renders it).
 *
 * @example
 * { ref, status: 'open', sections: ['termination'], baseline: { termination }, observed: { termination },
 *   detectedAt, attribution: [{ section: 'termination', principal: '…:user/mallory', client: 'cli', … }],
 *   attributionPending: [], attributionGaveUp: [], now }
 */
export interface DriftAlertView {
  ref: VoiceConnectorRef;
  status: DriftAlertStatus;
  sections: readonly DriftSection[];
  baseline: Partial<ConnectorSettings>;
  observed: Partial<ConnectorSettings>;
  detectedAt: number;
  attribution: readonly Attribution[];
  /** Sections CloudTrail has nothing for yet (checks keep asking until `attributionUntil`). */
  attributionPending: readonly DriftSection[];
  attributionUntil: number;
  /** The alert's identity, carried by its buttons: a click on an older version is refused. */
  driftHash: string;
  /** Who accepted it. */
  decidedBy?: string;
  revert?: { requestedBy: string; changeRequestIds: readonly string[] };
}

/**
 * The alert messages, in our own words: post one, update it in place. Implemented over Slack's
 * Web API (`src/operations/drift/slack-drift-alerts.ts`).
 */
export interface DriftAlerts {
  /** Posts a new alert; `undefined` when there is nowhere to post (no channel configured). */
  post(view: DriftAlertView): Promise<{ channelId: string; ts: string } | undefined>;
  update(message: { channelId: string; ts: string }, view: DriftAlertView): Promise<void>;
}
