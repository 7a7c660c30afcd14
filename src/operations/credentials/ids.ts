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
} as const;

/** Per-row input blocks: `credential_<rowKey>_<field>`, and the row's header with its Remove button. */
export const credentialFieldBlock = (rowKey: string, field: 'username' | 'password') => `credential_${rowKey}_${field}`;
export const credentialActionsBlock = (rowKey: string) => `credential_${rowKey}_actions`;
