/**
 * A local Amazon Chime SDK Voice for tests and the sandbox: the real SDK client and the AWS CLI work
 * against it (`AWS_ENDPOINT_URL_CHIME_SDK_VOICE=<url>`). Start it with {@link startChimeEmulator},
 * or from a shell with `npm run emulator -- --port 4010` at the project root.
 */
export {
  CHIME_EXCEPTION_NAMES,
  CHIME_EXCEPTIONS,
  type ChimeExceptionName,
  isChimeExceptionName,
} from './aws-exceptions';
export {
  type ChimeEmulator,
  type ChimeEmulatorOptions,
  type FaultOptions,
  type RawAnswer,
  type RecordedRequest,
  type SeedChoice,
  startChimeEmulator,
} from './chime-emulator';
export type { EmulatorSeed, SeedVoiceConnector } from './emulator-seed';
export type { StoredVoiceConnectorDescription } from './emulator-state';
export type { ModelValue, ShapeName } from './model-shapes';
export { EMULATED_OPERATIONS, type EmulatedOperation } from './routes';
export {
  DEFAULT_SEED,
  EMULATOR_PROXY_PHONE_NUMBER,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_BRANCH_OFFICES_REGION,
  SEED_CLOSED_PROXY_SESSION_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_CONTACT_CENTER_REGION,
  SEED_IN_PROGRESS_PROXY_SESSION_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_LONDON_TRADING_REGION,
  SEED_OPEN_PROXY_SESSION_ID,
} from './seed';
