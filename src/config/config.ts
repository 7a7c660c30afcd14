import { z } from 'zod';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import type { ApprovalPolicy } from '../policy/approval-policy';
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
  /** The audit log's counters (one per chain); default `<AUDIT_TABLE>-sequence`. */
  auditSequenceTable: string;
  /** Where signed checkpoints of the audit log go; none are written without it. */
  auditCheckpoints?: AuditCheckpointConfig;
  /** How often a checkpoint is written (`AUDIT_CHECKPOINT_MINUTES`). */
  auditCheckpointIntervalMs: number;
  /** The SQS FIFO queue every audit entry is also sent to, as an OCSF record. */
  auditStreamQueueUrl?: string;
  /** S3 addressed path-style (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL` set: a local stand-in). */
  s3ForcePathStyle: boolean;
  changesTable: string;
  /** Create missing tables at start (local and test use). */
  createTables: boolean;
  /** Channel where change requests are posted; changes are off without it. */
  approvalChannel?: string;
  /**
   * Who may approve or reject (`APPROVERS`, or under a policy everyone any rule lists); changes
   * are off when empty.
   */
  approvers: PrincipalList;
  /**
   * The approval policy, read from `APPROVAL_POLICY` or `APPROVAL_POLICY_PARAMETER` by
   * `loadApprovalPolicy` (composition root) after {@link loadConfig}; without one, one approval
   * from `APPROVERS` is enough.
   */
  approvalPolicy?: LoadedApprovalPolicy;
  /** `APPROVAL_POLICY`: the path of the policy document (YAML or JSON). */
  approvalPolicyFile?: string;
  /** `APPROVAL_POLICY_PARAMETER`: the SSM parameter holding the policy, read at cold start. */
  approvalPolicyParameter?: string;
  /** `CHANGE_CALENDAR`: the SSM Change Calendar the deployment may read (its IAM statement). */
  changeCalendar?: string;
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
  /** A termination health ping older than this is flagged on the health and termination cards. */
  healthPingStaleMs: number;
  /** How pending credentials are encrypted at rest; credential changes are off without it. */
  sealing?: SealingConfig;
  /** On Lambda: the SQS queue the Slack function hands slow work to. */
  jobQueueUrl?: string;
  /** Drift detection: connectors' baselines, open alerts and the check's resume cursor. */
  driftTable: string;
  /** How often the drift check runs under `npm start` (`DRIFT_CHECK_MINUTES`); 0: never. */
  driftCheckIntervalMs: number;
  /** The regions whose connectors the check reads (`DRIFT_REGIONS`, default `AWS_REGION`). */
  driftRegions: ChimeRegion[];
  /** Where drift alerts go (`DRIFT_CHANNEL`, default `APPROVAL_CHANNEL`); none are posted without either. */
  driftChannel?: string;
  /** The check's steady rate of Chime calls (it slows down while throttled). */
  driftChimeCallsPerSecond: number;
  /** The bot's own IAM roles, whose Chime writes the near-real-time trigger ignores. */
  driftIgnoreRoleArns: string[];
}

export interface LoadedApprovalPolicy {
  policy: ApprovalPolicy;
  /** Where it came from (a path, or `ssm:<parameter>`), for messages. */
  source: string;
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

/** S3 with Object Lock and a KMS signing key in AWS; a directory and a local key in the sandbox. */
export type AuditCheckpointConfig =
  | { kind: 's3'; bucket: string; signingKeyId: string }
  | { kind: 'directory'; directory: string };

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
  // Decimal digits only: Number() would also read `0x50`, `1e3` and `80.0` as ports.
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a TCP port number (0..65535)')
    .transform(Number)
    .refine((port) => port <= 65535, 'expected 0..65535')
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
  AUDIT_SEQUENCE_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name')
    .optional(),
  AUDIT_CHECKPOINT_BUCKET: optionalText.refine(
    (value) => value === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value),
    { message: 'expected an S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)' },
  ),
  AUDIT_SIGNING_KEY_ID: optionalText.refine(
    (value) => value === undefined || /^(?:arn:aws[\w-]*:kms:|alias\/|[0-9a-f-]{36}$|mrk-)/.test(value),
    { message: 'expected a KMS key id, key ARN, alias/… or alias ARN of an asymmetric signing key' },
  ),
  AUDIT_CHECKPOINT_DIR: optionalText,
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number({ error: 'expected a number of minutes' })
    .min(0.05, 'expected at least 0.05 minutes (3 s)')
    .max(7 * 24 * 60, 'expected at most a week (10080 minutes)')
    .default(15),
  AUDIT_STREAM_QUEUE_URL: optionalText.refine(
    (value) => value === undefined || (URL.canParse(value) && value.endsWith('.fifo')),
    { message: 'expected the URL of an SQS FIFO queue (ending in .fifo)' },
  ),
  AWS_ENDPOINT_URL_S3: optionalText.refine((value) => value === undefined || /^https?:\/\/\S+$/.test(value), {
    message: 'expected an http(s) URL such as http://127.0.0.1:4569',
  }),
  AWS_ENDPOINT_URL_KMS: optionalText.refine((value) => value === undefined || /^https?:\/\/\S+$/.test(value), {
    message: 'expected an http(s) URL such as http://127.0.0.1:4570',
  }),
  CHANGES_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name')
    .default('chime-voice-ops-changes'),
  DYNAMODB_CREATE_TABLES: booleanText(false),
  APPROVAL_CHANNEL: optionalText.refine((value) => value === undefined || /^[CG][A-Z0-9]{2,}$/.test(value), {
    message: 'expected a Slack channel ID such as C0123ABCD',
  }),
  APPROVERS: principals,
  APPROVAL_POLICY: optionalText,
  APPROVAL_POLICY_PARAMETER: optionalText.refine(
    (value) => value === undefined || /^\/[a-zA-Z0-9_.\-/]{1,1010}$/.test(value),
    { message: 'expected an SSM parameter path such as /chime-voice-ops/prod/approval-policy' },
  ),
  CHANGE_CALENDAR: optionalText.refine(
    (value) => value === undefined || /^[A-Za-z0-9_.-]{3,128}$/.test(value),
    "expected the Change Calendar's name, not its ARN (the IAM statement is built from it)",
  ),
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
  HEALTH_PING_STALE_MINUTES: z.coerce
    .number({ error: 'expected a number of minutes' })
    .positive('expected a positive number of minutes')
    .max(7 * 24 * 60, 'expected at most a week (10080 minutes)')
    .default(10),
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
  DRIFT_TABLE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name')
    .default('chime-voice-ops-drift'),
  DRIFT_CHECK_MINUTES: z.coerce
    .number({ error: 'expected a number of minutes' })
    .min(0, 'expected 0 (off) or a positive number of minutes')
    .max(24 * 60, 'expected at most a day (1440 minutes)')
    .refine((minutes) => minutes === 0 || minutes >= 0.05, 'expected 0 (off) or at least 0.05 minutes (3 s)')
    .default(15),
  DRIFT_REGIONS: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return undefined;
      const regions = [
        ...new Set(
          value
            .split(',')
            .map((region) => region.trim())
            .filter((region) => region !== ''),
        ),
      ];
      const bad = regions.filter((region) => !(CHIME_REGIONS as readonly string[]).includes(region));
      if (bad.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `expected Chime SDK Voice regions (${CHIME_REGIONS.join(', ')}), got ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return regions as ChimeRegion[];
    }),
  DRIFT_CHANNEL: optionalText.refine((value) => value === undefined || /^[CG][A-Z0-9]{2,}$/.test(value), {
    message: 'expected a Slack channel ID such as C0123ABCD',
  }),
  DRIFT_CHIME_CALLS_PER_SECOND: z.coerce
    .number({ error: 'expected a number of calls per second' })
    .positive('expected a positive number of calls per second')
    .max(1000, 'expected at most 1000 calls per second')
    .default(8),
  DRIFT_IGNORE_ROLE_ARNS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((arn) => arn.trim())
        .filter((arn) => arn !== ''),
    ),
  JOB_QUEUE_URL: optionalText.refine((value) => value === undefined || URL.canParse(value), {
    message: 'expected the SQS queue URL, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/chime-voice-ops-jobs',
  }),
});

type Env = Record<string, string | undefined>;

/**
 * Parses the environment into a {@link Config}.
 *
 * @example
 * const config = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', APPROVERS: 'U0APPROVER,S0GROUP' });
 */
export function loadConfig(env: Env = process.env): Config {
  const given = withoutBlanks(env);
  // Parsed once per process: compiling zod's fast path for some 50 variables would cost a cold
  // start more than it could ever save.
  const parsed = EnvSchema.safeParse(given, { jitless: true });
  // Every offending variable at once: the pairing rules are checked even when a value is malformed.
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`)),
    ...pairingProblems(given),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const values = parsed.data;

  const sealing: SealingConfig | undefined =
    values.KMS_KEY_ID !== undefined
      ? { kind: 'kms', keyId: values.KMS_KEY_ID }
      : values.SEAL_KEY !== undefined
        ? { kind: 'key', key: values.SEAL_KEY }
        : undefined;

  return {
    slack: slackConfig(values),
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    awsRegion: values.AWS_REGION,
    auditTable: values.AUDIT_TABLE,
    auditSequenceTable: values.AUDIT_SEQUENCE_TABLE ?? `${values.AUDIT_TABLE}-sequence`.slice(0, 255),
    auditCheckpoints: checkpointConfig(values),
    auditCheckpointIntervalMs: Math.round(values.AUDIT_CHECKPOINT_MINUTES * 60_000),
    auditStreamQueueUrl: values.AUDIT_STREAM_QUEUE_URL,
    s3ForcePathStyle: values.AWS_ENDPOINT_URL_S3 !== undefined || given.AWS_ENDPOINT_URL !== undefined,
    changesTable: values.CHANGES_TABLE,
    createTables: values.DYNAMODB_CREATE_TABLES,
    approvalChannel: values.APPROVAL_CHANNEL,
    approvers: values.APPROVERS ?? { userIds: [], groupIds: [] },
    approvalPolicyFile: values.APPROVAL_POLICY,
    approvalPolicyParameter: values.APPROVAL_POLICY_PARAMETER,
    changeCalendar: values.CHANGE_CALENDAR,
    requesters: values.REQUESTERS,
    readers: values.READERS,
    allowedTeams: values.ALLOWED_TEAMS,
    allowGuests: values.ALLOW_GUESTS,
    approvalTtlMs: Math.round(values.APPROVAL_TTL_MINUTES * 60_000),
    healthPingStaleMs: Math.round(values.HEALTH_PING_STALE_MINUTES * 60_000),
    sealing,
    jobQueueUrl: values.JOB_QUEUE_URL,
    driftTable: values.DRIFT_TABLE,
    driftCheckIntervalMs: Math.round(values.DRIFT_CHECK_MINUTES * 60_000),
    driftRegions: values.DRIFT_REGIONS ?? [values.AWS_REGION],
    driftChannel: values.DRIFT_CHANNEL ?? values.APPROVAL_CHANNEL,
    driftChimeCallsPerSecond: values.DRIFT_CHIME_CALLS_PER_SECOND,
    driftIgnoreRoleArns: values.DRIFT_IGNORE_ROLE_ARNS,
  };
}

/** `PORT=` in an env file means "not set", as it does for every optional variable. */
function withoutBlanks(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/** Rules between variables: which come in pairs, and which exclude each other. */
function pairingProblems(given: Env): string[] {
  const problems: string[] = [];
  const has = (variable: string) => given[variable] !== undefined;
  const secrets = has('SLACK_SIGNING_SECRET') || has('SLACK_BOT_TOKEN');
  const parameters = has('SLACK_SIGNING_SECRET_PARAMETER') || has('SLACK_BOT_TOKEN_PARAMETER');

  if (secrets) {
    if (!has('SLACK_SIGNING_SECRET')) problems.push('SLACK_SIGNING_SECRET: must be set because SLACK_BOT_TOKEN is set');
    if (!has('SLACK_BOT_TOKEN')) problems.push('SLACK_BOT_TOKEN: must be set because SLACK_SIGNING_SECRET is set');
    const token = given.SLACK_BOT_TOKEN?.trim();
    if (token !== undefined && !/^xox[bp]-/.test(token)) {
      problems.push('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
    }
    if (parameters) {
      problems.push(
        'SLACK_SIGNING_SECRET_PARAMETER/SLACK_BOT_TOKEN_PARAMETER: set either the secrets or their parameter names, not both',
      );
    }
  } else if (parameters) {
    if (!has('SLACK_SIGNING_SECRET_PARAMETER')) {
      problems.push('SLACK_SIGNING_SECRET_PARAMETER: must be set because SLACK_BOT_TOKEN_PARAMETER is set');
    }
    if (!has('SLACK_BOT_TOKEN_PARAMETER')) {
      problems.push('SLACK_BOT_TOKEN_PARAMETER: must be set because SLACK_SIGNING_SECRET_PARAMETER is set');
    }
  } else if (has('SLACK_APP_TOKEN')) {
    problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  }

  if (has('AUDIT_CHECKPOINT_BUCKET') !== has('AUDIT_SIGNING_KEY_ID')) {
    problems.push(
      has('AUDIT_CHECKPOINT_BUCKET')
        ? 'AUDIT_SIGNING_KEY_ID: must be set because AUDIT_CHECKPOINT_BUCKET is set (checkpoints are signed with KMS)'
        : 'AUDIT_CHECKPOINT_BUCKET: must be set because AUDIT_SIGNING_KEY_ID is set (signed checkpoints go to S3)',
    );
  }
  if (has('AUDIT_CHECKPOINT_DIR') && has('AUDIT_CHECKPOINT_BUCKET')) {
    problems.push(
      'AUDIT_CHECKPOINT_DIR: set it or AUDIT_CHECKPOINT_BUCKET, not both (S3 in AWS, a directory in the sandbox)',
    );
  }

  if (has('APPROVERS') && (has('APPROVAL_POLICY') || has('APPROVAL_POLICY_PARAMETER'))) {
    problems.push(
      `APPROVERS: set it or ${has('APPROVAL_POLICY') ? 'APPROVAL_POLICY' : 'APPROVAL_POLICY_PARAMETER'}, not both (under a policy, its rules say who approves)`,
    );
  }
  if (has('APPROVAL_POLICY') && has('APPROVAL_POLICY_PARAMETER')) {
    problems.push(
      'APPROVAL_POLICY and APPROVAL_POLICY_PARAMETER: set one of them, not both (a file, or an SSM parameter)',
    );
  }

  if (has('KMS_KEY_ID') && has('SEAL_KEY')) {
    problems.push('KMS_KEY_ID and SEAL_KEY: set one of them, not both (KMS in AWS, SEAL_KEY elsewhere)');
  }
  return problems;
}

/**
 * What a valid policy may still not do in this deployment: name a Change Calendar other than the
 * one its IAM statement grants (`CHANGE_CALENDAR`, from the `changeCalendar` deploy parameter).
 */
export function policyProblems(
  loaded: LoadedApprovalPolicy,
  deployment: { changeCalendar?: string; onLambda: boolean },
): string[] {
  const given = loaded.policy.changeCalendar;
  // The policy may give the calendar's ARN or its name; the deployment grants it by name.
  const named = given?.replace(/^arn:[^:]+:ssm:[^:]*:\d*:document\//, '');
  if (named === undefined || named === deployment.changeCalendar) return [];
  if (deployment.changeCalendar !== undefined) {
    return [
      `changeCalendar: the policy (${loaded.source}) names ${named}, but this deployment may read only ${deployment.changeCalendar} (CHANGE_CALENDAR, the changeCalendar deploy parameter)`,
    ];
  }
  return deployment.onLambda
    ? [
        `changeCalendar: the policy (${loaded.source}) names ${named}, but the deployment grants no calendar: deploy with --param="changeCalendar=${named}"`,
      ]
    : [];
}

function checkpointConfig(values: z.infer<typeof EnvSchema>): AuditCheckpointConfig | undefined {
  if (values.AUDIT_CHECKPOINT_BUCKET !== undefined && values.AUDIT_SIGNING_KEY_ID !== undefined) {
    return { kind: 's3', bucket: values.AUDIT_CHECKPOINT_BUCKET, signingKeyId: values.AUDIT_SIGNING_KEY_ID };
  }
  if (values.AUDIT_CHECKPOINT_DIR !== undefined) return { kind: 'directory', directory: values.AUDIT_CHECKPOINT_DIR };
  return undefined;
}

/** The Slack mode; {@link pairingProblems} has already refused incomplete pairs. */
function slackConfig(values: z.infer<typeof EnvSchema>): SlackConfig {
  const common = { apiUrl: values.SLACK_API_URL, command: values.SLACK_COMMAND, appToken: values.SLACK_APP_TOKEN };
  const { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken } = values;
  if (signingSecret !== undefined && botToken !== undefined) {
    return { ...common, mode: 'workspace', signingSecret, botToken };
  }
  const { SLACK_SIGNING_SECRET_PARAMETER: signingSecretParameter, SLACK_BOT_TOKEN_PARAMETER: botTokenParameter } =
    values;
  if (signingSecretParameter !== undefined && botTokenParameter !== undefined) {
    return { ...common, mode: 'parameters', signingSecretParameter, botTokenParameter };
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
