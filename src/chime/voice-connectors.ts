import type { ChimeRegion } from './regions';
import type {
  Origination,
  ProxySession,
  ProxySettings,
  Termination,
  TerminationCredential,
  VoiceConnectorRef,
  VoiceConnectorSummary,
} from './voice-connector';

/**
 * The port through which the bot talks to Amazon Chime SDK Voice. Every method throws a
 * {@link ChimeError} subclass (see `chime-errors.ts`) for an AWS failure, never a raw SDK error.
 *
 * @example
 * const termination = await voiceConnectors.getTermination({ voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' });
 */
export interface VoiceConnectors {
  getTermination(ref: VoiceConnectorRef): Promise<Termination>;
  getProxy(ref: VoiceConnectorRef): Promise<ProxySettings>;
  getProxySession(ref: VoiceConnectorRef, proxySessionId: string): Promise<ProxySession>;
  getOrigination(ref: VoiceConnectorRef): Promise<Origination>;
  /** Exactly one request on the wire: the SDK's retries are off for this call. */
  putOrigination(ref: VoiceConnectorRef, origination: Origination): Promise<Origination>;
  listTerminationCredentialUsernames(ref: VoiceConnectorRef): Promise<string[]>;
  /** Exactly one request on the wire: the SDK's retries are off for this call. */
  putTerminationCredentials(ref: VoiceConnectorRef, credentials: TerminationCredential[]): Promise<void>;
  /** Every connector in the region (all pages). */
  listVoiceConnectors(region: ChimeRegion): Promise<VoiceConnectorSummary[]>;
}
