/** The Home tab's ids (the registry refuses a clash with another operation's). */
export const HomeActionId = {
  /** A link button: acknowledged and ignored (Slack opens the URL). */
  OpenRequest: 'home_open_request',
} as const;
