import { describe, expect, it } from 'vitest';
import { SHARED_IDS } from '../../src/blocks/ids';
import { defineOperation } from '../../src/operations/operation';
import { createRegistry, OPERATIONS, REGISTRY } from '../../src/operations/registry';
import { termination } from '../../src/operations/termination';
import { MENU_OPERATIONS } from '../support/menu-submission';

describe('the registry', () => {
  it('lists every subcommand, menu entry, job kind and change kind of the operations, in order', () => {
    // Assess
    expect(REGISTRY.subcommands.map((spec) => spec.words.join(' '))).toEqual([
      'health',
      'termination',
      'proxy',
      'session',
      'origination',
      'change origination',
      'credentials',
      'change credentials',
      'change termination',
      'audit',
      'audit verify',
      'audit checkpoint',
      'policy',
    ]);
    expect(REGISTRY.menu.map((entry) => entry.value)).toEqual([...MENU_OPERATIONS]);
    expect([...REGISTRY.changeKinds.keys()]).toEqual(['origination', 'credentials', 'termination']);
    expect([...REGISTRY.jobs.keys()].sort()).toEqual(
      [
        'audit-checkpoint',
        'audit-list',
        'audit-verify',
        'decide',
        'drift-decision',
        'health',
        'home',
        'open-change',
        'proxy',
        'proxy-session',
        'record-refusal',
        'policy',
        'revert',
        'review-change',
        'review-risks',
        'submit-change',
        'termination',
      ].sort(),
    );
  });

  it('refuses two operations declaring the same action id', () => {
    // Prepare
    const clash = defineOperation({ name: 'clash', ids: { actionIds: [SHARED_IDS.actionIds[0] as string] } });

    // Act and assess
    expect(() => createRegistry([...OPERATIONS, clash])).toThrow(/both declare the actionIds/);
  });

  it('refuses two operations declaring the same subcommand or job kind', () => {
    // Prepare
    const again = defineOperation({ ...termination, name: 'termination-again' });

    // Act and assess
    expect(() => createRegistry([termination, again])).toThrow(/subcommand "termination"/);
    expect(() => createRegistry([termination, { name: 'jobs-again', jobs: termination.jobs }])).toThrow(
      /job kind "termination"/,
    );
  });

  it('answers for an unknown change kind or subcommand with an error naming it', () => {
    // Act and assess
    expect(() => REGISTRY.changeModule('routing')).toThrow(/"routing"/);
    expect(() => REGISTRY.subcommand('delete')).toThrow(/"delete"/);
  });
});
