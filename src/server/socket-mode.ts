import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeReceiver } from '@slack/bolt';
import { type Core, createSlackApp, createWebClient, createWorker, type SlackSecrets } from '../composition-root';
import { InProcessJobQueue } from '../jobs/in-process-job-queue';
import { boltLogger } from '../logging/logger';
import { ChangeSweeper } from './change-sweeper';
import type { RunningServer } from './http-server';
import { InFlightWork } from './in-flight';

/**
 * `npm start` with `SLACK_APP_TOKEN`: Socket Mode, for a laptop against a real workspace with no
 * public URL. `GET /healthz` is still served on `PORT`.
 */
export async function startSocketMode(options: {
  core: Core;
  secrets: SlackSecrets;
  appToken: string;
  port: number;
}): Promise<RunningServer> {
  const { core, secrets } = options;
  const receiver = new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger(core.logger) });
  const jobs = new InProcessJobQueue(core.logger);
  const inFlight = new InFlightWork();
  const app = createSlackApp(core, secrets, receiver, jobs, inFlight);
  const worker = createWorker(core, createWebClient(core, secrets.botToken));
  jobs.attach(worker);
  const sweeper = new ChangeSweeper(core, worker);
  await app.start();
  sweeper.start();

  const health = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok","mode":"socket"}');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => health.listen(options.port, resolve));
  const port = (health.address() as AddressInfo).port;
  const idle = async () => {
    await inFlight.idle();
    await jobs.idle();
    await inFlight.idle();
  };
  return {
    url: `http://localhost:${port}`,
    port,
    jobs,
    sweeper,
    idle,
    async close() {
      sweeper.stop();
      await app.stop();
      await new Promise<void>((resolve) => health.close(() => resolve()));
      await idle();
    },
  };
}
