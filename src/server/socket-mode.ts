import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Core, createSocketModeBot, type SlackSecrets } from '../composition-root';
import { DriftSchedule } from '../drift/drift-schedule';
import { type RunningServer, runningServer } from './http-server';

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
  const { core } = options;
  const { app, jobs, sweeper, drift, idle } = createSocketModeBot(core, options.secrets, options.appToken);
  const driftSchedule = new DriftSchedule(drift, core.config.driftCheckIntervalMs, core.clock, core.logger);
  await app.start();
  sweeper.start();
  driftSchedule.start();

  const health = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok","mode":"socket"}');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => health.listen(options.port, resolve));
  const port = (health.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  return runningServer({ url, port, jobs, sweeper, drift, driftSchedule, idle }, async () => {
    await app.stop();
    await new Promise<void>((resolve) => health.close(() => resolve()));
  });
}
