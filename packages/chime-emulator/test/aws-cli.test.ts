import { execFile, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ChimeEmulator, startChimeEmulator } from '../src/chime-emulator';
import {
  SEED_CONTACT_CENTER_PING_SOURCE,
  SEED_IN_PROGRESS_PROXY_SESSION_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '../src/seed';
import { CONTACT_CENTER } from './support/seed-fixtures';

const CLI_KEY = 'AKIACLIEXAMPLE000001';

// A test runs up to three `aws` processes (Python, slow to start when the cores are busy) of up to
// 60 s each (AWS_CLI_TIMEOUT_MS): on a loaded machine they passed both 20 s each and the suite's 30 s
// (on CI under Node.js 22 and 24, load average 15 on two cores), so the tests wait longer than their
// processes may take. The limits stop a hung process; they are not what the tests check.
const AWS_CLI_TIMEOUT_MS = 60_000;
vi.setConfig({ testTimeout: 3 * AWS_CLI_TIMEOUT_MS + 20_000 });

const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const hasAwsCli = awsCli.status === 0;
if (!hasAwsCli) {
  // A visible notice rather than a silent pass: these tests need the AWS CLI on PATH.
  console.warn('NOTICE: the AWS CLI (`aws`) is not installed: the AWS CLI tests of the Chime emulator are SKIPPED.');
}

let emulator: ChimeEmulator;

beforeAll(async () => {
  if (hasAwsCli) emulator = await startChimeEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

/**
 * Runs `aws …` against the emulator through the standard service endpoint variables, with no
 * profile, config file or instance metadata of this machine's, and answers its parsed JSON output.
 */
function aws(args: string[]): Promise<unknown> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ENDPOINT_URL_CHIME_SDK_VOICE: emulator.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_ACCESS_KEY_ID: CLI_KEY,
    AWS_SECRET_ACCESS_KEY: 'not-checked',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  };
  return new Promise((resolve, reject) => {
    execFile('aws', [...args, '--output', 'json'], { env, timeout: AWS_CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${stderr}`));
      else resolve(stdout.trim() === '' ? undefined : JSON.parse(stdout));
    });
  });
}

/** `aws chime-sdk-voice <command> --voice-connector-id <the contact center> [options]`. */
function chimeSdkVoiceOnContactCenter(command: string, ...options: string[]): Promise<unknown> {
  return aws(['chime-sdk-voice', command, '--voice-connector-id', CONTACT_CENTER, ...options]);
}

describe.skipIf(!hasAwsCli)('the AWS CLI against the emulator', () => {
  it('reads the termination health ping', async () => {
    // Act
    const output = await chimeSdkVoiceOnContactCenter('get-voice-connector-termination-health');

    // Assess
    expect(output).toEqual({
      TerminationHealth: {
        Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
        Source: SEED_CONTACT_CENTER_PING_SOURCE,
      },
    });
    expect(emulator.requestsFor('GetVoiceConnectorTerminationHealth').at(-1)).toMatchObject({
      method: 'GET',
      path: `/voice-connectors/${CONTACT_CENTER}/termination/health`,
      region: 'us-east-1',
      status: 200,
    });
  });

  it('puts a logging configuration, and LookupEvents then names the CLI as the client and its key as the principal', async () => {
    // Act
    const put = await chimeSdkVoiceOnContactCenter(
      'put-voice-connector-logging-configuration',
      '--logging-configuration',
      'EnableSIPLogs=false,EnableMediaMetricLogs=true',
    );
    const read = await chimeSdkVoiceOnContactCenter('get-voice-connector-logging-configuration');
    const events = (await aws([
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      `AttributeKey=ResourceName,AttributeValue=${CONTACT_CENTER}`,
    ])) as { Events: { EventName: string; Username: string; AccessKeyId: string; CloudTrailEvent: string }[] };

    // Assess
    expect(put).toEqual({ LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: true } });
    expect(read).toEqual({ LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: true } });
    expect(emulator.requestsFor('PutVoiceConnectorLoggingConfiguration').at(-1)).toMatchObject({
      method: 'PUT',
      path: `/voice-connectors/${CONTACT_CENTER}/logging-configuration`,
      body: { LoggingConfiguration: { EnableSIPLogs: false, EnableMediaMetricLogs: true } },
    });
    expect(emulator.requestsFor('LookupEvents').at(-1)).toMatchObject({
      service: 'cloudtrail',
      body: { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: CONTACT_CENTER }] },
      status: 200,
    });
    expect(events.Events).toHaveLength(1);
    expect(events.Events[0]).toMatchObject({
      EventName: 'PutVoiceConnectorLoggingConfiguration',
      Username: `emulator-${CLI_KEY}`,
      AccessKeyId: CLI_KEY,
    });
    expect(JSON.parse(events.Events[0]?.CloudTrailEvent ?? '{}')).toMatchObject({
      userAgent: expect.stringMatching(/^aws-cli\//),
      requestParameters: {
        voiceConnectorId: CONTACT_CENTER,
        loggingConfiguration: { enableSIPLogs: false, enableMediaMetricLogs: true },
      },
    });
  });

  it('lists the proxy sessions of one status, and pages', async () => {
    // Act
    const inProgress = (await chimeSdkVoiceOnContactCenter('list-proxy-sessions', '--status', 'InProgress')) as {
      ProxySessions: { ProxySessionId: string; Status: string }[];
      NextToken?: string;
    };
    const firstPage = (await chimeSdkVoiceOnContactCenter('list-proxy-sessions', '--max-results', '2')) as {
      ProxySessions: { ProxySessionId: string }[];
      NextToken?: string;
    };

    // Assess
    expect(inProgress.ProxySessions.map((session) => [session.ProxySessionId, session.Status])).toEqual([
      [SEED_IN_PROGRESS_PROXY_SESSION_ID, 'InProgress'],
    ]);
    expect(inProgress.NextToken).toBeUndefined();
    expect(firstPage.ProxySessions.map((session) => session.ProxySessionId)).toEqual([
      SEED_OPEN_PROXY_SESSION_ID,
      SEED_IN_PROGRESS_PROXY_SESSION_ID,
    ]);
    expect(firstPage.NextToken).toEqual(expect.any(String));
    expect(emulator.requestsFor('ListProxySessions').map((request) => request.query)).toEqual([
      { status: 'InProgress' },
      { 'max-results': '2' },
    ]);
  });
});
