import { randomUUID } from 'node:crypto';
import {
  type ChainHead,
  chainNameFor,
  connectorChainName,
  GENESIS_PREV_HASH,
  sealEntry,
  verifyChainRecords,
} from '../../src/audit/audit-chain';
import { type AuditEntry, type AuditEntryInput, AuditUnavailableError } from '../../src/audit/audit-entry';
import { auditQueryLimitSchema, parseAuditEntryInput } from '../../src/audit/audit-entry-validation';
import type { AuditLog, ChainVerification } from '../../src/audit/audit-log';

export interface InMemoryAuditLogOptions {
  /** Milliseconds since the epoch; structurally the project's `Clock` (`src/clock.ts`). */
  clock?: { now(): number };
  newId?: () => string;
}

/**
 * An in-memory {@link AuditLog} for narrow unit tests of the services that write the log: the
 * same validation (password-like keys refused), chains, hashes and verdicts as the DynamoDB
 * adapter, plus a switch that makes appends fail as an outage would.
 *
 * @example
 * const auditLog = new InMemoryAuditLog();
 * auditLog.failAppends({ after: 1 }); // the decision entry is written, the outcome entry is not
 * await expect(service.approve(request)).rejects.toThrow(AuditUnavailableError);
 * expect(auditLog.entries.map((entry) => entry.outcome)).toEqual(['approved']);
 */
export class InMemoryAuditLog implements AuditLog {
  private readonly chains = new Map<string, AuditEntry[]>();
  private readonly heads = new Map<string, ChainHead>();
  private readonly appended: AuditEntry[] = [];
  private readonly clock: { now(): number };
  private readonly newId: () => string;
  private appendsBeforeFailure: number | undefined;

  constructor(options: InMemoryAuditLogOptions = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.newId = options.newId ?? randomUUID;
  }

  /** Every entry appended so far, in the order they were appended. */
  get entries(): readonly AuditEntry[] {
    return this.appended.map((entry) => structuredClone(entry));
  }

  /** From now on (after `after` more successful appends, default 0) `append` throws `AuditUnavailableError`. */
  failAppends(options: { after?: number } = {}): void {
    this.appendsBeforeFailure = options.after ?? 0;
  }

  /** Ends `failAppends`. */
  restoreAppends(): void {
    this.appendsBeforeFailure = undefined;
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const checked = parseAuditEntryInput(input);
    if (this.appendsBeforeFailure !== undefined) {
      if (this.appendsBeforeFailure <= 0) {
        throw new AuditUnavailableError('The audit log is unavailable', {
          cause: new Error('InMemoryAuditLog.failAppends is on'),
        });
      }
      this.appendsBeforeFailure -= 1;
    }
    const chain = chainNameFor(checked);
    const stored = this.chains.get(chain) ?? [];
    const previous = stored.at(-1);
    const entry = sealEntry(checked, {
      id: this.newId(),
      time: new Date(this.clock.now()).toISOString(),
      chain,
      seq: (previous?.seq ?? 0) + 1,
      prevHash: previous?.hash ?? GENESIS_PREV_HASH,
    });
    stored.push(entry);
    this.chains.set(chain, stored);
    this.heads.set(chain, { lastSeq: entry.seq, lastHash: entry.hash });
    this.appended.push(entry);
    return structuredClone(entry);
  }

  async recentForConnector(voiceConnectorId: string, limit: number): Promise<AuditEntry[]> {
    const chain = this.chains.get(connectorChainName(voiceConnectorId)) ?? [];
    return newestFirst(chain, limit);
  }

  async recentForTeam(teamId: string, limit: number): Promise<AuditEntry[]> {
    return newestFirst(
      this.appended.filter((entry) => entry.actorTeamId === teamId),
      limit,
    );
  }

  async recentForActor(userId: string, limit: number, voiceConnectorId?: string): Promise<AuditEntry[]> {
    return newestFirst(
      this.appended.filter(
        (entry) =>
          entry.actorUserId === userId &&
          (voiceConnectorId === undefined || entry.voiceConnectorId === voiceConnectorId),
      ),
      limit,
    );
  }

  async forChangeRequest(changeRequestId: string): Promise<AuditEntry[]> {
    return oldestFirst(this.appended.filter((entry) => entry.changeRequestId === changeRequestId));
  }

  async verifyConnector(voiceConnectorId: string): Promise<ChainVerification> {
    return this.verifyChain(connectorChainName(voiceConnectorId));
  }

  async verifyChain(chain: string): Promise<ChainVerification> {
    return verifyChainRecords(chain, this.chains.get(chain) ?? [], this.heads.get(chain));
  }
}

/** Index order breaks ties between entries of the same millisecond, as append order would. */
function oldestFirst(entries: readonly AuditEntry[]): AuditEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => compareText(a.entry.time, b.entry.time) || a.index - b.index)
    .map(({ entry }) => structuredClone(entry));
}

function newestFirst(entries: readonly AuditEntry[], limit: number): AuditEntry[] {
  return oldestFirst(entries).reverse().slice(0, auditQueryLimitSchema.parse(limit));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
