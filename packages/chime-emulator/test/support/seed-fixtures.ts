import type { EmulatorPrincipal } from '../../src/principals';
import { EMULATOR_ACCOUNT_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '../../src/seed';
import { unchecked } from '../chime-test-client';

/** The seeded connector most tests work on: us-east-1, with termination, origination, a proxy and sessions. */
export const CONTACT_CENTER = SEED_CONTACT_CENTER_CONNECTOR_ID;

/** An access key the tests map to a named IAM user, {@link MALLORY}, so that the records name her. */
export const MALLORY_KEY = 'AKIAMALLORYEXAMPLE01';
export const MALLORY: EmulatorPrincipal = {
  arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/mallory`,
  userName: 'mallory',
  type: 'IAMUser',
};

/**
 * A request on {@link CONTACT_CENTER} with `members` as given, past the SDK's types (see `unchecked`):
 * the real client sends such values on, exactly as a buggy caller would.
 */
export function onContactCenter<T>(members: Record<string, unknown> = {}): T {
  return unchecked<T>({ VoiceConnectorId: CONTACT_CENTER, ...members });
}
