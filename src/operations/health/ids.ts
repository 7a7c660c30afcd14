/** The Slack ids of the health card. `registry.ts` checks them against every other operation's. */
export const HealthIds = {
  actionsBlock: 'health_actions',
} as const;
