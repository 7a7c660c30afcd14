import { describe, expect, it } from 'vitest';
import { CHIME_REGIONS } from '../../src/chime/regions';
import { type Config, ConfigError, loadConfig, missingChangeSettings } from '../../src/config/config';

/** A real (random-looking) 32-byte key in base64, as `openssl rand -base64 32` prints it. */
const SEAL_KEY = Buffer.alloc(32, 7).toString('base64');
const WORKSPACE = { SLACK_SIGNING_SECRET: 'signing-secret', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

/** The problems a configuration is refused for, as the operator reads them at start-up. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

function problemFor(env: Record<string, string | undefined>, variable: string): string {
  const problems = problemsOf(env);
  const problem = problems.find((text) => text.startsWith(`${variable}:`));
  if (problem === undefined) throw new Error(`no problem names ${variable}; got ${JSON.stringify(problems)}`);
  return problem;
}

describe('loadConfig defaults', () => {
  it('starts the sandbox with the documented defaults when nothing is set', () => {
    // Prepare
    const env = {};

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config).toEqual<Config>({
      slack: { mode: 'sandbox', apiUrl: 'https://slack.com/api/', command: '/chime', appToken: undefined },
      port: 3000,
      logLevel: 'info',
      awsRegion: 'us-east-1',
      auditTable: 'chime-voice-ops-audit',
      auditSequenceTable: 'chime-voice-ops-audit-sequence',
      auditCheckpoints: undefined,
      auditCheckpointIntervalMs: 15 * 60_000,
      auditStreamQueueUrl: undefined,
      s3ForcePathStyle: false,
      changesTable: 'chime-voice-ops-changes',
      createTables: false,
      approvalChannel: undefined,
      approvers: { userIds: [], groupIds: [] },
      requesters: undefined,
      readers: undefined,
      allowedTeams: undefined,
      allowGuests: false,
      approvalTtlMs: 60 * 60_000,
      healthPingStaleMs: 10 * 60_000,
      sealing: undefined,
      jobQueueUrl: undefined,
      driftTable: 'chime-voice-ops-drift',
      driftCheckIntervalMs: 15 * 60_000,
      driftRegions: ['us-east-1'],
      driftChannel: undefined,
      driftChimeCallsPerSecond: 8,
      driftIgnoreRoleArns: [],
    });
  });

  it('treats a variable set to blanks as unset, so `PORT=` in an env file keeps the default port', () => {
    // Prepare
    const env = { PORT: '', APPROVAL_TTL_MINUTES: ' ', LOG_LEVEL: '', AWS_REGION: '', SLACK_API_URL: '' };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.port).toBe(3000);
    expect(config.approvalTtlMs).toBe(3_600_000);
    expect(config.logLevel).toBe('info');
    expect(config.awsRegion).toBe('us-east-1');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
  });
});

describe('loadConfig with every documented variable', () => {
  it('reads each variable into the configuration', () => {
    // Prepare
    const env = {
      ...WORKSPACE,
      SLACK_APP_TOKEN: 'xapp-1-A1-abc',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      SLACK_COMMAND: '/voice-ops',
      PORT: '8080',
      LOG_LEVEL: 'debug',
      AWS_REGION: 'eu-west-2',
      AUDIT_TABLE: 'audit.table_1',
      AUDIT_SEQUENCE_TABLE: 'audit.sequence_1',
      AUDIT_CHECKPOINT_BUCKET: 'voice-ops-checkpoints',
      AUDIT_SIGNING_KEY_ID: 'alias/voice-ops-checkpoints',
      AUDIT_CHECKPOINT_MINUTES: '0.5',
      AUDIT_STREAM_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/audit.fifo',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
      AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:4570',
      CHANGES_TABLE: 'changes-table',
      DYNAMODB_CREATE_TABLES: 'true',
      APPROVAL_CHANNEL: 'C0123ABCD',
      APPROVERS: 'U0APPROVER, W0GRID, S0GROUP',
      REQUESTERS: 'S0REQUESTERS',
      READERS: 'U0READER',
      ALLOWED_TEAMS: 'T0123ABCD, E0GRID',
      ALLOW_GUESTS: '1',
      APPROVAL_TTL_MINUTES: '15',
      HEALTH_PING_STALE_MINUTES: '2.5',
      SEAL_KEY,
      JOB_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/jobs',
      DRIFT_TABLE: 'drift-table',
      DRIFT_CHECK_MINUTES: '0.5',
      DRIFT_REGIONS: 'eu-west-2, us-east-1, eu-west-2',
      DRIFT_CHANNEL: 'C0DRIFT',
      DRIFT_CHIME_CALLS_PER_SECOND: '4',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config).toEqual<Config>({
      slack: {
        mode: 'workspace',
        signingSecret: 'signing-secret',
        botToken: 'xoxb-1-2-abc',
        appToken: 'xapp-1-A1-abc',
        apiUrl: 'http://127.0.0.1:4000/api/',
        command: '/voice-ops',
      },
      port: 8080,
      logLevel: 'debug',
      awsRegion: 'eu-west-2',
      auditTable: 'audit.table_1',
      auditSequenceTable: 'audit.sequence_1',
      auditCheckpoints: { kind: 's3', bucket: 'voice-ops-checkpoints', signingKeyId: 'alias/voice-ops-checkpoints' },
      auditCheckpointIntervalMs: 30_000,
      auditStreamQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/audit.fifo',
      s3ForcePathStyle: true,
      changesTable: 'changes-table',
      createTables: true,
      approvalChannel: 'C0123ABCD',
      approvers: { userIds: ['U0APPROVER', 'W0GRID'], groupIds: ['S0GROUP'] },
      requesters: { userIds: [], groupIds: ['S0REQUESTERS'] },
      readers: { userIds: ['U0READER'], groupIds: [] },
      allowedTeams: ['T0123ABCD', 'E0GRID'],
      allowGuests: true,
      approvalTtlMs: 15 * 60_000,
      healthPingStaleMs: 150_000,
      sealing: { kind: 'key', key: Buffer.alloc(32, 7) },
      jobQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/jobs',
      driftTable: 'drift-table',
      driftCheckIntervalMs: 30_000,
      driftRegions: ['eu-west-2', 'us-east-1'],
      driftChannel: 'C0DRIFT',
      driftChimeCallsPerSecond: 4,
      driftIgnoreRoleArns: [],
    });
  });

  it('defaults the drift channel to the approval channel, and turns the check off with 0', () => {
    // Act
    const config = loadConfig({ APPROVAL_CHANNEL: 'C0APPROVALS', DRIFT_CHECK_MINUTES: '0' });

    // Assess
    expect(config.driftChannel).toBe('C0APPROVALS');
    expect(config.driftCheckIntervalMs).toBe(0);
  });

  it('names a drift region where Chime SDK Voice does not run', () => {
    // Act
    const problem = problemFor({ DRIFT_REGIONS: 'us-east-1,mars-north-1' }, 'DRIFT_REGIONS');

    // Assess
    expect(problem).toContain('mars-north-1');
  });

  it.each(CHIME_REGIONS)('accepts %s, a region where Chime SDK Voice runs', (region) => {
    // Act
    const config = loadConfig({ AWS_REGION: region });

    // Assess
    expect(config.awsRegion).toBe(region);
  });

  it('accepts a fraction of a minute as the approval time to live (tests and demos)', () => {
    // Act
    const config = loadConfig({ APPROVAL_TTL_MINUTES: '0.05' });

    // Assess
    expect(config.approvalTtlMs).toBe(3000);
  });

  it('accepts port 0 (any free port) and 65535', () => {
    // Act
    const lowest = loadConfig({ PORT: '0' });
    const highest = loadConfig({ PORT: '65535' });

    // Assess
    expect(lowest.port).toBe(0);
    expect(highest.port).toBe(65535);
  });

  it('uses KMS when KMS_KEY_ID is set', () => {
    // Act
    const config = loadConfig({ KMS_KEY_ID: 'alias/chime-voice-ops' });

    // Assess
    expect(config.sealing).toEqual({ kind: 'kms', keyId: 'alias/chime-voice-ops' });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', true],
  ])('reads DYNAMODB_CREATE_TABLES=%s as %s', (text, expected) => {
    // Act
    const config = loadConfig({ DYNAMODB_CREATE_TABLES: text });

    // Assess
    expect(config.createTables).toBe(expected);
  });
});

describe('loadConfig refuses a wrong value, naming the variable and what is expected', () => {
  it.each([
    ['PORT', 'http', 'expected a TCP port number'],
    ['PORT', '65536', 'expected 0..65535'],
    ['PORT', '-1', 'expected'],
    ['PORT', '80.5', 'expected'],
    ['PORT', '0x50', 'expected'],
    ['PORT', '1e3', 'expected'],
    ['LOG_LEVEL', 'verbose', 'expected one of trace, debug, info, warn, error, fatal, silent'],
    ['AWS_REGION', 'us-east-2', 'expected a Chime SDK Voice region: us-east-1, us-west-2'],
    ['AWS_REGION', 'eu-north-1', 'ap-southeast-2'],
    ['AUDIT_TABLE', 'ab', 'expected a DynamoDB table name'],
    ['CHANGES_TABLE', 'changes table', 'expected a DynamoDB table name'],
    ['DYNAMODB_CREATE_TABLES', 'yes', 'expected true or false'],
    ['APPROVAL_CHANNEL', '#approvals', 'expected a Slack channel ID such as C0123ABCD'],
    ['APPROVAL_CHANNEL', 'D0123ABCD', 'expected a Slack channel ID'],
    [
      'APPROVERS',
      'U0APPROVER,alice',
      'expected comma-separated Slack user IDs (U…/W…) or user-group IDs (S…), got alice',
    ],
    ['REQUESTERS', 'u0lower', 'got u0lower'],
    ['READERS', 'C0CHANNEL', 'got C0CHANNEL'],
    ['ALLOWED_TEAMS', 'T0123ABCD,acme', 'expected workspace IDs such as T0123ABCD, got acme'],
    ['APPROVAL_TTL_MINUTES', '0', 'expected a positive number of minutes'],
    ['APPROVAL_TTL_MINUTES', '-5', 'expected a positive number of minutes'],
    ['APPROVAL_TTL_MINUTES', 'an hour', 'expected a number of minutes'],
    ['APPROVAL_TTL_MINUTES', '10081', 'expected at most a week (10080 minutes)'],
    ['SEAL_KEY', Buffer.alloc(16, 1).toString('base64'), 'expected 32 random bytes in base64'],
    ['SEAL_KEY', 'not base64 at all!', 'expected 32 random bytes in base64'],
    ['SEAL_KEY', Buffer.alloc(32, 1).toString('base64url').replace(/=+$/, ''), 'expected 32 random bytes in base64'],
    ['SLACK_API_URL', 'ftp://slack.example/api/', 'expected an http(s) URL such as https://slack.com/api/'],
    ['SLACK_API_URL', 'slack.com/api', 'expected an http(s) URL'],
    ['SLACK_COMMAND', 'chime', 'expected a slash command such as /chime'],
    ['SLACK_APP_TOKEN', 'xoxb-not-an-app-token', 'expected an app-level token starting with xapp-'],
  ])('%s=%s', (variable, value, expected) => {
    // Act
    const problem = problemFor({ ...WORKSPACE, [variable]: value }, variable);

    // Assess
    expect(problem).toContain(expected);
  });

  it('lists every problem in the error message, one per line, each starting with its variable', () => {
    // Prepare
    const env = { PORT: 'http', LOG_LEVEL: 'loud', APPROVERS: 'nobody' };

    // Act
    const act = () => loadConfig(env);

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/^Invalid configuration:\n {2}- PORT: .*\n {2}- LOG_LEVEL: .*\n {2}- APPROVERS: .*$/);
  });

  it('reports a missing Slack partner together with a malformed value, not one after the other', () => {
    // Prepare
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', PORT: 'http' };

    // Act
    const problems = problemsOf(env);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^PORT: /),
      'SLACK_SIGNING_SECRET: must be set because SLACK_BOT_TOKEN is set',
    ]);
  });

  it('never repeats a secret value in the error', () => {
    // Prepare
    const env = { SLACK_SIGNING_SECRET: 'very-secret-signing-value', SLACK_BOT_TOKEN: 'not-a-token-secret' };

    // Act
    const problems = problemsOf(env);

    // Assess
    expect(problems).toEqual(['SLACK_BOT_TOKEN: expected a bot token starting with xoxb-']);
    expect(problems.join('\n')).not.toContain('very-secret-signing-value');
    expect(problems.join('\n')).not.toContain('not-a-token-secret');
  });
});

describe('loadConfig Slack modes', () => {
  it('runs the sandbox when neither SLACK_SIGNING_SECRET nor SLACK_BOT_TOKEN is set', () => {
    // Act
    const config = loadConfig({ SLACK_SIGNING_SECRET: '  ', SLACK_BOT_TOKEN: '' });

    // Assess
    expect(config.slack.mode).toBe('sandbox');
  });

  it('connects to a workspace when both are set', () => {
    // Act
    const config = loadConfig(WORKSPACE);

    // Assess
    expect(config.slack).toMatchObject({
      mode: 'workspace',
      signingSecret: 'signing-secret',
      botToken: 'xoxb-1-2-abc',
    });
  });

  it('names SLACK_BOT_TOKEN when only SLACK_SIGNING_SECRET is set', () => {
    // Act
    const problems = problemsOf({ SLACK_SIGNING_SECRET: 'signing-secret' });

    // Assess
    expect(problems).toEqual(['SLACK_BOT_TOKEN: must be set because SLACK_SIGNING_SECRET is set']);
  });

  it('names SLACK_SIGNING_SECRET when only SLACK_BOT_TOKEN is set', () => {
    // Act
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });

    // Assess
    expect(problems).toEqual(['SLACK_SIGNING_SECRET: must be set because SLACK_BOT_TOKEN is set']);
  });

  it('reads the SSM parameter names on Lambda (parameters mode)', () => {
    // Act
    const config = loadConfig({
      SLACK_SIGNING_SECRET_PARAMETER: '/chime-voice-ops/signing-secret',
      SLACK_BOT_TOKEN_PARAMETER: '/chime-voice-ops/bot-token',
    });

    // Assess
    expect(config.slack).toMatchObject({
      mode: 'parameters',
      signingSecretParameter: '/chime-voice-ops/signing-secret',
      botTokenParameter: '/chime-voice-ops/bot-token',
    });
  });

  it('names the missing parameter when only one parameter name is set', () => {
    // Act
    const onlySecret = problemsOf({ SLACK_SIGNING_SECRET_PARAMETER: '/secret' });
    const onlyToken = problemsOf({ SLACK_BOT_TOKEN_PARAMETER: '/token' });

    // Assess
    expect(onlySecret).toEqual([
      'SLACK_BOT_TOKEN_PARAMETER: must be set because SLACK_SIGNING_SECRET_PARAMETER is set',
    ]);
    expect(onlyToken).toEqual(['SLACK_SIGNING_SECRET_PARAMETER: must be set because SLACK_BOT_TOKEN_PARAMETER is set']);
  });

  it('refuses the secrets and their parameter names together', () => {
    // Act
    const problems = problemsOf({ ...WORKSPACE, SLACK_BOT_TOKEN_PARAMETER: '/token' });

    // Assess
    expect(problems).toEqual([
      'SLACK_SIGNING_SECRET_PARAMETER/SLACK_BOT_TOKEN_PARAMETER: set either the secrets or their parameter names, not both',
    ]);
  });

  it('refuses Socket Mode without the workspace secrets', () => {
    // Act
    const problems = problemsOf({ SLACK_APP_TOKEN: 'xapp-1-A1-abc' });

    // Assess
    expect(problems).toEqual(['SLACK_APP_TOKEN: Socket Mode also needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN']);
  });
});

describe('loadConfig credential sealing', () => {
  it('refuses KMS_KEY_ID together with SEAL_KEY', () => {
    // Act
    const problems = problemsOf({ KMS_KEY_ID: 'alias/chime-voice-ops', SEAL_KEY });

    // Assess
    expect(problems).toEqual(['KMS_KEY_ID and SEAL_KEY: set one of them, not both (KMS in AWS, SEAL_KEY elsewhere)']);
  });

  it('leaves credential changes off when neither is set', () => {
    // Act
    const config = loadConfig({});

    // Assess
    expect(config.sealing).toBeUndefined();
  });

  it('never repeats a wrong SEAL_KEY in the error', () => {
    // Prepare
    const wrongKey = Buffer.alloc(31, 9).toString('base64');

    // Act
    const problems = problemsOf({ SEAL_KEY: wrongKey });

    // Assess
    expect(problems.join('\n')).not.toContain(wrongKey);
  });
});

describe('missingChangeSettings', () => {
  it('names APPROVAL_CHANNEL and APPROVERS when neither is set', () => {
    // Act
    const missing = missingChangeSettings(loadConfig({}));

    // Assess
    expect(missing).toEqual(['APPROVAL_CHANNEL', 'APPROVERS']);
  });

  it('names only APPROVERS when the channel is set', () => {
    // Act
    const missing = missingChangeSettings(loadConfig({ APPROVAL_CHANNEL: 'C0123ABCD' }));

    // Assess
    expect(missing).toEqual(['APPROVERS']);
  });

  it('names only APPROVAL_CHANNEL when approvers are set, a user group being enough', () => {
    // Act
    const missing = missingChangeSettings(loadConfig({ APPROVERS: 'S0APPROVERS' }));

    // Assess
    expect(missing).toEqual(['APPROVAL_CHANNEL']);
  });

  it('names nothing when changes are configured', () => {
    // Act
    const missing = missingChangeSettings(loadConfig({ APPROVAL_CHANNEL: 'G0PRIVATE', APPROVERS: 'U0APPROVER' }));

    // Assess
    expect(missing).toEqual([]);
  });
});

describe('loadConfig audit checkpoints and stream', () => {
  it('writes checkpoints to a directory with AUDIT_CHECKPOINT_DIR, every 15 minutes unless told otherwise', () => {
    const config = loadConfig({ AUDIT_CHECKPOINT_DIR: './checkpoints' });

    expect(config.auditCheckpoints).toEqual({ kind: 'directory', directory: './checkpoints' });
    expect(config.auditCheckpointIntervalMs).toBe(900_000);
  });

  it('accepts a fraction of a minute as the checkpoint interval', () => {
    expect(loadConfig({ AUDIT_CHECKPOINT_MINUTES: '0.1' }).auditCheckpointIntervalMs).toBe(6_000);
  });

  it('names the partner when only one of AUDIT_CHECKPOINT_BUCKET and AUDIT_SIGNING_KEY_ID is set', () => {
    expect(problemFor({ AUDIT_CHECKPOINT_BUCKET: 'voice-ops-checkpoints' }, 'AUDIT_SIGNING_KEY_ID')).toContain(
      'must be set because AUDIT_CHECKPOINT_BUCKET is set',
    );
    expect(problemFor({ AUDIT_SIGNING_KEY_ID: 'alias/signing' }, 'AUDIT_CHECKPOINT_BUCKET')).toContain(
      'must be set because AUDIT_SIGNING_KEY_ID is set',
    );
  });

  it('refuses a directory and a bucket together', () => {
    const env = {
      AUDIT_CHECKPOINT_DIR: '/tmp/checkpoints',
      AUDIT_CHECKPOINT_BUCKET: 'voice-ops-checkpoints',
      AUDIT_SIGNING_KEY_ID: 'alias/signing',
    };

    expect(problemFor(env, 'AUDIT_CHECKPOINT_DIR')).toContain('not both');
  });

  it.each([
    ['AUDIT_CHECKPOINT_BUCKET', 'Not_A_Bucket', 'expected an S3 bucket name'],
    ['AUDIT_SIGNING_KEY_ID', 'my key', 'expected a KMS key id'],
    ['AUDIT_CHECKPOINT_MINUTES', '0', 'expected at least 0.05 minutes'],
    ['AUDIT_CHECKPOINT_MINUTES', 'often', 'expected a number of minutes'],
    ['AUDIT_STREAM_QUEUE_URL', 'https://sqs.us-east-1.amazonaws.com/123456789012/audit', 'SQS FIFO queue'],
    ['AWS_ENDPOINT_URL_S3', 'localhost:4569', 'expected an http(s) URL'],
    ['AWS_ENDPOINT_URL_KMS', 'kms', 'expected an http(s) URL'],
  ])('refuses %s=%s, saying what is expected', (variable, value, expected) => {
    expect(problemFor({ [variable]: value }, variable)).toContain(expected);
  });
});
