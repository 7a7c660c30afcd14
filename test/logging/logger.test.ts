import { LogLevel as BoltLogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../src/config/config';
import { boltLogger, createLogger, redactSensitive } from '../../src/logging/logger';

/** A logger whose lines land in memory, as an operator would read them in CloudWatch. */
function capturedLogger(level: LogLevel = 'trace') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    /** Everything written, raw. */
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRETS = {
  password: 'pw-lower-case-7f3a',
  Password: 'pw-capitalised-91bc',
  username: 'sip-user-44d0',
  phoneNumber: '+14155550123',
  token: 'xoxb-1111-2222-abcdefghij',
  authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9',
} as const;

/** An AWS SDK-style error that carries the HTTP exchange it came from. */
function awsStyleError(): Error {
  const error = new Error(`Request failed for token ${SECRETS.token}`) as Error & Record<string, unknown>;
  error.name = 'ServiceUnavailableException';
  error.code = 'ServiceUnavailable';
  error.$metadata = { httpStatusCode: 503, requestId: 'req-123' };
  error.$response = { body: `{"Password":"${SECRETS.password}"}` };
  error.request = { headers: { authorization: SECRETS.authorization }, body: `password=${SECRETS.password}` };
  error.cause = new Error('socket hang up');
  return error;
}

describe('createLogger', () => {
  it('writes one JSON object per line with level, time, service and message', () => {
    // Prepare
    const { logger, records } = capturedLogger('info');

    // Act
    logger.info({ changeRequestId: 'CR-0123ABCD' }, 'change applied');

    // Assess
    expect(records()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'chime-voice-ops',
        changeRequestId: 'CR-0123ABCD',
        message: 'change applied',
      },
    ]);
  });

  it('drops lines below its level', () => {
    // Prepare
    const { logger, records } = capturedLogger('warn');

    // Act
    logger.info('not shown');
    logger.warn('shown');

    // Assess
    expect(records().map((record) => record.message)).toEqual(['shown']);
  });

  it('never writes the value of a password, username, phone number, token or authorization, at any depth', () => {
    // Prepare
    const { logger, text, records } = capturedLogger();

    // Act
    logger.info(
      {
        ...SECRETS,
        job: { payload: { credentials: [{ ...SECRETS }], nested: { deeper: { ...SECRETS } } } },
        list: [{ participant: { phoneNumber: SECRETS.phoneNumber } }],
      },
      'job received',
    );

    // Assess
    for (const secret of Object.values(SECRETS)) expect(text()).not.toContain(secret);
    expect(records()[0]).toMatchObject({ password: '[redacted]', Password: '[redacted]', username: '[redacted]' });
  });

  it('redacts the bindings of a child logger, and of its children', () => {
    // Prepare
    const { logger, text } = capturedLogger();

    // Act
    const child = logger.child({ token: SECRETS.token, requestId: 'r-1' });
    child.info('with a child');
    child.child({ job: { password: SECRETS.password } }).info('with a grandchild');

    // Assess
    expect(text()).not.toContain(SECRETS.token);
    expect(text()).not.toContain(SECRETS.password);
    expect(text()).toContain('"requestId":"r-1"');
  });

  it('serialises an error by name, message, code, AWS request id, status and cause, without its request or response', () => {
    // Prepare
    const { logger, text, records } = capturedLogger();

    // Act
    logger.error({ err: awsStyleError(), changeRequestId: 'CR-0123ABCD' }, 'apply failed');

    // Assess
    expect(records()[0]?.err).toEqual({
      type: 'ServiceUnavailableException',
      message: 'Request failed for token xox?-[redacted]',
      code: 'ServiceUnavailable',
      awsRequestId: 'req-123',
      httpStatus: 503,
      cause: { type: 'Error', message: 'socket hang up', stack: expect.any(String) },
      stack: expect.any(String),
    });
    for (const secret of [SECRETS.password, SECRETS.authorization, SECRETS.token]) {
      expect(text()).not.toContain(secret);
    }
  });

  it('serialises an error given as the first argument the same way', () => {
    // Prepare
    const { logger, text, records } = capturedLogger();

    // Act
    logger.error(awsStyleError(), 'apply failed');

    // Assess
    expect(records()[0]?.err).toMatchObject({ type: 'ServiceUnavailableException', httpStatus: 503 });
    expect(text()).not.toContain(SECRETS.password);
  });

  it('serialises an error under any other key, without its request', () => {
    // Prepare
    const { logger, text, records } = capturedLogger();

    // Act
    logger.warn({ problem: awsStyleError() }, 'retrying');

    // Assess
    expect(records()[0]?.problem).toMatchObject({ type: 'ServiceUnavailableException', code: 'ServiceUnavailable' });
    expect(text()).not.toContain(SECRETS.password);
    expect(text()).not.toContain(SECRETS.authorization);
  });
});

describe('redactSensitive', () => {
  it('leaves a copy, not the original, and stops at a depth', () => {
    // Prepare
    const input = { a: { b: { c: { d: { e: { f: { g: { h: 'deep' } } } } } } }, password: 'x' };

    // Act
    const output = redactSensitive(input);

    // Assess
    expect(input.password).toBe('x');
    expect(JSON.stringify(output)).not.toContain('deep');
    expect(JSON.stringify(output)).toContain('[…]');
  });
});

describe('boltLogger', () => {
  it('drops debug even when our level would show it: Bolt logs whole events there', () => {
    // Prepare
    const { logger, records } = capturedLogger('trace');
    const bolt = boltLogger(logger);

    // Act
    bolt.debug('Request body', { text: 'credentials abcdef1234567890abcdef', token: SECRETS.token });
    bolt.info('Now connected');

    // Assess
    expect(records()).toEqual([
      expect.objectContaining({ level: 'info', component: 'bolt', message: 'Now connected' }),
    ]);
  });

  it('scrubs Slack tokens from messages and drops the objects logged with them', () => {
    // Prepare
    const { logger, text, records } = capturedLogger();
    const bolt = boltLogger(logger);

    // Act
    bolt.info(`Authorising with ${SECRETS.token}`, { body: { user: 'U0ALICE', password: SECRETS.password } });
    bolt.warn('Socket Mode token xapp-1-A0123-4567-abcdef was refused');

    // Assess
    expect(records().map((record) => record.message)).toEqual([
      'Authorising with xox?-[redacted]',
      'Socket Mode token xapp-[redacted] was refused',
    ]);
    expect(text()).not.toContain(SECRETS.token);
    expect(text()).not.toContain(SECRETS.password);
  });

  it('logs an error with its serialised cause and a scrubbed message', () => {
    // Prepare
    const { logger, text, records } = capturedLogger();
    const bolt = boltLogger(logger);

    // Act
    bolt.error('An incoming event was not acknowledged', awsStyleError());

    // Assess
    expect(records()[0]).toMatchObject({
      level: 'error',
      component: 'bolt',
      message: 'An incoming event was not acknowledged Request failed for token xox?-[redacted]',
      err: { type: 'ServiceUnavailableException' },
    });
    expect(text()).not.toContain(SECRETS.token);
    expect(text()).not.toContain(SECRETS.password);
  });

  it('remembers the level Bolt sets', () => {
    // Prepare
    const bolt = boltLogger(capturedLogger().logger);

    // Act
    bolt.setLevel(BoltLogLevel.WARN);

    // Assess
    expect(bolt.getLevel()).toBe(BoltLogLevel.WARN);
  });
});
