import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Origination, OriginationRoute } from '../chime/voice-connector';
import type { CredentialsSnapshot } from './change-request';

/**
 * Snapshots of what a change replaces, compared by hash: the stale check before an apply, the
 * "form opened from" check at submission, and "nothing to change". Route order carries no
 * meaning for Chime (priority and weight do), so routes are sorted before hashing; hosts are
 * compared case-insensitively, as DNS names are.
 */
export function normaliseOrigination(origination: Origination): Origination {
  const routes = origination.routes
    .map((route) => ({ ...route, host: route.host.trim().toLowerCase() }))
    .sort(compareRoutes);
  return { routes, disabled: origination.disabled };
}

function compareRoutes(a: OriginationRoute, b: OriginationRoute): number {
  return (
    a.priority - b.priority ||
    a.weight - b.weight ||
    a.host.localeCompare(b.host) ||
    a.port - b.port ||
    a.protocol.localeCompare(b.protocol)
  );
}

export function originationHash(origination: Origination): string {
  return sha256(canonicalize(normaliseOrigination(origination)) ?? '');
}

export function credentialsHash(snapshot: CredentialsSnapshot): string {
  return sha256(canonicalize({ usernames: [...snapshot.usernames].sort() }) ?? '');
}

export function sameOrigination(a: Origination, b: Origination): boolean {
  return originationHash(a) === originationHash(b);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
