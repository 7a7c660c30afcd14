import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { AuditEntry } from '../../audit/audit-entry';
import { codeList } from '../../blocks/code-list';
import { connectorHeading, connectorLabel } from '../../blocks/connector-heading';
import { inlineCode, slackDate, userMention } from '../../blocks/slack-formatting';
import { escapeMrkdwn, plainText, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import type { ChangeRequest } from '../../changes/change-request';
import type { Origination, Termination, VoiceConnectorRef } from '../../chime/voice-connector';
import { CredentialsIds } from '../credentials/ids';
import type { LoggingState, TerminationHealthPing } from './health-calls';
import { HealthIds } from './ids';

/** One part of the card: what was read, or why it could not be (shown in its place). */
export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface HealthCardModel {
  ref: VoiceConnectorRef;
  now: number;
  /** A ping older than this is flagged. */
  staleAfterMs: number;
  ping: Part<TerminationHealthPing | undefined>;
  termination: Part<Termination>;
  origination: Part<Origination>;
  logging: Part<LoggingState>;
  usernames: Part<string[]>;
  openRequests: Part<ChangeRequest[]>;
  recentChanges: Part<AuditEntry[]>;
  /** The connector's open drift alert (changes made outside the bot); absent where drift detection does not run. */
  drift?: Part<OpenDrift | undefined>;
  /** Slack user id of the person who asked, for cards shared in a channel. */
  requestedBy?: string;
}

/**
 * `/chime health <id>`: what an incident needs at a glance. Is the PBX still reaching AWS (the
 * last SIP OPTIONS ping, its source and age)? Is termination on? Where do inbound calls go? Is
 * logging on? Which usernames exist? What is waiting, and what changed lately? Each part that
 * could not be read says so in its own place; the rest of the card still shows.
 *
 * @example
 * healthCard({ ref, now: Date.now(), staleAfterMs: 600_000, ping: { ok: true, value: { source: '203.0.113.10' } }, … });
 */
export function healthCard(model: HealthCardModel): SlackMessage {
  const blocks: KnownBlock[] = [
    ...connectorHeading({ title: 'Health', ref: model.ref, requestedBy: model.requestedBy }),
    sectionBlock(`*Last OPTIONS ping*\n${show(model.ping, (ping) => pingLine(ping, model.now, model.staleAfterMs))}`),
    sectionBlock(
      [
        `*Termination* ${show(model.termination, (termination) => (termination.disabled ? '🔴 disabled: outbound calls are refused' : '🟢 enabled'))}`,
        `*Logging* ${show(model.logging, (logging) => `SIP logs ${onOff(logging.sipLogs)} · media metric logs ${onOff(logging.mediaMetricLogs)}`)}`,
      ].join('\n'),
    ),
    sectionBlock(truncateMrkdwn(`*Origination routes*\n${show(model.origination, routeLines)}`, 2500)),
    model.usernames.ok
      ? codeList('Credential usernames', model.usernames.value, { noun: 'username' })
      : sectionBlock(`*Credential usernames*\n${failed(model.usernames.error)}`),
    sectionBlock(truncateMrkdwn(`*Open change requests*\n${show(model.openRequests, openLines)}`, 1500)),
    sectionBlock(truncateMrkdwn(`*Recent changes*\n${show(model.recentChanges, changeLines)}`, 2500)),
    ...(model.drift === undefined
      ? []
      : [sectionBlock(truncateMrkdwn(`*Drift*\n${show(model.drift, driftLine)}`, 1500))]),
  ];
  const actions = actionsFor(model);
  if (actions) blocks.push(actions);
  return composeMessage(`Health of voice connector ${connectorLabel(model.ref)}: ${fallback(model)}`, blocks);
}

/** What the health card shows of an open drift alert. */
export interface OpenDrift {
  sections: readonly string[];
  detectedAt: number;
  changedBy: readonly string[];
}

function driftLine(drift: OpenDrift | undefined): string {
  if (drift === undefined) return '🟢 Matches its baseline (what the bot last applied or accepted).';
  const who = drift.changedBy.length > 0 ? ` by ${drift.changedBy.map(escapeMrkdwn).join(', ')}` : '';
  return `⚠️ *Open:* ${escapeMrkdwn(drift.sections.join(', '))} changed outside the bot${who}, found ${slackDate(new Date(drift.detectedAt))}. The alert in the drift channel offers Revert and Accept.`;
}

/** "2 minutes ago", "3 hours ago", "just now". */
export function timeAgo(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    const count = Math.round(seconds / size);
    if (seconds >= size * 0.75 && count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/** The ping line shared with the termination card. */
export function pingLine(ping: TerminationHealthPing | undefined, now: number, staleAfterMs: number): string {
  const note = 'A PBX that does not send SIP OPTIONS shows no pings.';
  if (ping === undefined) return `⚪ No ping recorded. ${note}`;
  const from = ping.source ? ` from ${inlineCode(ping.source)}` : '';
  if (ping.timestamp === undefined) return `⚪ A ping${from}, time not given.`;
  const age = now - ping.timestamp.getTime();
  const when = `${slackDate(ping.timestamp)} (${timeAgo(ping.timestamp.getTime(), now)})`;
  return age > staleAfterMs
    ? `⚠️ *Stale:* the last ping was ${when}${from}, more than ${Math.round(staleAfterMs / 60_000)} minutes ago. Is the PBX still reaching AWS? ${note}`
    : `🟢 *Recent:* ${when}${from}`;
}

function show<T>(part: Part<T>, render: (value: T) => string): string {
  return part.ok ? render(part.value) : failed(part.error);
}

function failed(error: string): string {
  return `❌ _Could not be read:_ ${escapeMrkdwn(error)}`;
}

function onOff(on: boolean): string {
  return on ? '*on*' : 'off';
}

function routeLines(origination: Origination): string {
  const lines = origination.routes.map(
    (route) =>
      `• ${inlineCode(`${route.host}:${route.port}`)} ${route.protocol} · priority ${route.priority} · weight ${route.weight}`,
  );
  if (lines.length === 0) lines.push('_no routes_');
  if (origination.disabled) lines.unshift('🔴 Origination is disabled: inbound calls are refused.');
  return lines.join('\n');
}

function openLines(requests: ChangeRequest[]): string {
  if (requests.length === 0) return '_none_';
  return requests
    .map(
      (request) =>
        `• *${request.id}* ${escapeMrkdwn(request.kind)} by ${userMention(request.requesterId)} · ${request.status}`,
    )
    .join('\n');
}

function changeLines(entries: AuditEntry[]): string {
  if (entries.length === 0) return '_none recorded_';
  return entries
    .map((entry) => {
      const requester = typeof entry.details?.requesterId === 'string' ? entry.details.requesterId : undefined;
      const approver =
        typeof entry.details?.approverId === 'string' && entry.details.approverId
          ? entry.details.approverId
          : undefined;
      const who = requester
        ? ` by ${userMention(requester)}${approver ? `, approved by ${userMention(approver)}` : ''}`
        : '';
      const what = typeof entry.details?.kind === 'string' ? `${escapeMrkdwn(entry.details.kind)} change` : 'change';
      return `• ${slackDate(new Date(entry.time))} ${what} *${escapeMrkdwn(entry.changeRequestId ?? '')}* ${escapeMrkdwn(entry.outcome)}${who}`;
    })
    .join('\n');
}

function actionsFor(model: HealthCardModel): ActionsBlock | undefined {
  if (!model.usernames.ok) return undefined;
  return {
    type: 'actions',
    block_id: HealthIds.actionsBlock,
    elements: [
      {
        type: 'button',
        action_id: CredentialsIds.rotate,
        text: plainText('Rotate credentials'),
        value: `${model.ref.voiceConnectorId}|${model.ref.region}`,
      },
    ],
  };
}

function fallback(model: HealthCardModel): string {
  if (!model.ping.ok) return 'health ping unreadable';
  const ping = model.ping.value;
  if (ping?.timestamp === undefined) return 'no ping recorded';
  const stale = model.now - ping.timestamp.getTime() > model.staleAfterMs;
  return `last ping ${timeAgo(ping.timestamp.getTime(), model.now)}${ping.source ? ` from ${ping.source}` : ''}${stale ? ' (stale)' : ''}`;
}
