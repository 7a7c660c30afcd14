import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildLambdaBundle, LAMBDA_ENTRY, type LambdaBundle } from '../scripts/build';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Cold-start import time: whole `node` processes (Node's own start included) that load a module
 * and exit, for the Lambda bundle and for the same code unbundled, with `node -e 0` as the floor.
 *
 * "Unbundled" is the Lambda entry with our own TypeScript compiled into one module (Node cannot
 * load `.ts` itself) and every npm package left to Node to load from node_modules, as a
 * deployment that zips node_modules would.
 *
 * @example
 * const coldStarts = await measureColdStarts({ runs: 11 });
 * console.log(coldStarts.bundleMs.median / coldStarts.unbundledMs.median);
 */
export interface ColdStarts {
  bundle: LambdaBundle;
  runs: number;
  floorMs: Timing;
  bundleMs: Timing;
  unbundledMs: Timing;
}

export interface Timing {
  median: number;
  min: number;
  max: number;
}

export async function measureColdStarts(options: { runs: number }): Promise<ColdStarts> {
  const workDir = await mkdtemp(join(tmpdir(), 'chime-voice-ops-bench-'));
  try {
    const bundle = await buildLambdaBundle({ outDir: join(workDir, 'bundle') });
    const unbundled = await buildUnbundledEntry(join(workDir, 'unbundled', 'handlers.mjs'));
    // A module that fails to load exits fast: make sure both really export the three handlers.
    for (const file of [bundle.file, unbundled]) await assertExportsHandlers(file);

    const commands = {
      floor: ['-e', '0'],
      bundle: [bundle.file],
      unbundled: [unbundled],
    } as const;
    const samples: Record<keyof typeof commands, number[]> = { floor: [], bundle: [], unbundled: [] };
    const order = Object.keys(commands) as (keyof typeof commands)[];
    for (let run = 0; run < options.runs; run++) {
      // Rotate the order so that no variant always runs right after another.
      for (const variant of [...order.slice(run % 3), ...order.slice(0, run % 3)]) {
        samples[variant].push(await timeNodeProcess(commands[variant]));
      }
    }
    return {
      bundle,
      runs: options.runs,
      floorMs: summarise(samples.floor),
      bundleMs: summarise(samples.bundle),
      unbundledMs: summarise(samples.unbundled),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Our code in one ES module; every bare import stays an import of the file Node would resolve in node_modules. */
async function buildUnbundledEntry(outfile: string): Promise<string> {
  const packagesFromNodeModules: Plugin = {
    name: 'packages-from-node-modules',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'resolving',
        });
        if (resolved.errors.length > 0 || !resolved.path.includes(`${join('node_modules', '')}`)) return undefined;
        // An absolute path: `validator/lib/isFQDN` has no extension, which Node's ESM loader refuses.
        return { path: resolved.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [LAMBDA_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    plugins: [packagesFromNodeModules],
    logLevel: 'warning',
    absWorkingDir: PROJECT_ROOT,
  });
  return outfile;
}

async function assertExportsHandlers(file: string): Promise<void> {
  const script = `import(${JSON.stringify(file)}).then((m) => process.stdout.write(Object.keys(m).sort().join(',')))`;
  const { code, output } = await runNode(['-e', script]);
  if (code !== 0 || !/\bslack\b.*\bsweep\b.*\bworker\b/.test(output)) {
    throw new Error(`${file} does not load as a Lambda entry (exit ${code}):\n${output}`);
  }
}

async function timeNodeProcess(args: readonly string[]): Promise<number> {
  const started = performance.now();
  const { code, output } = await runNode(args);
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${code}):\n${output}`);
  return elapsed;
}

function runNode(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, args, {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', rejectRun);
    child.once('close', (code) => resolveRun({ code, output }));
  });
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}
