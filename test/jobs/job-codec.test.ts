import { describe, expect, it } from 'vitest';
import { parseJob, upgradeLegacyJob } from '../../src/jobs/job-codec';
import { REGISTRY } from '../../src/operations/registry';
import { terminationJob } from '../support/jobs';

const COMMON = {
  actor: { userId: 'U0REQUESTER', teamId: 'T0SANDBOX', userName: 'alice' },
  channelId: 'C0OPS',
  reply: { kind: 'ephemeral', channelId: 'C0OPS' },
} as const;
const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;

describe('parseJob', () => {
  it('reads every job body the previous version queued', () => {
    // Prepare: one body of each kind, as the previous version's job schema wrote them.
    const previous = [
      { kind: 'read', operation: 'termination', ref: REF, share: true, ...COMMON },
      { kind: 'read', operation: 'proxy', ref: REF, share: false, ...COMMON },
      { kind: 'read', operation: 'proxy-session', ref: REF, proxySessionId: 'ps-1', share: false, ...COMMON },
      {
        kind: 'audit-list',
        voiceConnectorId: REF.voiceConnectorId,
        userFilter: 'U0ALICE',
        limit: 5,
        share: false,
        ...COMMON,
      },
      { kind: 'audit-verify', voiceConnectorId: REF.voiceConnectorId, ...COMMON },
      {
        kind: 'record-refusal',
        action: 'command',
        outcome: 'invalid',
        reason: 'termination: bad-connector-id',
        ...COMMON,
      },
      { kind: 'open-change', change: 'credentials', ref: REF, ...COMMON },
      {
        kind: 'submit-change',
        ref: REF,
        justification: 'j',
        beforeHash: 'a'.repeat(64),
        proposal: { kind: 'origination', origination: { routes: [], disabled: true } },
        revertOf: 'CR-ABCDEFGH',
        ...COMMON,
      },
      {
        kind: 'submit-change',
        ref: REF,
        justification: 'j',
        beforeHash: 'a'.repeat(64),
        proposal: { kind: 'credentials', usernames: ['pbx-1'], sealed: 'v1.iv.tag.ciphertext' },
        ...COMMON,
      },
      { kind: 'decide', decision: 'approve', changeRequestId: 'CR-ABCDEFGH', interactionId: '1.2', ...COMMON },
      { kind: 'revert', changeRequestId: 'CR-ABCDEFGH', ...COMMON },
    ];

    // Act
    const parsed = previous.map((body) => parseJob(body));

    // Assess
    expect(parsed.map((job) => job.kind)).toEqual([
      'termination',
      'proxy',
      'proxy-session',
      'audit-list',
      'audit-verify',
      'record-refusal',
      'open-change',
      'submit-change',
      'submit-change',
      'decide',
      'revert',
    ]);
    expect(parsed[0]).toEqual({ kind: 'termination', ref: REF, share: true, ...COMMON });
    expect(parsed[2]).toMatchObject({ kind: 'proxy-session', proxySessionId: 'ps-1' });
    expect(parsed[8]).toMatchObject({
      proposal: { kind: 'credentials', credentials: { usernames: ['pbx-1'] } },
      sealedSecrets: 'v1.iv.tag.ciphertext',
    });
  });

  it('reads a policy job queued before it carried a region, and one that does', () => {
    // Prepare: the body the previous version queued for `/chime policy <id>`, and today's.
    const before = { kind: 'policy', voiceConnectorId: REF.voiceConnectorId, share: false, ...COMMON };
    const now = { ...before, region: 'eu-west-2' };

    // Act
    const parsed = [parseJob(before), parseJob(now)];

    // Assess
    expect(parsed[0]).toEqual(before);
    expect(parsed[1]).toEqual(now);
  });

  it('refuses a job no operation declares, and one whose members are wrong', () => {
    // Act and assess
    expect(() => parseJob({ kind: 'delete-everything', ...COMMON })).toThrow();
    expect(() => parseJob({ ...terminationJob(), ref: { voiceConnectorId: 'x', region: 'mars-1' } })).toThrow();
    expect(() => parseJob(null)).toThrow();
  });

  it('leaves a current job as it is', () => {
    // Prepare
    const job = terminationJob();

    // Act and assess
    expect(upgradeLegacyJob(job)).toBe(job);
    expect(parseJob(job)).toEqual(job);
  });

  it('knows a handler for every job kind of the registry, and no kind twice', () => {
    // Assess
    const kinds = REGISTRY.operations.flatMap((operation) => operation.jobs ?? []).map((job) => job.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(REGISTRY.jobs.get(kind)?.run).toBeTypeOf('function');
  });
});
