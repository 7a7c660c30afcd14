import { z } from 'zod';
import type { JsonValue } from '../../audit/audit-entry';
import type { ChangeKind } from '../../changes/change-kind';
import { canonicalHash } from '../../changes/snapshot';
import { TerminationCredentialSchema } from '../../chime/voice-connector';

const UsernamesSchema = z.object({ usernames: z.array(z.string()) });

/** What a credentials change keeps of the connector (usernames only: passwords cannot be read back) and proposes. */
export const CredentialsChangeSchema = z.object({ kind: z.literal('credentials'), credentials: UsernamesSchema });
export type CredentialsChange = z.infer<typeof CredentialsChangeSchema>;
/** The usernames the connector has after the apply. */
export type CredentialsAfter = z.infer<typeof UsernamesSchema>;

/**
 * Termination credentials as a change kind: PutVoiceConnectorTerminationCredentials adds new
 * usernames and gives existing ones a new password; it removes nothing. The passwords are the
 * kind's secrets: sealed in the listener, unsealed only for the Put.
 */
export const credentialsChange: ChangeKind<CredentialsChange, CredentialsChange, CredentialsAfter> = {
  name: 'credentials',
  noun: 'credentials',
  readAction: 'read.credentials',
  schemas: { snapshot: CredentialsChangeSchema, proposal: CredentialsChangeSchema, after: UsernamesSchema },
  secrets: { schema: z.array(TerminationCredentialSchema).min(1), noun: 'passwords' },

  async read(voiceConnectors, ref) {
    return {
      kind: 'credentials',
      credentials: { usernames: await voiceConnectors.listTerminationCredentialUsernames(ref) },
    };
  },
  hash: (snapshot) => credentialsHash(snapshot.credentials),
  // A password cannot be compared: every credentials request changes something.
  nothingToChange: () => undefined,
  async apply(voiceConnectors, ref, { secrets }) {
    await voiceConnectors.putTerminationCredentials(ref, z.array(TerminationCredentialSchema).parse(secrets));
    // What the connector has now, for the message and the audit log (usernames only; best effort).
    const usernames = await voiceConnectors.listTerminationCredentialUsernames(ref).catch(() => undefined);
    return usernames === undefined ? undefined : { usernames };
  },
  appliedIn(current, before, proposal) {
    // Passwords cannot be read back: only brand-new usernames prove the Put landed.
    const diff = diffCredentials(before.credentials, proposal.credentials);
    return (
      diff.replaced.length === 0 && diff.added.every((username) => current.credentials.usernames.includes(username))
    );
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

/** The proposal as the audit log keeps it: the usernames, and which are added and which replaced. */
function auditProposal(before: CredentialsChange, proposal: CredentialsChange): JsonValue {
  const diff = diffCredentials(before.credentials, proposal.credentials);
  return { usernames: proposal.credentials.usernames, added: diff.added, replaced: diff.replaced };
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
