import type { ChainBreak, ChainVerification } from '../../audit/audit-log';
import { countOf, inlineCode, userMention } from '../../blocks/slack-formatting';
import { contextBlock, sectionBlock } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { ChimeRegion } from '../../chime/regions';

export interface AuditVerificationModel {
  verification: ChainVerification;
  voiceConnectorId: string;
  region?: ChimeRegion;
  /** Slack user id of the person who asked, for results shared in a channel. */
  requestedBy?: string;
}

/**
 * The answer to `/chime audit verify`: "✅ intact (N entries)", or the first place where the
 * connector's hash chain breaks and what that means.
 *
 * @example
 * auditVerificationMessage({ voiceConnectorId: 'abcdef1234567890abcdef',
 *   verification: { chain: 'vc:abcdef1234567890abcdef', intact: true, entries: 12, summary: 'intact (12 entries)' } });
 */
export function auditVerificationMessage(model: AuditVerificationModel): SlackMessage {
  const { verification } = model;
  const checked = countOf(verification.entries, 'entry', 'entries');
  const verdict = verification.intact
    ? `✅ *Audit trail intact* (${checked})`
    : `🚨 *Audit trail broken:* ${verification.firstBreak ? breakDescription(verification.firstBreak) : 'the chain does not verify.'}`;
  const context = [
    `Voice connector ${inlineCode(model.voiceConnectorId)}`,
    ...(model.region ? [`Region ${inlineCode(model.region)}`] : []),
    `chain ${inlineCode(verification.chain)}`,
    ...(verification.intact ? [] : [`${checked} checked`]),
    ...(verification.vouchedBy
      ? [
          `entries up to #${verification.vouchedBy.seq} vouched for by signed checkpoint ${verification.vouchedBy.number} (${inlineCode(verification.vouchedBy.key)})`,
        ]
      : []),
    ...(model.requestedBy === undefined ? [] : [`Requested by ${userMention(model.requestedBy)}`]),
  ];
  const advice = verification.intact
    ? []
    : [
        sectionBlock(
          'Entries from that point on cannot be trusted until someone compares them with a backup of the audit table (point-in-time recovery).',
        ),
      ];
  const text = `Audit trail of voice connector ${model.voiceConnectorId}: ${verification.summary}`;
  return composeMessage(text, [sectionBlock(verdict), ...advice, contextBlock([context.join(' · ')])]);
}

function breakDescription(chainBreak: ChainBreak): string {
  switch (chainBreak.kind) {
    case 'modified':
      if (chainBreak.checkpoint) {
        return `entries #${chainBreak.seq}–#${chainBreak.checkpoint.seq} were rewritten: signed checkpoint ${chainBreak.checkpoint.number} (${inlineCode(chainBreak.checkpoint.key)}, ${chainBreak.checkpoint.time}) names another hash for #${chainBreak.checkpoint.seq}.`;
      }
      return `entry #${chainBreak.seq} (${inlineCode(chainBreak.entryId)}) was modified after it was written.`;
    case 'removed':
      return `entry #${chainBreak.seq} was removed.`;
    case 'inserted':
      return `an entry was inserted at #${chainBreak.seq}${chainBreak.entryId ? ` (${inlineCode(chainBreak.entryId)})` : ''}.`;
    case 'truncated':
      if (chainBreak.checkpoint) {
        return `the newest entries were removed: the chain ends at #${chainBreak.lastSeq}, but signed checkpoint ${chainBreak.checkpoint.number} (${inlineCode(chainBreak.checkpoint.key)}, ${chainBreak.checkpoint.time}) vouches for #${chainBreak.checkpoint.seq}.`;
      }
      // "Head": the head record of a chain the previous version wrote, or the chain's counter now.
      return `the newest entries were removed: the chain ends at #${chainBreak.lastSeq}, but its head records #${chainBreak.headSeq}.`;
  }
}
