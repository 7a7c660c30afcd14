import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP server under the AWS stand-ins (S3, KMS, SQS, SSM): a free port on 127.0.0.1, each
 * request handed over with its whole body. The AWS JSON protocols (`X-Amz-Target` names the
 * operation, the body is JSON) get {@link startAwsJsonServer} on top of it.
 */
export interface StandInServer {
  /** `http://127.0.0.1:<port>`: give it to the SDK as `AWS_ENDPOINT_URL_<SERVICE>`. */
  url: string;
  /** Stops listening and drops open connections (the SDK keeps them alive). */
  close(): Promise<void>;
}

export type StandInHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

export async function startStandInServer(handle: StandInHandler): Promise<StandInServer> {
  const server = createServer((request, response) => {
    void readBody(request).then((body) => handle(request, body, response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The protocol's version, as in `Content-Type: application/x-amz-json-1.0`: SQS speaks 1.0, KMS and SSM 1.1. */
export type AwsJsonVersion = '1.0' | '1.1';

/** One call over an AWS JSON protocol. */
export interface AwsJsonCall {
  /** `X-Amz-Target`, such as `TrentService.Sign`. */
  target: string;
  contentType: string;
  /** The body parsed, or `undefined` when it is not JSON. */
  input: unknown;
}

export interface AwsJsonReply {
  version: AwsJsonVersion;
  status: number;
  body: unknown;
}

/** A successful answer. */
export function awsJsonResult(version: AwsJsonVersion, body: unknown): AwsJsonReply {
  return { version, status: 200, body };
}

/** An error answer (400) of the given `__type`, as the SDK turns it into an exception of that name. */
export function awsJsonError(version: AwsJsonVersion, type: string, message: string): AwsJsonReply {
  return { version, status: 400, body: { __type: type, message } };
}

/** An error answer with the `com.amazonaws.coral.service#` prefix that SQS and SSM put before the type. */
export function awsCoralError(version: AwsJsonVersion, type: string, message: string): AwsJsonReply {
  return awsJsonError(version, `com.amazonaws.coral.service#${type}`, message);
}

/** A stand-in server for an AWS JSON protocol: `handle` answers each call. */
export function startAwsJsonServer(handle: (call: AwsJsonCall) => AwsJsonReply): Promise<StandInServer> {
  return startStandInServer((request, body, response) => {
    const reply = handle({
      target: String(request.headers['x-amz-target'] ?? ''),
      contentType: String(request.headers['content-type'] ?? ''),
      input: parseJson(body.toString('utf8')),
    });
    response
      .writeHead(reply.status, {
        'Content-Type': `application/x-amz-json-${reply.version}`,
        'x-amzn-RequestId': randomUUID(),
      })
      .end(JSON.stringify(reply.body));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
