/** The Slack ids of the termination change form. `registry.ts` checks them against every other operation's. */
export const TerminationChangeIds = {
  callback: 'chime_termination_change',
  cpsLimit: 'termination_cps_limit',
  defaultPhoneNumber: 'termination_default_number',
  callingRegions: 'termination_calling_regions',
  cidrAllowedList: 'termination_cidrs',
  disabled: 'termination_disabled',
  /** The termination card's "Request a change" button, and its actions block. */
  requestChange: 'termination_request_change',
  requestBlock: 'termination_request',
} as const;
