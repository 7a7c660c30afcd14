import {
  type ChimeError,
  type ChimeErrorContext,
  type ChimeOperation,
  ChimeUnavailableError,
} from '../../src/chime/chime-errors';
import type { ChimeRegion } from '../../src/chime/regions';
import type {
  Origination,
  ProxySession,
  ProxySettings,
  Termination,
  TerminationCredential,
  VoiceConnectorRef,
  VoiceConnectorSummary,
} from '../../src/chime/voice-connector';
import type { ChimeCall, VoiceConnectors } from '../../src/chime/voice-connectors';

/** What the next Put does: fail before reaching Chime, or land and then fail (a 5xx after the write). */
export type PutFault = { error: ChimeError; landed: boolean };

/**
 * An in-memory {@link VoiceConnectors} for narrow tests of the change service: per-connector
 * origination and credentials, a record of every Put (the "wire"), faults for the next Put, and a
 * gate that holds Puts until a test releases them.
 *
 * @example
 * const chime = new VoiceConnectorsDouble().withOrigination(ref, { routes: [], disabled: true });
 * chime.failNextPut({ error: chime.unavailable('PutVoiceConnectorOrigination', ref), landed: true });
 */
export class VoiceConnectorsDouble implements VoiceConnectors {
  readonly originationPuts: { ref: VoiceConnectorRef; origination: Origination }[] = [];
  readonly credentialPuts: { ref: VoiceConnectorRef; credentials: TerminationCredential[] }[] = [];
  private readonly originations = new Map<string, Origination>();
  private readonly usernames = new Map<string, string[]>();
  private nextPutFault: PutFault | undefined;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  private putStarted: (() => void) | undefined;

  withOrigination(ref: VoiceConnectorRef, origination: Origination): this {
    this.originations.set(key(ref), structuredClone(origination));
    return this;
  }

  withUsernames(ref: VoiceConnectorRef, usernames: string[]): this {
    this.usernames.set(key(ref), [...usernames]);
    return this;
  }

  /** Someone changes the connector behind the bot's back (the console, the CLI). */
  changeOriginationOutsideTheBot(ref: VoiceConnectorRef, origination: Origination): void {
    this.withOrigination(ref, origination);
  }

  failNextPut(fault: PutFault): void {
    this.nextPutFault = fault;
  }

  /** Holds every Put until {@link releasePuts}; resolves once the first held Put has started. */
  holdPuts(): Promise<void> {
    this.gate = new Promise((resolve) => {
      this.openGate = resolve;
    });
    return new Promise((resolve) => {
      this.putStarted = resolve;
    });
  }

  releasePuts(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  /**
   * The calls operations bring (`send`): answered by what {@link answer} set for the operation,
   * recorded in {@link sent}; an operation with no answer fails the test loudly.
   */
  readonly sent: { operation: ChimeOperation; input: unknown }[] = [];
  private readonly answers = new Map<ChimeOperation, (input: unknown) => unknown>();

  answer(operation: ChimeOperation, respond: (input: unknown) => unknown): this {
    this.answers.set(operation, respond);
    return this;
  }

  async send<Input extends object, Output>(call: ChimeCall<Input, Output>): Promise<Output | undefined> {
    const respond = this.answers.get(call.operation);
    if (respond === undefined) throw new Error(`VoiceConnectorsDouble has no answer for ${call.operation}`);
    this.sent.push({ operation: call.operation, input: structuredClone(call.input) });
    const answer = respond(call.input);
    return call.outputSchema === undefined ? undefined : call.outputSchema.parse(answer);
  }

  unavailable(operation: ChimeOperation, ref: VoiceConnectorRef): ChimeUnavailableError {
    return new ChimeUnavailableError(`Chime SDK Voice in ${ref.region} failed to handle ${operation}.`, {
      operation,
      region: ref.region,
      voiceConnectorId: ref.voiceConnectorId,
      awsErrorName: 'ServiceFailureException',
      awsMessage: 'Internal failure',
    } satisfies ChimeErrorContext);
  }

  async getOrigination(ref: VoiceConnectorRef): Promise<Origination> {
    return structuredClone(this.originations.get(key(ref)) ?? { routes: [], disabled: true });
  }

  async putOrigination(ref: VoiceConnectorRef, origination: Origination): Promise<Origination> {
    this.originationPuts.push({ ref, origination: structuredClone(origination) });
    await this.waitAtGate();
    const fault = this.takeFault();
    if (fault === undefined || fault.landed) this.originations.set(key(ref), structuredClone(origination));
    if (fault !== undefined) throw fault.error;
    return structuredClone(origination);
  }

  async listTerminationCredentialUsernames(ref: VoiceConnectorRef): Promise<string[]> {
    return [...(this.usernames.get(key(ref)) ?? [])];
  }

  async putTerminationCredentials(ref: VoiceConnectorRef, credentials: TerminationCredential[]): Promise<void> {
    this.credentialPuts.push({ ref, credentials: structuredClone(credentials) });
    await this.waitAtGate();
    const fault = this.takeFault();
    if (fault === undefined || fault.landed) {
      const existing = this.usernames.get(key(ref)) ?? [];
      const added = credentials.map((credential) => credential.username).filter((name) => !existing.includes(name));
      this.usernames.set(key(ref), [...existing, ...added]);
    }
    if (fault !== undefined) throw fault.error;
  }

  async getTermination(): Promise<Termination> {
    throw new Error('not used by the change service');
  }

  async getProxy(): Promise<ProxySettings> {
    throw new Error('not used by the change service');
  }

  async getProxySession(): Promise<ProxySession> {
    throw new Error('not used by the change service');
  }

  async listVoiceConnectors(_region: ChimeRegion): Promise<VoiceConnectorSummary[]> {
    throw new Error('not used by the change service');
  }

  private async waitAtGate(): Promise<void> {
    this.putStarted?.();
    this.putStarted = undefined;
    if (this.gate !== undefined) await this.gate;
  }

  private takeFault(): PutFault | undefined {
    const fault = this.nextPutFault;
    this.nextPutFault = undefined;
    return fault;
  }
}

function key(ref: VoiceConnectorRef): string {
  return `${ref.region}/${ref.voiceConnectorId}`;
}
