import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STUBS = join(PROJECT_ROOT, 'scripts', 'stubs');

/**
 * The Lambda functions and the module each one's handler comes from. `serverless.yml` names each
 * function's handler `dist/<function>.handler`.
 */
export const LAMBDA_FUNCTIONS = {
  slack: join(PROJECT_ROOT, 'src', 'lambda', 'slack-handler.ts'),
  worker: join(PROJECT_ROOT, 'src', 'lambda', 'worker-handler.ts'),
  sweep: join(PROJECT_ROOT, 'src', 'lambda', 'sweep-handler.ts'),
  drift: join(PROJECT_ROOT, 'src', 'lambda', 'drift-handler.ts'),
} as const;
export type LambdaFunctionName = keyof typeof LAMBDA_FUNCTIONS;
export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'dist');

/**
 * The Node.js major version Lambda runs the functions on: esbuild targets it, and `serverless.yml`'s
 * `provider.runtime` is `nodejs<major>.x` (test/deploy/serverless-template.test.ts checks that they
 * agree). Lambda offers `nodejs22.x` and `nodejs24.x`.
 */
export const LAMBDA_NODE_MAJOR = 24;

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

/**
 * Packages whose package.json does not declare `"sideEffects": false`, although importing them only
 * defines classes and functions. Declared here so that a function whose code never uses them
 * does not carry them because the composition root imports them for another function: the Slack
 * function never touches DynamoDB, and the worker and the sweep never build a Bolt app (they talk
 * to Slack through `@slack/web-api` alone).
 */
const PACKAGES_WITHOUT_IMPORT_SIDE_EFFECTS = ['@aws-sdk/lib-dynamodb', '@slack/bolt'];

/** Bolt's receivers that `App` requires at load time but a Lambda never constructs. */
const UNUSED_BOLT_RECEIVERS = ['HTTPReceiver', 'SocketModeReceiver', 'ExpressReceiver'];

export interface LambdaBundles {
  /** One entry module per function, each with only what that function loads. */
  functions: Record<LambdaFunctionName, FunctionBundle>;
  /** Every JavaScript file written: the three entries and every chunk. */
  totalBytes: number;
}

export interface FunctionBundle {
  /** Absolute path of the entry module, the one Lambda loads (`dist/<function>.mjs`). */
  file: string;
  /** Size of the entry module alone. */
  bytes: number;
  /** The entry and the chunks it imports statically: what every cold start of the function loads and parses. */
  loadedAtImportBytes: number;
  /** Bytes loaded at import per npm package (our own code under `src`), largest first. */
  largestParts: { name: string; bytes: number }[];
  /** Source modules (project-relative paths) in the files loaded at import. */
  modulesLoadedAtImport: string[];
  /** Source modules in every file the function can ever load, dynamic imports included. */
  modulesReachable: string[];
  /** esbuild's account of the function's build (inputs, outputs, who imports what), paths relative to the project. */
  metafile: Metafile;
}

/**
 * Builds the Lambda bundles: one minified ES module per function (`slack.mjs`, `worker.mjs`,
 * `sweep.mjs`), each with only what that function's handler reaches, in one `dist/`.
 *
 * Each function is its own esbuild build. esbuild drops the modules an entry imports but never
 * uses, because package.json says `"sideEffects": false`: importing a module of ours never does
 * anything by itself (no I/O, no registration), and the AWS SDK's packages say the same of theirs.
 * So the Slack function, which calls `createSlackFunction`, gets neither DynamoDB nor the change
 * engine nor the audit log, although they sit in the same composition root
 * (test/lambda/lambda-bundle.test.ts checks it). One build with the three entries would not do:
 * esbuild splits shared code by whole modules, so everything the composition root imports would
 * land in one chunk that every function loads.
 *
 * Within a function, code splitting leaves what the AWS SDK imports dynamically (the SSO, STS,
 * INI and web-identity credential providers) and the KMS client in chunks of their own
 * (`chunks/<function>/`), which a Lambda loads only if it ever needs them.
 * CommonJS dependencies get a real `require` for Node built-ins through `createRequire`, which an
 * ES module otherwise lacks. The `.mjs` extension keeps the bundles ES modules without the
 * project's package.json, which is not packaged.
 *
 * @example
 * const bundles = await buildLambdaBundles({ outDir: await mkdtemp(join(tmpdir(), 'bundle-')) });
 * const { handler } = await import(pathToFileURL(bundles.functions.slack.file).href);
 */
export async function buildLambdaBundles(options: { outDir?: string } = {}): Promise<LambdaBundles> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const names = Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[];
  const built = await Promise.all(names.map((name) => buildFunction(name, outDir)));
  const functions = Object.fromEntries(built.map((bundle, index) => [names[index], bundle])) as Record<
    LambdaFunctionName,
    FunctionBundle
  >;
  return {
    functions,
    totalBytes: built.reduce((sum, bundle) => sum + bundle.totalBytes, 0),
  };
}

function buildFunction(name: LambdaFunctionName, outDir: string): Promise<FunctionBundle & { totalBytes: number }> {
  return buildBundle(name, LAMBDA_FUNCTIONS[name], outDir, name === 'slack');
}

/**
 * Builds another entry exactly as a function's is built (the same esbuild options and stubs),
 * into `<outDir>/<name>.mjs`: the benchmark's reference bundles, such as the Slack function's
 * libraries without any code of ours (`bench/bundles/`).
 *
 * @example
 * const { file } = await buildReferenceBundle('slack-libraries', 'bench/bundles/slack-libraries.ts', outDir);
 */
export function buildReferenceBundle(name: string, entry: string, outDir: string): Promise<FunctionBundle> {
  return buildBundle(name, resolve(PROJECT_ROOT, entry), outDir, false);
}

async function buildBundle(
  name: string,
  entry: string,
  outDir: string,
  slackSide: boolean,
): Promise<FunctionBundle & { totalBytes: number }> {
  const { metafile } = await build({
    entryPoints: { [name]: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: `chunks/${name}/[name]-[hash]`,
    splitting: true,
    bundle: true,
    platform: 'node',
    target: `node${LAMBDA_NODE_MAJOR}`,
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
    plugins: [
      replaceWhatLambdaNeverRuns(),
      importZodAsNamespace(),
      ...(slackSide ? [jobHandlersStayInTheWorker()] : []),
    ],
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: PROJECT_ROOT,
  });
  assertNothingExcluded(name, metafile);
  const file = join(outDir, `${name}.mjs`);
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const entryPath = outputs.find(([path]) => resolve(PROJECT_ROOT, path) === file)?.[0];
  if (entryPath === undefined) throw new Error(`esbuild wrote no ${name}.mjs`);
  const loadedAtImport = outputClosure(metafile, entryPath, ['import-statement']);
  const inputsOf = (paths: string[]) =>
    [...new Set(paths.flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {})))].sort();
  return {
    file,
    bytes: metafile.outputs[entryPath]?.bytes ?? 0,
    loadedAtImportBytes: loadedAtImport.reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0),
    totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
    largestParts: largestParts(loadedAtImport.map((path) => metafile.outputs[path]?.inputs ?? {})),
    modulesLoadedAtImport: inputsOf(loadedAtImport),
    modulesReachable: inputsOf(outputs.map(([path]) => path)),
    metafile,
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
      const sideEffectFree = new RegExp(`^(${PACKAGES_WITHOUT_IMPORT_SIDE_EFFECTS.join('|')})$`);
      pluginBuild.onResolve({ filter: sideEffectFree }, async (args) => {
        if (args.pluginData === 'side-effect-free') return undefined;
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'side-effect-free',
        });
        return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: false };
      });
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

/**
 * An import of a job handler: a module named `*-job.ts` or `*-jobs.ts`, or one in a `jobs/`
 * folder of `src/handlers` (the job runner, the shared read and authorisation steps). Operations
 * keep their handlers in such modules (`src/operations/<name>/<name>-job.ts`).
 */
export const JOB_HANDLER_IMPORT = /(?:-jobs?|\/handlers\/jobs\/[^/]+)$/;

/**
 * In the Slack function's bundle only: each operation's object names its job handlers, so that one
 * registry drives both sides, but the Slack function only queues jobs and never runs one. Their
 * modules (and everything only they import: the change engine's callers, the audited reads) are
 * replaced by a stand-in whose every export throws, so the function neither loads nor parses them,
 * and a change that starts to run a job in the Slack function fails loudly in tests.
 */
function jobHandlersStayInTheWorker(): Plugin {
  return {
    name: 'job-handlers-stay-in-the-worker',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: JOB_HANDLER_IMPORT }, (args) =>
        args.importer.includes('node_modules') || !args.path.startsWith('.')
          ? undefined
          : { path: args.path, namespace: 'worker-only' },
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: 'worker-only' }, (args) => ({
        contents:
          'module.exports = new Proxy({}, { get: (_, name) => name === "__esModule" ? true : () => { ' +
          `throw new Error(${JSON.stringify(`${args.path}: jobs run in the worker, not in the Slack function`)} + ' (' + String(name) + ')'); } });\n`,
        loader: 'js',
      }));
    },
  };
}

const ZOD_NAMED_IMPORT = /^import \{ z \} from 'zod';$/gm;

/**
 * Reads our modules' `import { z } from 'zod'` as `import * as z from 'zod'`, in the bundles only.
 * zod's index exports `z` as a namespace *value*, which esbuild cannot shake: the named import
 * keeps all of zod (JSON Schema conversion, `z.compile` and the rest, about 190 KiB, compiled by
 * every cold start). The namespace import, the form zod's documentation recommends, gives the same
 * members (the index re-exports every member of `z`) and lets esbuild keep only what the code uses
 * (about 100 KiB). Once our modules are written that way, this finds nothing to do.
 */
function importZodAsNamespace(): Plugin {
  const ourSources = join(PROJECT_ROOT, 'src', '');
  return {
    name: 'import-zod-as-namespace',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(ourSources)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const rewritten = source.replace(ZOD_NAMED_IMPORT, "import * as z from 'zod';");
        return rewritten === source ? undefined : { contents: rewritten, loader: 'ts' };
      });
    },
  };
}

function packageOf(inputPath: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(inputPath);
  return match?.[1] ?? (inputPath.startsWith('scripts/') ? 'scripts/stubs' : 'src');
}

function assertNothingExcluded(name: string, metafile: Metafile): void {
  const found = new Set(Object.keys(metafile.inputs).map(packageOf));
  const excluded = EXCLUDED_PACKAGES.filter((name) => found.has(name));
  if (excluded.length > 0) {
    throw new Error(
      `The ${name} function's bundle includes ${excluded.join(', ')}: a dependency now requires them by another path; ` +
        'extend replaceWhatLambdaNeverRuns() in scripts/build.ts.',
    );
  }
}

/** The output files `entryPath` loads through imports of the given kinds (static: as soon as it is imported). */
function outputClosure(metafile: Metafile, entryPath: string, kinds: string[]): string[] {
  const seen = new Set<string>([entryPath]);
  const pending = [entryPath];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (!kinds.includes(imported.kind) || imported.external || seen.has(imported.path)) continue;
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
  const bundles = await buildLambdaBundles();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    `Built the Lambda bundles in ${seconds} s (${formatBytes(bundles.totalBytes)} in all, chunks included):`,
  ];
  for (const [name, bundle] of Object.entries(bundles.functions)) {
    lines.push(
      `  ${relative(process.cwd(), bundle.file)}: ${formatBytes(bundle.loadedAtImportBytes)} loaded at import ` +
        `(${bundle.loadedAtImportBytes} bytes: the entry and the chunks it imports); the ${name} function's largest parts: ` +
        bundle.largestParts
          .slice(0, 6)
          .map((part) => `${part.name} ${formatBytes(part.bytes)}`)
          .join(', '),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
