/** The Slack ids of the credentials form. `registry.ts` checks them against every other operation's. */
export const CredentialsIds = {
  callback: 'chime_credentials',
  username: 'credential_username',
  password: 'credential_password',
  addPair: 'credentials_add_pair',
  removePair: 'credentials_remove_pair',
  /** The block listing the usernames that exist now. */
  existing: 'credentials_existing',
  addBlock: 'credentials_add',
  /** The "Remove usernames" checkboxes (or multi-select, past ten usernames). */
  remove: 'credentials_remove',
  /** A guided rotation's step 1 (the health card, an applied credentials change) and step 2. */
  rotate: 'credentials_rotate',
  removeOld: 'credentials_remove_old',
  resultActions: 'credentials_result_actions',
  guidance: 'credentials_guidance',
} as const;

/** Per-row input blocks: `credential_<rowKey>_<field>`, and the row's header with its Remove button. */
export const credentialFieldBlock = (rowKey: string, field: 'username' | 'password') => `credential_${rowKey}_${field}`;
export const credentialActionsBlock = (rowKey: string) => `credential_${rowKey}_actions`;
