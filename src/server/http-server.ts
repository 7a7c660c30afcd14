import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BufferedIncomingMessage, HTTPModuleFunctions } from '@slack/bolt';
import { CheckpointSchedule } from '../audit/checkpoint-schedule';
import { type Core, createHttpBot, type SlackSecrets } from '../composition-root';
import type { DriftMonitor } from '../drift/drift-monitor';
import { DriftSchedule } from '../drift/drift-schedule';
import type { InProcessJobQueue } from '../jobs/in-process-job-queue';
import { isFreshSlackTimestamp } from '../slack/request-freshness';
import { admitSlackRequest } from '../slack/slack-envelope';
import type { ChangeSweeper } from './change-sweeper';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's largest bodies (a modal's state) are tens of kilobytes; anything past this is refused with 413. */
const SLACK_BODY_LIMIT = 1024 * 1024;

/** Extra routes on the same port (the sandbox console); returns false when it did not handle the request. */
export type ExtraRoutes = (request: IncomingMessage, response: ServerResponse) => Promise<boolean> | boolean;

export interface RunningServer {
  url: string;
  port: number;
  jobs: InProcessJobQueue;
  sweeper: ChangeSweeper;
  drift: DriftMonitor;
  /** The drift check on `DRIFT_CHECK_MINUTES` (started with the server when it is above 0). */
  driftSchedule: DriftSchedule;
  /** Resolves once every listener still running after its acknowledgement, and every job, is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `npm start` against a Slack workspace (real or stand-in): Bolt's HTTP receiver behind our own
 * server, so that `GET /healthz` and the sandbox console share the port, and jobs run in-process
 * after the acknowledgement.
 */
export async function startHttpServer(options: {
  core: Core;
  secrets: SlackSecrets;
  port: number;
  host?: string;
  extraRoutes?: ExtraRoutes;
}): Promise<RunningServer> {
  const { core } = options;
  const { receiver, jobs, sweeper, drift, guard, idle } = createHttpBot(core, options.secrets, SLACK_EVENTS_PATH);
  const driftSchedule = new DriftSchedule(drift, core.config.driftCheckIntervalMs, core.clock, core.logger);
  const checkpointSchedule = new CheckpointSchedule(
    core.checkpoints,
    core.config.auditCheckpointIntervalMs,
    core.logger,
  );

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      core.logger.error({ err: error, path: request.url?.split('?')[0] }, 'HTTP request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === SLACK_EVENTS_PATH) {
      const timestamp = request.headers['x-slack-request-timestamp'];
      if (!isFreshSlackTimestamp(Array.isArray(timestamp) ? timestamp[0] : timestamp, Date.now())) {
        request.resume();
        response.writeHead(401).end();
        return;
      }
      // Read the body once here (Bolt reuses it) so that a signed request of a shape Slack never
      // sends is refused before Bolt, which throws on some outside any listener.
      let buffered: BufferedIncomingMessage;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(request, SLACK_BODY_LIMIT);
      } catch {
        response.writeHead(413).end();
        return;
      }
      const admitted = await admitSlackRequest(guard, buffered.rawBody.toString('utf8'), {
        contentType: firstHeader(request.headers['content-type']),
        signature: firstHeader(request.headers['x-slack-signature']),
        timestamp: firstHeader(timestamp),
      });
      if (!admitted) {
        response.writeHead(400, { 'Content-Type': 'text/plain' }).end('Malformed Slack request');
        return;
      }
      receiver.requestListener(buffered, response);
      return;
    }
    if (options.extraRoutes && (await options.extraRoutes(request, response))) return;
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }

  await listen(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  sweeper.start();
  checkpointSchedule.start();
  driftSchedule.start();
  const url = `http://${options.host ?? 'localhost'}:${port}`;
  return runningServer({ url, port, jobs, sweeper, drift, driftSchedule, idle }, async () => {
    await checkpointSchedule.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });
}

/**
 * A started server: `close` stops the sweeper and the drift schedule, then `stopServing` (what the
 * mode started besides), then waits until every running listener and job is done.
 */
export function runningServer(running: Omit<RunningServer, 'close'>, stopServing: () => Promise<void>): RunningServer {
  return {
    ...running,
    async close() {
      running.sweeper.stop();
      await running.driftSchedule.stop();
      await stopServing();
      await running.idle();
    },
  };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
