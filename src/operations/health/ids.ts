/** The Slack ids of the health card. `registry.ts` checks them against every other operation's. */
export const HealthIds = {
  actionsBlock: 'health_actions',
  /** Rotate credentials: opens the credentials form, to add a new username (then remove the old). */
  rotate: 'credentials_rotate',
} as const;
