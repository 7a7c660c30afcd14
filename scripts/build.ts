import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STUBS = join(PROJECT_ROOT, 'scripts', 'stubs');

/** The Lambda entry: the `slack`, `worker` and `sweep` handlers. */
export const LAMBDA_ENTRY = join(PROJECT_ROOT, 'src', 'lambda', 'handlers.ts');
/** The bundle's file name; `serverless.yml` names its handlers `dist/handlers.<export>`. */
export const LAMBDA_BUNDLE_FILE = 'handlers.mjs';
export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'dist');

/**
 * Packages that must never reach the bundle: Bolt's Socket Mode, HTTP and OAuth code pulls them in,
 * and a Lambda runs none of it. The build fails if one appears (say, a Bolt upgrade that moves a
 * require), rather than quietly growing the bundle by a megabyte.
 */
const EXCLUDED_PACKAGES = [
  '@slack/socket-mode',
  'undici',
  'express',
  'iconv-lite',
  'body-parser',
  'raw-body',
  '@slack/oauth',
  'jsonwebtoken',
];

/** Bolt's receivers that `App` requires at load time but a Lambda never constructs. */
const UNUSED_BOLT_RECEIVERS = ['HTTPReceiver', 'SocketModeReceiver', 'ExpressReceiver'];

export interface LambdaBundle {
  /** Absolute path of the entry module, the one Lambda loads. */
  file: string;
  /** Size of the entry module alone. */
  bytes: number;
  /** The entry and the chunks it imports statically: what every cold start loads and parses. */
  loadedAtImportBytes: number;
  /** Every JavaScript file, including the chunks imported only when needed. */
  totalBytes: number;
  /** Bytes loaded at import per npm package (our own code under `src`), largest first. */
  largestParts: { name: string; bytes: number }[];
}

/**
 * Builds the Lambda bundle: one minified ES module, `handlers.mjs`, with the three handlers, and
 * the chunks it imports. Code splitting leaves what the AWS SDK imports dynamically (the SSO, STS,
 * INI and web-identity credential providers) in chunks of its own, which a Lambda, with its
 * credentials in the environment, never loads.
 * CommonJS dependencies get a real `require` for Node built-ins through `createRequire`, which an
 * ES module otherwise lacks. The `.mjs` extension keeps the bundle an ES module without the
 * project's package.json, which is not packaged.
 *
 * @example
 * const bundle = await buildLambdaBundle({ outDir: await mkdtemp(join(tmpdir(), 'bundle-')) });
 * const { slack } = await import(pathToFileURL(bundle.file).href);
 */
export async function buildLambdaBundle(options: { outDir?: string } = {}): Promise<LambdaBundle> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: { handlers: LAMBDA_ENTRY },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    // The AWS SDK's ES builds (`module`) let esbuild drop what the bot never calls, and their
    // credential providers stay behind dynamic imports; Node ignores `module`, so unbundled it
    // loads the CommonJS builds.
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __bundleCreateRequire } from 'node:module';const require = __bundleCreateRequire(import.meta.url);",
    },
    plugins: [replaceWhatLambdaNeverRuns()],
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: PROJECT_ROOT,
  });
  assertNothingExcluded(result.metafile);
  const file = join(outDir, LAMBDA_BUNDLE_FILE);
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const entryPath = outputs.find(([path]) => resolve(PROJECT_ROOT, path) === file)?.[0];
  if (entryPath === undefined) throw new Error(`esbuild wrote no ${LAMBDA_BUNDLE_FILE}`);
  const loadedAtImport = staticImportClosure(result.metafile, entryPath);
  return {
    file,
    bytes: (await stat(file)).size,
    loadedAtImportBytes: loadedAtImport.reduce((sum, path) => sum + (result.metafile.outputs[path]?.bytes ?? 0), 0),
    totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
    largestParts: largestParts(loadedAtImport.map((path) => result.metafile.outputs[path]?.inputs ?? {})),
  };
}

/**
 * Replaces, in the bundle only, what Bolt and zod load at start-up that a Lambda never runs:
 * Bolt's HTTP, Socket Mode and Express receivers (and with them undici, express, iconv-lite),
 * `raw-body`, `@slack/oauth`, pino's worker-thread transport, and zod's non-English locales. The stand-ins in `scripts/stubs`
 * throw if ever used, so a change that starts to need one fails loudly in tests.
 */
function replaceWhatLambdaNeverRuns(): Plugin {
  const receiverPattern = new RegExp(`^\\./receivers/(${UNUSED_BOLT_RECEIVERS.join('|')})$`);
  const inPackage = (importer: string, name: string) => importer.includes(join('node_modules', name, ''));
  return {
    name: 'replace-what-lambda-never-runs',
    setup(pluginBuild) {
      // Bolt's App.js and index.js require them as `./receivers/<Name>`.
      pluginBuild.onResolve({ filter: receiverPattern }, (args) => {
        const name = receiverPattern.exec(args.path)?.[1];
        if (name === undefined || !inPackage(args.importer, '@slack/bolt')) return undefined;
        return { path: name, namespace: 'unavailable-receiver' };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'unavailable-receiver' }, (args) => ({
        contents:
          "import { unavailableClass } from './unavailable-in-lambda';\n" +
          `export default unavailableClass(${JSON.stringify(args.path)}, 'the Lambda entry gives Bolt an AwsLambdaReceiver');\n`,
        resolveDir: STUBS,
        loader: 'ts',
      }));
      pluginBuild.onResolve({ filter: /^raw-body$/ }, () => ({ path: join(STUBS, 'raw-body.ts') }));
      pluginBuild.onResolve({ filter: /^@slack\/oauth$/ }, () => ({ path: join(STUBS, 'slack-oauth.ts') }));
      pluginBuild.onResolve({ filter: /^thread-stream$/ }, (args) =>
        inPackage(args.importer, 'pino') ? { path: join(STUBS, 'thread-stream.ts') } : undefined,
      );
      pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        inPackage(args.importer, 'zod') ? { path: join(STUBS, 'zod-locales.ts') } : undefined,
      );
    },
  };
}

function packageOf(inputPath: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(inputPath);
  return match?.[1] ?? (inputPath.startsWith('scripts/') ? 'scripts/stubs' : 'src');
}

function assertNothingExcluded(metafile: Metafile): void {
  const found = new Set(Object.keys(metafile.inputs).map(packageOf));
  const excluded = EXCLUDED_PACKAGES.filter((name) => found.has(name));
  if (excluded.length > 0) {
    throw new Error(
      `The Lambda bundle includes ${excluded.join(', ')}: a dependency now requires them by another path; ` +
        'extend replaceWhatLambdaNeverRuns() in scripts/build.ts.',
    );
  }
}

/** The output files loaded as soon as `entryPath` is imported (not its dynamic imports). */
function staticImportClosure(metafile: Metafile, entryPath: string): string[] {
  const seen = new Set<string>([entryPath]);
  const pending = [entryPath];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || seen.has(imported.path)) continue;
      seen.add(imported.path);
      pending.push(imported.path);
    }
  }
  return [...seen];
}

function largestParts(outputs: Metafile['outputs'][string]['inputs'][]): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const [path, input] of outputs.flatMap((inputs) => Object.entries(inputs))) {
    const name = packageOf(path);
    totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const bundle = await buildLambdaBundle();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `Built ${relative(process.cwd(), bundle.file)} in ${seconds} s: ${formatBytes(bundle.loadedAtImportBytes)} ` +
      `loaded at import (${bundle.loadedAtImportBytes} bytes: the entry and the chunks it imports), ` +
      `${formatBytes(bundle.totalBytes)} with the chunks loaded only when needed\n` +
      `Largest parts loaded at import: ${bundle.largestParts
        .slice(0, 8)
        .map((part) => `${part.name} ${formatBytes(part.bytes)}`)
        .join(', ')}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
