import type { KnownBlock } from '@slack/types';
import { codeList } from '../../blocks/code-list';
import { countOf, inlineCode } from '../../blocks/slack-formatting';
import { contextBlock, sectionBlock, truncateMrkdwn } from '../../blocks/slack-limits';
import {
  type CredentialsAfter,
  type CredentialsChange,
  type CredentialsProposal,
  diffCredentials,
} from './credentials-change';

/** The approval message's "Changes": usernames added, passwords replaced. Never a password. */
export function credentialsDiffBlocks(before: CredentialsChange, proposal: CredentialsProposal): KnownBlock[] {
  const diff = diffCredentials(before.credentials, proposal.credentials);
  const removed = proposal.removeUsernames ?? [];
  const kept = diff.kept.filter((username) => !removed.includes(username));
  const lines = [
    diff.added.length > 0 ? `➕ *Usernames added:* ${diff.added.map(inlineCode).join(', ')}` : undefined,
    diff.replaced.length > 0 ? `🔁 *Passwords replaced:* ${diff.replaced.map(inlineCode).join(', ')}` : undefined,
    removed.length > 0 ? `➖ *Usernames removed:* ${removed.map(inlineCode).join(', ')}` : undefined,
    kept.length > 0 ? `· Unchanged: ${countOf(kept.length, 'username')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  return [
    sectionBlock(truncateMrkdwn(`*Changes*\n${lines.join('\n')}`, 2800)),
    contextBlock(['🔒 Passwords are encrypted until applied and never shown.']),
  ];
}

/** The usernames the connector has after an applied credentials change. */
export function credentialsResultBlocks(after: CredentialsAfter): KnownBlock[] {
  return [codeList('Usernames now', after.usernames, { noun: 'username' })];
}
