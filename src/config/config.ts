import { z } from 'zod';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import { type PrincipalList, parsePrincipalList } from './principals';

/**
 * The bot's configuration, read once at start from the environment and validated. A wrong or
 * missing value stops start-up with a {@link ConfigError} naming every offending variable.
 * The README's configuration table documents each variable; keep the two in step.
 */
export interface Config {
  slack: SlackConfig;
  /** HTTP port of `npm start` (Slack at `POST /slack/events`, health at `GET /healthz`). */
  port: number;
  logLevel: LogLevel;
  /** Default region for Chime calls when a command gives no `--region`. */
  awsRegion: ChimeRegion;
  auditTable: string;
  changesTable: string;
  /** Create missing tables at start (local and test use). */
  createTables: boolean;
  /** Channel where change requests are posted; changes are off without it. */
  approvalChannel?: string;
  /** Who may approve or reject; changes are off when empty. */
  approvers: PrincipalList;
  /** Who may request changes; `undefined` means anyone allowed to read. */
  requesters?: PrincipalList;
  /** Who may use the read and audit commands; `undefined` means anyone in an allowed workspace. */
  readers?: PrincipalList;
  /** Accepted workspace (team) IDs; `undefined` means any. */
  allowedTeams?: string[];
  /** Guest accounts (restricted users) are refused unless this is true. */
  allowGuests: boolean;
  /** How long a change request stays approvable. */
  approvalTtlMs: number;
  /** How pending credentials are encrypted at rest; credential changes are off without it. */
  sealing?: SealingConfig;
  /** On Lambda: the SQS queue the Slack function hands slow work to. */
  jobQueueUrl?: string;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export type SlackConfig = {
  apiUrl: string;
  command: string;
  /** Socket Mode app-level token, for a laptop against a real workspace. */
  appToken?: string;
} & (
  | { mode: 'workspace'; signingSecret: string; botToken: string }
  | { mode: 'parameters'; signingSecretParameter: string; botTokenParameter: string }
  | { mode: 'sandbox' }
);

export type SealingConfig = { kind: 'kms'; keyId: string } | { kind: 'key'; key: Buffer };

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanText = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''], { error: 'expected true or false' })
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value === 'true' || value === '1'));

const principals = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = parsePrincipalList(value);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.list;
  });

const EnvSchema = z.object({
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET_PARAMETER: optionalText,
  SLACK_BOT_TOKEN_PARAMETER: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((value) => value === undefined || value.startsWith('xapp-'), {
    message: 'expected an app-level token starting with xapp-',
  }),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://slack.com/api/' })
    .optional()
    .transform((value) => {
      const url = value ?? 'https://slack.com/api/';
      return url.endsWith('/') ? url : `${url}/`;
    }),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'expected a slash command such as /chime')
    .default('/chime'),
  PORT: z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected a whole number')
    .min(0, 'expected 0..65535')
    .max(65535, 'expected 0..65535')
    .default(3000),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
      error: 'expected one of trace, debug, info, warn, error, fatal, silent',
    })
    .default('info'),
  AWS_REGION: z
    .enum(CHIME_REGIONS, { error: `expected a Chime SDK Voice region: ${CHIME_REGIONS.join(', ')}` })
    .default('us-east-1'),
  AUDIT_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name')
    .default('chime-voice-ops-audit'),
  CHANGES_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name')
    .default('chime-voice-ops-changes'),
  DYNAMODB_CREATE_TABLES: booleanText(false),
  APPROVAL_CHANNEL: optionalText.refine((value) => value === undefined || /^[CG][A-Z0-9]{2,}$/.test(value), {
    message: 'expected a Slack channel ID such as C0123ABCD',
  }),
  APPROVERS: principals,
  REQUESTERS: principals,
  READERS: principals,
  ALLOWED_TEAMS: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return undefined;
      const teams = value
        .split(',')
        .map((team) => team.trim())
        .filter((team) => team !== '');
      const bad = teams.filter((team) => !/^[TE][A-Z0-9]{2,}$/.test(team));
      if (bad.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `expected workspace IDs such as T0123ABCD, got ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return teams;
    }),
  ALLOW_GUESTS: booleanText(false),
  APPROVAL_TTL_MINUTES: z.coerce
    .number({ error: 'expected a number of minutes' })
    .positive('expected a positive number of minutes')
    .max(7 * 24 * 60, 'expected at most a week (10080 minutes)')
    .default(60),
  KMS_KEY_ID: optionalText,
  SEAL_KEY: optionalText.transform((value, context) => {
    if (value === undefined) return undefined;
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32 || key.toString('base64') !== value.replace(/\s/g, '')) {
      context.addIssue({ code: 'custom', message: 'expected 32 random bytes in base64 (openssl rand -base64 32)' });
      return z.NEVER;
    }
    return key;
  }),
  JOB_QUEUE_URL: optionalText,
});

type Env = Record<string, string | undefined>;

/**
 * Parses the environment into a {@link Config}.
 *
 * @example
 * const config = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', APPROVERS: 'U0APPROVER,S0GROUP' });
 */
export function loadConfig(env: Env = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const problems: string[] = [];

  const slack = slackConfig(values, problems);

  if (values.KMS_KEY_ID !== undefined && values.SEAL_KEY !== undefined) {
    problems.push('KMS_KEY_ID and SEAL_KEY: set one of them, not both (KMS in AWS, SEAL_KEY elsewhere)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const sealing: SealingConfig | undefined =
    values.KMS_KEY_ID !== undefined
      ? { kind: 'kms', keyId: values.KMS_KEY_ID }
      : values.SEAL_KEY !== undefined
        ? { kind: 'key', key: values.SEAL_KEY }
        : undefined;

  return {
    slack,
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    awsRegion: values.AWS_REGION,
    auditTable: values.AUDIT_TABLE,
    changesTable: values.CHANGES_TABLE,
    createTables: values.DYNAMODB_CREATE_TABLES,
    approvalChannel: values.APPROVAL_CHANNEL,
    approvers: values.APPROVERS ?? { userIds: [], groupIds: [] },
    requesters: values.REQUESTERS,
    readers: values.READERS,
    allowedTeams: values.ALLOWED_TEAMS,
    allowGuests: values.ALLOW_GUESTS,
    approvalTtlMs: Math.round(values.APPROVAL_TTL_MINUTES * 60_000),
    sealing,
    jobQueueUrl: values.JOB_QUEUE_URL,
  };
}

function slackConfig(values: z.infer<typeof EnvSchema>, problems: string[]): SlackConfig {
  const common = { apiUrl: values.SLACK_API_URL, command: values.SLACK_COMMAND, appToken: values.SLACK_APP_TOKEN };
  const { SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: token } = values;
  const { SLACK_SIGNING_SECRET_PARAMETER: secretParameter, SLACK_BOT_TOKEN_PARAMETER: tokenParameter } = values;

  if (secret !== undefined || token !== undefined) {
    if (secret === undefined) problems.push('SLACK_SIGNING_SECRET: must be set because SLACK_BOT_TOKEN is set');
    if (token === undefined) problems.push('SLACK_BOT_TOKEN: must be set because SLACK_SIGNING_SECRET is set');
    if (token !== undefined && !/^xox[bp]-/.test(token)) {
      problems.push('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
    }
    if (secretParameter !== undefined || tokenParameter !== undefined) {
      problems.push(
        'SLACK_SIGNING_SECRET_PARAMETER/SLACK_BOT_TOKEN_PARAMETER: set either the secrets or their parameter names, not both',
      );
    }
    return { ...common, mode: 'workspace', signingSecret: secret ?? '', botToken: token ?? '' };
  }
  if (secretParameter !== undefined || tokenParameter !== undefined) {
    if (secretParameter === undefined) {
      problems.push('SLACK_SIGNING_SECRET_PARAMETER: must be set because SLACK_BOT_TOKEN_PARAMETER is set');
    }
    if (tokenParameter === undefined) {
      problems.push('SLACK_BOT_TOKEN_PARAMETER: must be set because SLACK_SIGNING_SECRET_PARAMETER is set');
    }
    return {
      ...common,
      mode: 'parameters',
      signingSecretParameter: secretParameter ?? '',
      botTokenParameter: tokenParameter ?? '',
    };
  }
  if (values.SLACK_APP_TOKEN !== undefined) {
    problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  }
  return { ...common, mode: 'sandbox' };
}

/** Whether change requests can be made at all, and if not, which variables are missing. */
export function missingChangeSettings(config: Pick<Config, 'approvalChannel' | 'approvers'>): string[] {
  const missing: string[] = [];
  if (config.approvalChannel === undefined) missing.push('APPROVAL_CHANNEL');
  if (config.approvers.userIds.length === 0 && config.approvers.groupIds.length === 0) missing.push('APPROVERS');
  return missing;
}
