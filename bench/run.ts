import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { formatBytes } from '../scripts/build';
import { type AckLatency, startBotUnderTest } from './ack-latency';
import { printAuditScale } from './audit-scale';
import { measureColdStarts, type Timing } from './cold-start';

/**
 * `npm run bench`: acknowledgement latency of `/chime termination` against the bot of `npm start`
 * with Chime answering at once and with 2 s of Chime latency, the Lambda bundle's size, and
 * cold-start import time of the bundle next to the same code unbundled. Figures go to
 * BENCHMARKS.md by hand, with the machine and the date this prints.
 */

const REQUESTS = 200;
const CONCURRENCY = 10;
const WARM_UP = 20;
const CHIME_LATENCY_MS = 2_000;
const COLD_START_RUNS = 11;
const ACK_AIM_MS = 100;

function milliseconds(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('   ')}`;
  return [line(header), `  ${widths.map((width) => '-'.repeat(width)).join('   ')}`, ...rows.map(line)].join('\n');
}

function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<void> {
  const cpu = cpus();
  print(`chime-voice-ops benchmarks, ${new Date().toISOString()}`);
  print(
    `node ${process.version}, ${process.platform} ${release()} ${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${formatBytes(totalmem())} RAM (${formatBytes(freemem())} free), load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
  );
  print();

  const bot = await startBotUnderTest();
  const latencies: [string, AckLatency][] = [];
  try {
    latencies.push([
      'answers at once',
      await bot.measure({ requests: REQUESTS, concurrency: CONCURRENCY, warmUp: WARM_UP }),
    ]);
    bot.chime.setLatency('*', CHIME_LATENCY_MS);
    latencies.push([
      `${CHIME_LATENCY_MS} ms latency`,
      await bot.measure({ requests: REQUESTS, concurrency: CONCURRENCY, warmUp: WARM_UP }),
    ]);
  } finally {
    await bot.close();
  }
  print(
    `Acknowledgement latency of /chime termination <id> over HTTP (npm start), ${REQUESTS} signed requests at ` +
      `concurrency ${CONCURRENCY} after ${WARM_UP} warm-up requests (aim: p99 < ${ACK_AIM_MS} ms)`,
  );
  print(
    table(
      ['Chime', 'p50', 'p99', 'max', 'non-200', 'replies delivered', 'p99 aim'],
      latencies.map(([label, result]) => [
        label,
        milliseconds(result.p50Ms),
        milliseconds(result.p99Ms),
        milliseconds(result.maxMs),
        String(result.failures),
        `${result.repliesDelivered}/${result.requests}`,
        result.p99Ms < ACK_AIM_MS ? 'met' : 'MISSED',
      ]),
    ),
  );
  print();

  const coldStarts = await measureColdStarts({ runs: COLD_START_RUNS });
  const { bundle } = coldStarts;
  print('Lambda bundle (npm run build)');
  print(
    table(
      ['file', 'size'],
      [
        ['handlers.mjs (the entry)', formatBytes(bundle.bytes)],
        ['loaded at import (entry + the chunks it imports)', formatBytes(bundle.loadedAtImportBytes)],
        ['everything, with chunks loaded only when needed', formatBytes(bundle.totalBytes)],
      ],
    ),
  );
  print(
    `  largest parts loaded at import: ${bundle.largestParts
      .slice(0, 6)
      .map((part) => `${part.name} ${formatBytes(part.bytes)}`)
      .join(', ')}`,
  );
  print();

  const ratio = coldStarts.bundleMs.median / coldStarts.unbundledMs.median;
  print(`Cold start: whole node processes that load the module and exit (median of ${coldStarts.runs}, min–max)`);
  const processes: [string, Timing][] = [
    ['node -e 0 (the floor)', coldStarts.floorMs],
    ['import the Lambda bundle', coldStarts.bundleMs],
    ['import the same modules unbundled from node_modules', coldStarts.unbundledMs],
  ];
  print(
    table(
      ['process', 'median', 'min', 'max'],
      processes.map(([label, timing]) => [
        label,
        milliseconds(timing.median),
        milliseconds(timing.min),
        milliseconds(timing.max),
      ]),
    ),
  );
  const aboveFloor =
    (coldStarts.bundleMs.median - coldStarts.floorMs.median) /
    (coldStarts.unbundledMs.median - coldStarts.floorMs.median);
  print(
    `  bundle / unbundled: ${ratio.toFixed(2)} (aim ≤ 0.33: ${ratio <= 1 / 3 ? 'met' : 'MISSED'}); ` +
      `above the floor: ${aboveFloor.toFixed(2)}`,
  );
  print();
  await printAuditScale(print);
}

await main();
