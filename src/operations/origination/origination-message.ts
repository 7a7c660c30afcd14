import type { KnownBlock } from '@slack/types';
import { countOf, inlineCode } from '../../blocks/slack-formatting';
import { contextBlock, packLines, SlackLimit, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import type { Origination, OriginationRoute } from '../../chime/voice-connector';
import type { OriginationChange } from './origination-change';
import { diffOrigination } from './origination-diff';

/** The approval message's "Changes": routes added, removed and changed, field by field, and Disabled. */
export function originationDiffBlocks(before: OriginationChange, proposal: OriginationChange): KnownBlock[] {
  const diff = diffOrigination(before.origination, proposal.origination);
  const lines: string[] = [];
  if (diff.disabled) {
    lines.push(`🔌 *Disabled:* ${diff.disabled.from ? 'Yes' : 'No'} → *${diff.disabled.to ? 'Yes' : 'No'}*`);
  }
  for (const route of diff.added) lines.push(`➕ *Added* ${routeText(route)}`);
  for (const route of diff.removed) lines.push(`➖ *Removed* ${routeText(route)}`);
  for (const change of diff.changed) {
    const fields = change.fields.map((field) => `${field.field} ${field.from} → *${field.to}*`).join(', ');
    lines.push(`✏️ *Changed* ${inlineCode(change.host)}: ${fields}`);
  }
  if (diff.unchanged.length > 0) lines.push(`· Unchanged: ${countOf(diff.unchanged.length, 'route')}`);
  const { chunks, omitted } = packLines(['*Changes*', ...lines], {
    maxCharsPerChunk: SlackLimit.SectionText,
    maxChunks: 3,
    maxTotalChars: 6000,
  });
  const blocks: KnownBlock[] = chunks.map((chunk) => sectionBlock(chunk));
  if (omitted > 0) blocks.push(contextBlock([`… and ${omitted} more lines`]));
  return blocks;
}

/** What an applied origination change left on the connector. */
export function originationResultBlocks(after: Origination): KnownBlock[] {
  return [sectionBlock(truncateMrkdwn(`*Configuration now*\n${routeLines(after).join('\n')}`, 2500))];
}

function routeText(route: OriginationRoute): string {
  return `${inlineCode(`${route.host}:${route.port}`)} ${route.protocol} · priority ${route.priority} · weight ${route.weight}`;
}

function routeLines(origination: Origination): string[] {
  const lines = origination.routes.map((route) => `• ${routeText(route)}`);
  if (lines.length === 0) lines.push('_no routes_');
  lines.push(`Disabled: ${origination.disabled ? 'Yes' : 'No'}`);
  return lines;
}
