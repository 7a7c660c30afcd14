import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The hash change kinds give their snapshots: SHA-256 (hex) of the RFC 8785 serialisation, so
 * that equal settings hash equally whatever the order of their keys. A kind normalises first what
 * carries no meaning for Chime (the order of routes, the case of a host name).
 */
export function canonicalHash(value: unknown): string {
  return createHash('sha256')
    .update(canonicalize(value) ?? '', 'utf8')
    .digest('hex');
}
