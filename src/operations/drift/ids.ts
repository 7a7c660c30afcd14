/** The Slack ids of drift alerts. `registry.ts` checks them against every other operation's. */
export const DriftIds = {
  acceptAction: 'drift_accept',
  revertAction: 'drift_revert',
  actionsBlock: 'drift_actions',
} as const;
