import { z } from 'zod';
import type { JsonValue } from '../../audit/audit-entry';
import type { ChangeKind } from '../../changes/change-kind';
import type { Risk } from '../../changes/change-risk';
import { canonicalHash } from '../../changes/snapshot';
import { ChimeError } from '../../chime/chime-errors';
import { TerminationCredentialSchema } from '../../chime/voice-connector';
import { deleteTerminationCredentials } from './delete-credentials';

const UsernamesSchema = z.object({ usernames: z.array(z.string()) });

/** What a credentials change keeps of the connector: its usernames (passwords cannot be read back). */
export const CredentialsChangeSchema = z.object({ kind: z.literal('credentials'), credentials: UsernamesSchema });
export type CredentialsChange = z.infer<typeof CredentialsChangeSchema>;

/**
 * What a credentials change proposes: the usernames it sets (added, or given a new password; their
 * passwords are the sealed secrets) and the usernames it removes. A request of the version before
 * removal has no `removeUsernames`.
 */
export const CredentialsProposalSchema = CredentialsChangeSchema.extend({
  removeUsernames: z.array(z.string()).max(100).optional(),
});
export type CredentialsProposal = z.infer<typeof CredentialsProposalSchema>;
/** The usernames the connector has after the apply. */
export type CredentialsAfter = z.infer<typeof UsernamesSchema>;

/**
 * Termination credentials as a change kind: PutVoiceConnectorTerminationCredentials adds new
 * usernames and gives existing ones a new password, then DeleteVoiceConnectorTerminationCredentials
 * removes the usernames the request removes, each exactly once, in that order (a rotation adds the
 * new username before the old one goes). The passwords are the kind's secrets: sealed in the
 * listener, unsealed only for the Put.
 */
export const credentialsChange: ChangeKind<CredentialsChange, CredentialsProposal, CredentialsAfter> = {
  name: 'credentials',
  noun: 'credentials',
  chimeActions: [
    'ListVoiceConnectorTerminationCredentials',
    'PutVoiceConnectorTerminationCredentials',
    'DeleteVoiceConnectorTerminationCredentials',
  ],
  readAction: 'read.credentials',
  schemas: { snapshot: CredentialsChangeSchema, proposal: CredentialsProposalSchema, after: UsernamesSchema },
  secrets: {
    schema: z.array(TerminationCredentialSchema).min(1),
    noun: 'passwords',
    neededFor: (proposal) => CredentialsProposalSchema.parse(proposal).credentials.usernames.length > 0,
  },

  async read(voiceConnectors, ref) {
    return {
      kind: 'credentials',
      credentials: { usernames: await voiceConnectors.listTerminationCredentialUsernames(ref) },
    };
  },
  hash: (snapshot) => credentialsHash(snapshot.credentials),
  // A password cannot be compared: setting any username changes something. Removing one that does
  // not exist (only a forged form would) changes nothing.
  nothingToChange(before, proposal) {
    const unknown = (proposal.removeUsernames ?? []).filter((name) => !before.credentials.usernames.includes(name));
    if (unknown.length > 0) return `Nothing to change: ${unknown.join(', ')} is not a username of this connector.`;
    if (proposal.credentials.usernames.length === 0 && (proposal.removeUsernames ?? []).length === 0) {
      return 'Nothing to change: no username to set or remove.';
    }
    return undefined;
  },
  async apply(voiceConnectors, ref, { proposal, secrets }) {
    const set = proposal.credentials.usernames;
    const remove = proposal.removeUsernames ?? [];
    if (set.length > 0) {
      await voiceConnectors.putTerminationCredentials(ref, z.array(TerminationCredentialSchema).parse(secrets));
    }
    if (remove.length > 0) {
      try {
        await deleteTerminationCredentials(voiceConnectors, ref, remove);
      } catch (error) {
        // The Put landed: say so, whatever the Delete did (an unclear answer is re-read by the engine).
        if (set.length > 0 && error instanceof ChimeError) {
          error.message = `${set.join(', ')} ${set.length === 1 ? 'was' : 'were'} set, but removing ${remove.join(', ')} failed: ${error.message}`;
        }
        throw error;
      }
    }
    // What the connector has now, for the message and the audit log (usernames only; best effort).
    const usernames = await voiceConnectors.listTerminationCredentialUsernames(ref).catch(() => undefined);
    return usernames === undefined ? undefined : { usernames };
  },
  appliedIn(current, before, proposal) {
    // Passwords cannot be read back: only brand-new usernames prove a Put landed; removed ones must be gone.
    const diff = diffCredentials(before.credentials, proposal.credentials);
    const now = current.credentials.usernames;
    return (
      diff.replaced.length === 0 &&
      diff.added.every((username) => now.includes(username)) &&
      (proposal.removeUsernames ?? []).every((username) => !now.includes(username))
    );
  },
  async assessRisks(_voiceConnectors, _ref, before, proposal) {
    return credentialsRisks(before, proposal);
  },

  auditSnapshot: (snapshot) => ({ usernames: snapshot.credentials.usernames }),
  auditProposal,
  auditOutcome: (before, proposal, after) =>
    after === undefined
      ? auditProposal(before, proposal)
      : { ...(auditProposal(before, proposal) as { [key: string]: JsonValue }), usernamesNow: after.usernames },
};

/** The usernames' hash: their order carries no meaning. */
export function credentialsHash(snapshot: CredentialsAfter): string {
  return canonicalHash({ usernames: [...snapshot.usernames].sort() });
}

/** The proposal as the audit log keeps it: the usernames, which are added, replaced and removed. */
function auditProposal(before: CredentialsChange, proposal: CredentialsProposal): JsonValue {
  const diff = diffCredentials(before.credentials, proposal.credentials);
  const removed = proposal.removeUsernames ?? [];
  return {
    usernames: proposal.credentials.usernames,
    added: diff.added,
    replaced: diff.replaced,
    ...(removed.length > 0 ? { removed } : {}),
  };
}

/** The usernames the connector would have after the proposal. */
export function usernamesAfter(before: CredentialsChange, proposal: CredentialsProposal): string[] {
  const removed = new Set(proposal.removeUsernames ?? []);
  const all = [...before.credentials.usernames, ...proposal.credentials.usernames];
  return [...new Set(all)].filter((username) => !removed.has(username));
}

/** Removing every username leaves the PBX nothing to authenticate with (high). */
export function credentialsRisks(before: CredentialsChange, proposal: CredentialsProposal): Risk[] {
  if (before.credentials.usernames.length === 0 || usernamesAfter(before, proposal).length > 0) return [];
  return [
    {
      code: 'no-credentials',
      level: 'high',
      summary:
        'Every username would be removed: a PBX that authenticates with SIP credentials could no longer place calls.',
    },
  ];
}

export interface CredentialsDiff {
  /** Usernames that do not exist yet. */
  added: string[];
  /** Usernames that exist and get a new password. */
  replaced: string[];
  /** Usernames that exist and are left alone (Put adds and replaces; it removes nothing). */
  kept: string[];
}

export function diffCredentials(before: CredentialsAfter, proposal: CredentialsAfter): CredentialsDiff {
  const existing = new Set(before.usernames);
  const proposed = new Set(proposal.usernames);
  return {
    added: proposal.usernames.filter((username) => !existing.has(username)),
    replaced: proposal.usernames.filter((username) => existing.has(username)),
    kept: before.usernames.filter((username) => !proposed.has(username)),
  };
}
