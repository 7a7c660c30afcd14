import type { KnownBlock } from '@slack/types';
import type { AuditEntry, AuditOutcome } from '../../audit/audit-entry';
import { inlineCode, userMention, utcFallback } from '../../blocks/slack-formatting';
import {
  characterCount,
  contextBlock,
  escapeMrkdwn,
  headerBlock,
  packLines,
  SlackLimit,
  sectionBlock,
  truncate,
  truncateMrkdwn,
} from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { ChimeRegion } from '../../chime/regions';

/** Whose entries are listed: one connector, a whole workspace, or one person (optionally on one connector). */
export type AuditListScope =
  | { kind: 'connector'; voiceConnectorId: string; region?: ChimeRegion }
  | { kind: 'workspace' }
  | { kind: 'actor'; userId: string; voiceConnectorId?: string };

export interface AuditListModel {
  scope: AuditListScope;
  /** As the audit log returns them; shown newest first whatever their order. */
  entries: readonly AuditEntry[];
  /** Slack user id of the person who asked, for lists shared in a channel. */
  requestedBy?: string;
}

/** The most entries one list shows: 50 compact lines fit Slack's text budget with room for their reasons. */
export const AUDIT_LIST_MAX_ENTRIES = 50;

export const OUTCOME_EMOJI: Record<AuditOutcome, string> = {
  ok: '✅',
  denied: '⛔',
  invalid: '⚠️',
  failed: '❌',
  pending: '⏳',
  approved: '👍',
  rejected: '🚫',
  cancelled: '✖️',
  expired: '⌛',
  stale: '💤',
  applied: '🚀',
  detected: '🔎',
  accepted: '📌',
  resolved: '✔️',
};

/** What the entry lines may take in total, leaving room for the header, context and notes. */
const ENTRY_TEXT_BUDGET = SlackLimit.MessageTotalText - 600;
const REASON_MAX = 300;
/** Below this a reason says nothing useful; the entry shows without it. */
const REASON_MIN = 8;
const REASON_SEPARATOR = ' · ';
/** Sections of entry lines: the message's 50 blocks less the header, context and a note. */
const MAX_ENTRY_SECTIONS = SlackLimit.MessageBlocks - 4;

/**
 * The answer to `/chime audit`: one compact line per entry (time, actor, action, connector, outcome,
 * change request, reason or error), newest first, at most 50, within Slack's limits.
 *
 * @example
 * auditListMessage({ scope: { kind: 'connector', voiceConnectorId: 'abcdef1234567890abcdef' }, entries });
 */
export function auditListMessage(model: AuditListModel): SlackMessage {
  const newestFirst = [...model.entries].sort((a, b) => b.time.localeCompare(a.time));
  const shown = newestFirst.slice(0, AUDIT_LIST_MAX_ENTRIES);
  const showConnector = model.scope.kind !== 'connector';
  const lines = entryLines(shown, showConnector);
  const packed = packLines(lines, {
    maxCharsPerChunk: SlackLimit.SectionText,
    maxChunks: MAX_ENTRY_SECTIONS,
    maxTotalChars: ENTRY_TEXT_BUDGET,
  });
  const notShown = packed.omitted + (newestFirst.length - shown.length);

  const blocks: KnownBlock[] = [headerBlock(scopeTitle(model.scope)), contextBlock([scopeContext(model)])];
  if (shown.length === 0) {
    blocks.push(sectionBlock('_No audit entries yet._'));
  } else {
    blocks.push(...packed.chunks.map((chunk) => sectionBlock(chunk)));
  }
  if (notShown > 0) blocks.push(contextBlock([`… and ${notShown} more not shown`]));

  const text = `${scopeTitle(model.scope)}: ${shown.length === 0 ? 'no entries yet' : `${shown.length} most recent entries, newest first`}`;
  return composeMessage(text, blocks);
}

function scopeTitle(scope: AuditListScope): string {
  switch (scope.kind) {
    case 'connector':
      return `Audit log · ${scope.voiceConnectorId}`;
    case 'workspace':
      return 'Audit log · this workspace';
    case 'actor':
      return `Audit log · one person${scope.voiceConnectorId ? ` on ${scope.voiceConnectorId}` : ''}`;
  }
}

function scopeContext({ scope, requestedBy }: AuditListModel): string {
  const parts: string[] = [];
  switch (scope.kind) {
    case 'connector':
      parts.push(`Voice connector ${inlineCode(scope.voiceConnectorId)}`);
      if (scope.region) parts.push(`Region ${inlineCode(scope.region)}`);
      break;
    case 'workspace':
      parts.push('Every connector and workspace-wide action');
      break;
    case 'actor':
      parts.push(`Actions by ${userMention(scope.userId)}`);
      if (scope.voiceConnectorId) parts.push(`on voice connector ${inlineCode(scope.voiceConnectorId)}`);
      break;
  }
  parts.push('newest first');
  if (requestedBy !== undefined) parts.push(`Requested by ${userMention(requestedBy)}`);
  return parts.join(' · ');
}

/**
 * One line per entry. The fixed part (time, actor, action, outcome, ids) always shows; what is left of
 * the text budget is shared out among the reasons and errors, so 50 entries still show each reason's start.
 */
function entryLines(entries: readonly AuditEntry[], showConnector: boolean): string[] {
  const fixedParts = entries.map((entry) => entryFixedPart(entry, showConnector));
  const whys = entries.map(entryWhy);
  const fixedTotal = fixedParts.reduce((sum, part) => sum + characterCount(part) + 1, 0);
  const withWhy = whys.filter((why) => why !== '').length;
  const room =
    withWhy === 0
      ? 0
      : Math.min(REASON_MAX, Math.floor((ENTRY_TEXT_BUDGET - fixedTotal) / withWhy) - REASON_SEPARATOR.length);
  return entries.map((_, index) => {
    const fixed = fixedParts[index] ?? '';
    const why = whys[index] ?? '';
    if (why === '' || room < REASON_MIN) return fixed;
    return `${fixed}${REASON_SEPARATOR}${truncateMrkdwn(escapeMrkdwn(why), room)}`;
  });
}

function entryFixedPart(entry: AuditEntry, showConnector: boolean): string {
  return [
    `${OUTCOME_EMOJI[entry.outcome] ?? '•'} ${entryTime(entry.time)}`,
    userMention(entry.actorUserId),
    `*${escapeMrkdwn(entry.action)}* ${escapeMrkdwn(entry.outcome)}`,
    ...(showConnector && entry.voiceConnectorId ? [inlineCode(shortId(entry.voiceConnectorId))] : []),
    ...(entry.changeRequestId ? [`change ${inlineCode(shortId(entry.changeRequestId))}`] : []),
  ].join(' · ');
}

/** The reason and the AWS error, on one line. */
function entryWhy(entry: AuditEntry): string {
  const error = [entry.errorName, entry.errorMessage].filter(Boolean).join(': ');
  return [entry.reason, error]
    .filter((part): part is string => Boolean(part?.trim()))
    .join('; ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Each reader's own time zone; the fallback is UTC. An unreadable time is shown as it is. */
function entryTime(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return escapeMrkdwn(time);
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short} {time}|${utcFallback(date)}>`;
}

/** Enough of an id to tell entries apart in a list; the full id is in the export. */
function shortId(id: string): string {
  return truncate(id, 9);
}
