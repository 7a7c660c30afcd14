import { describe, expect, it } from 'vitest';
import { credentialsHash, diffCredentials } from '../../../src/operations/credentials/credentials-change';

describe('diffCredentials', () => {
  it('sorts the proposed usernames into added and replaced, and lists the ones left alone as kept', () => {
    // Act
    const diff = diffCredentials({ usernames: ['pbx-1', 'pbx-2', 'pbx-3'] }, { usernames: ['pbx-4', 'pbx-2'] });

    // Assess
    expect(diff).toEqual({ added: ['pbx-4'], replaced: ['pbx-2'], kept: ['pbx-1', 'pbx-3'] });
  });

  it('adds every username to a connector without credentials', () => {
    // Act
    const diff = diffCredentials({ usernames: [] }, { usernames: ['pbx-1', 'pbx-2'] });

    // Assess
    expect(diff).toEqual({ added: ['pbx-1', 'pbx-2'], replaced: [], kept: [] });
  });

  it('treats usernames as case-sensitive, as SIP digest authentication does', () => {
    // Act
    const diff = diffCredentials({ usernames: ['pbx-1'] }, { usernames: ['PBX-1'] });

    // Assess
    expect(diff).toEqual({ added: ['PBX-1'], replaced: [], kept: ['pbx-1'] });
  });
});

describe('credentialsHash', () => {
  it('does not depend on the order of the usernames', () => {
    // Act
    const hashes = [
      credentialsHash({ usernames: ['pbx-1', 'pbx-2'] }),
      credentialsHash({ usernames: ['pbx-2', 'pbx-1'] }),
    ];

    // Assess
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('changes when a username is added, removed or renamed', () => {
    // Prepare
    const current = credentialsHash({ usernames: ['pbx-1', 'pbx-2'] });

    // Act
    const others = [
      credentialsHash({ usernames: ['pbx-1', 'pbx-2', 'pbx-3'] }),
      credentialsHash({ usernames: ['pbx-1'] }),
      credentialsHash({ usernames: ['pbx-1', 'PBX-2'] }),
      credentialsHash({ usernames: [] }),
    ];

    // Assess
    for (const other of others) expect(other).not.toBe(current);
  });
});
