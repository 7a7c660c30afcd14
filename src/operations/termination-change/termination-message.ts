import type { KnownBlock } from '@slack/types';
import { codeList } from '../../blocks/code-list';
import { inlineCode, NOT_SET } from '../../blocks/slack-formatting';
import { escapeMrkdwn, packLines, SlackLimit, sectionBlock } from '../../blocks/slack-limits';
import { describeCallingRegion } from './calling-regions';
import type { TerminationChange } from './termination-change';
import { diffTermination } from './termination-diff';
import type { TerminationSettings } from './termination-rules';

/** The approval message's "Changes": each field that changes, regions and blocks added and removed. */
export function terminationDiffBlocks(before: TerminationChange, proposal: TerminationChange): KnownBlock[] {
  const diff = diffTermination(before.termination, proposal.termination);
  const value = (text: string | number | undefined) => (text === undefined ? NOT_SET : escapeMrkdwn(String(text)));
  const lines: string[] = [];
  if (diff.disabled) {
    lines.push(`🔌 *Disabled:* ${diff.disabled.from ? 'Yes' : 'No'} → *${diff.disabled.to ? 'Yes' : 'No'}*`);
  }
  if (diff.cpsLimit) lines.push(`✏️ *CPS limit:* ${value(diff.cpsLimit.from)} → *${value(diff.cpsLimit.to)}*`);
  if (diff.defaultPhoneNumber) {
    lines.push(
      `✏️ *Default phone number:* ${value(diff.defaultPhoneNumber.from)} → *${value(diff.defaultPhoneNumber.to)}*`,
    );
  }
  for (const code of diff.regionsAdded)
    lines.push(`➕ *Calling region added* ${escapeMrkdwn(describeCallingRegion(code))}`);
  for (const code of diff.regionsRemoved) {
    lines.push(`➖ *Calling region removed* ${escapeMrkdwn(describeCallingRegion(code))}`);
  }
  for (const cidr of diff.cidrsAdded) lines.push(`➕ *Allowed* ${inlineCode(cidr)}`);
  for (const cidr of diff.cidrsRemoved) lines.push(`➖ *No longer allowed* ${inlineCode(cidr)}`);
  const { chunks } = packLines(['*Changes*', ...lines], {
    maxCharsPerChunk: SlackLimit.SectionText,
    maxChunks: 3,
    maxTotalChars: 6000,
  });
  return chunks.map((chunk) => sectionBlock(chunk));
}

/** What an applied termination change left on the connector. */
export function terminationResultBlocks(after: TerminationSettings): KnownBlock[] {
  return [
    sectionBlock(
      `*Termination now*\n${after.disabled ? 'Disabled' : 'Enabled'} · CPS limit ${after.cpsLimit ?? NOT_SET} · default number ${after.defaultPhoneNumber ? escapeMrkdwn(after.defaultPhoneNumber) : NOT_SET}`,
    ),
    codeList('Calling regions', after.callingRegions, { noun: 'region' }),
    codeList('Allowed CIDRs', after.cidrAllowedList, { noun: 'CIDR block' }),
  ];
}
