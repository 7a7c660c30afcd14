import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  App,
  type BlockAction,
  type BlockSuggestion,
  type ButtonAction,
  type Receiver,
  type SlashCommand,
  type ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { AccessPolicy } from '../../src/access/access-policy';
import { KeySealer } from '../../src/changes/secret-sealer';
import { type Config, loadConfig } from '../../src/config/config';
import type { ListenerDependencies } from '../../src/handlers/listener-dependencies';
import { registerListeners } from '../../src/handlers/register-listeners';
import { boltLogger, createLogger } from '../../src/logging/logger';
import { REGISTRY } from '../../src/operations/registry';
import { ConnectorCatalog } from '../../src/reads/connector-catalog';
import { slackLimitViolations } from './block-kit-limits';
import { APPROVER } from './change-fixtures';
import { RecordingJobQueue } from './recording-job-queue';
import { InMemorySlackDirectory } from './slack-directory-double';
import type { ModalBlockAction } from './slack-payloads';
import { SlackWebApiDouble } from './slack-web-api-double';
import { VoiceConnectorsDouble } from './voice-connectors-double';

/** Any payload the listener harness can deliver, as the factories of `slack-payloads.ts` build them. */
export type SlackRequestBody =
  | SlashCommand
  | BlockAction<ButtonAction>
  | ModalBlockAction
  | ViewSubmitAction
  | BlockSuggestion;

export interface ListenerHarnessOptions {
  /**
   * Variables for `loadConfig`, over the defaults: changes configured (`APPROVAL_CHANNEL`,
   * `APPROVERS` = {@link APPROVER}, `SEAL_KEY`). An empty string unsets one, as in an env file.
   */
  env?: Record<string, string>;
  directory?: InMemorySlackDirectory;
  voiceConnectors?: VoiceConnectorsDouble;
}

/**
 * Every listener of the bot, as `registerListeners` wires them, on a real Bolt `App` with no
 * server: a payload goes in through {@link ListenerHarness.send} (Bolt's `processEvent`, as a
 * receiver would call it), and what a person would see and what would be queued comes out: the
 * acknowledgement, the Web API calls and response_url posts (answered by
 * {@link SlackWebApiDouble} through Bolt's own WebClient), and the jobs (checked with `parseJob`).
 *
 * Dependencies are real where they are pure or in memory: the registry, `loadConfig`, the
 * access policy over an in-memory directory, the `SEAL_KEY` sealer, the connector catalog over
 * the voice connectors double.
 *
 * @example
 * const harness = createListenerHarness();
 * const ack = await harness.send(slashCommand({ text: 'termination abcdef1234567890abcdef' }));
 * expect(ack?.text).toContain('Looking up');
 * expect(harness.jobs.single('termination').ref.voiceConnectorId).toBe('abcdef1234567890abcdef');
 */
export class ListenerHarness {
  readonly app: App;
  readonly config: Config;
  readonly jobs: RecordingJobQueue;
  readonly slack: SlackWebApiDouble;
  readonly directory: InMemorySlackDirectory;
  readonly voiceConnectors: VoiceConnectorsDouble;
  /** The `SEAL_KEY` sealer the listeners seal with, `undefined` when `SEAL_KEY` is unset. */
  readonly sealer: KeySealer | undefined;
  /** What happened, in order: `ack`, `job:<kind>`, `api:<method>`, `respond`. */
  readonly timeline: string[] = [];
  /** Every log line, as JSON text. */
  readonly logLines: string[] = [];
  private readonly receiver = new InTestReceiver();

  constructor(options: ListenerHarnessOptions = {}) {
    this.config = loadConfig({
      SLACK_SIGNING_SECRET: 'listener-harness-signing-secret',
      SLACK_BOT_TOKEN: 'xoxb-listener-harness',
      AWS_REGION: 'us-east-1',
      APPROVAL_CHANNEL: 'C0APPROVALS',
      APPROVERS: APPROVER,
      SEAL_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
      ...options.env,
    });
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        this.logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger(this.config.logLevel, sink);
    this.jobs = new RecordingJobQueue(this.timeline);
    this.slack = new SlackWebApiDouble(this.timeline);
    this.directory = options.directory ?? new InMemorySlackDirectory();
    this.voiceConnectors = options.voiceConnectors ?? new VoiceConnectorsDouble();
    this.sealer = this.config.sealing?.kind === 'key' ? new KeySealer(this.config.sealing.key) : undefined;

    this.app = new App({
      authorize: async () => ({ botToken: 'xoxb-listener-harness' }),
      receiver: this.receiver,
      logger: boltLogger(logger),
      clientOptions: { slackApiUrl: this.slack.apiUrl, fetch: this.slack.fetch, retryConfig: { retries: 0 } },
      convoStore: false,
    });
    const deps: ListenerDependencies = {
      config: this.config,
      registry: REGISTRY,
      jobs: this.jobs,
      catalog: new ConnectorCatalog(this.voiceConnectors, logger),
      access: new AccessPolicy(this.config, this.directory, logger),
      sealer: this.sealer,
      logger,
    };
    registerListeners(this.app, deps);
  }

  /**
   * Delivers a payload as Slack would and resolves, once every listener has finished, with what
   * the acknowledgement carried (`undefined` for a bare `ack()`). Fails the test when no listener
   * acknowledged (Slack would show the person an error), when one acknowledged twice or threw,
   * or when anything the bot sent breaks a Block Kit limit.
   */
  async send(body: SlackRequestBody): Promise<Acknowledgement | undefined> {
    const errorsBefore = this.listenerErrors().length;
    const callsBefore = this.slack.calls.length;
    const postsBefore = this.slack.responseUrlPosts.length;
    const acks: unknown[] = [];
    await this.receiver.deliver({ ...body }, async (response) => {
      if (acks.length > 0) throw new Error('acknowledged twice');
      acks.push(response);
      this.timeline.push('ack');
    });

    const errors = this.listenerErrors().slice(errorsBefore);
    if (errors.length > 0) throw new Error(`a listener failed: ${errors.join('; ')}`);
    if (acks.length === 0) throw new Error(`nothing acknowledged ${JSON.stringify(body).slice(0, 300)}`);
    const ack = AcknowledgementSchema.optional().parse(acks[0]);

    const violations = [
      ...surfaceViolations('ack', ack),
      ...this.slack.calls.slice(callsBefore).flatMap((call) => surfaceViolations(call.method, call.args)),
      ...this.slack.responseUrlPosts.slice(postsBefore).flatMap((post) => surfaceViolations('respond', post.body)),
    ];
    if (violations.length > 0) throw new Error(`Slack would refuse what the bot sent:\n${violations.join('\n')}`);
    return ack;
  }

  /** The errors the listeners let through to `app.error` (which logs them), by their message. */
  listenerErrors(): string[] {
    return this.logLines.flatMap((line) => {
      const parsed = LogLineSchema.safeParse(JSON.parse(line));
      if (!parsed.success || parsed.data.message !== UNHANDLED_LISTENER_ERROR) return [];
      return [parsed.data.err?.message ?? 'an error without a message'];
    });
  }
}

/** The same as `new ListenerHarness(options)`. */
export function createListenerHarness(options: ListenerHarnessOptions = {}): ListenerHarness {
  return new ListenerHarness(options);
}

/**
 * Sends one payload to a new harness (built with `options`): what it acknowledged, and the harness
 * to look at what else happened.
 *
 * @example
 * const { harness, ack } = await sendToNewHarness(slashCommand({ text: 'health' }));
 */
export async function sendToNewHarness(
  body: SlackRequestBody,
  options: ListenerHarnessOptions = {},
): Promise<{ harness: ListenerHarness; ack: Acknowledgement | undefined }> {
  const harness = createListenerHarness(options);
  const ack = await harness.send(body);
  return { harness, ack };
}

/**
 * What a listener may acknowledge with: a command's ephemeral message, a view submission's
 * response action, a suggestion's options. Strict, so a misspelt key fails the test instead of
 * being ignored by Slack.
 */
const AcknowledgementSchema = z
  .object({
    response_type: z.enum(['ephemeral', 'in_channel']).optional(),
    text: z.string().optional(),
    blocks: z.array(z.record(z.string(), z.unknown())).optional(),
    response_action: z.enum(['errors', 'update', 'push', 'clear']).optional(),
    errors: z.record(z.string(), z.string()).optional(),
    view: z
      .custom<ModalView>((value) => typeof value === 'object' && value !== null && 'type' in value, 'expected a view')
      .optional(),
    options: z
      .array(
        z.object({ text: z.object({ type: z.literal('plain_text'), text: z.string() }).loose(), value: z.string() }),
      )
      .optional(),
  })
  .strict();
export type Acknowledgement = z.infer<typeof AcknowledgementSchema>;

/** What `registerListeners`' `app.error` hook logs. */
const UNHANDLED_LISTENER_ERROR = 'unhandled error in a Slack listener';

const LogLineSchema = z.object({
  message: z.string().optional(),
  err: z.object({ message: z.string() }).loose().optional(),
});

/**
 * The Block Kit limits (`block-kit-limits.ts`) of whatever carries a view or blocks: a modal in
 * `view`, a message with `blocks`.
 */
function surfaceViolations(
  where: string,
  surface: { view?: ModalView; blocks?: unknown[]; text?: string } | undefined,
): string[] {
  if (surface?.view !== undefined) {
    return slackLimitViolations(surface.view, 'modal').map((violation) => `${where} view: ${violation}`);
  }
  if (surface?.blocks !== undefined) {
    return slackLimitViolations(surface, 'message').map((violation) => `${where} message: ${violation}`);
  }
  return [];
}

/**
 * A receiver that does transport only, with no transport: it hands each body to Bolt as the HTTP
 * receiver would after checking the signature, with the given `ack`.
 */
class InTestReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async deliver(body: Record<string, unknown>, ack: (response?: unknown) => Promise<void>): Promise<void> {
    if (this.app === undefined) throw new Error('the receiver has no app');
    await this.app.processEvent({ body, ack });
  }
}
