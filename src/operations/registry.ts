import { z } from 'zod';
import { SHARED_IDS } from '../blocks/ids';
import type { ChangeKind } from '../changes/change-kind';
import type { ChimeOperation } from '../chime/chime-errors';
import { refusals } from '../handlers/refusals';
import { CONNECTOR_TAGS_CHIME_ACTIONS } from '../policy/connector-tags';
import { audit } from './audit';
import { changeRequests } from './change-requests';
import { credentials } from './credentials';
import { drift } from './drift';
import { health } from './health';
import { home } from './home';
import type { AnyJobDefinition, ChangeModule, MenuEntry, Operation, SubcommandSpec } from './operation';
import { origination } from './origination';
import { policy } from './policy';
import { proxy } from './proxy';
import { proxySession } from './proxy-session';
import { termination } from './termination';
import { terminationChangeOperation } from './termination-change';

/**
 * Every operation the bot offers, in the order of the help and the menu. Adding one is a folder
 * in `src/operations/` and a line here (and its IAM statement in `serverless.yml`).
 */
export const OPERATIONS = [
  health,
  termination,
  proxy,
  proxySession,
  origination,
  credentials,
  terminationChangeOperation,
  audit,
  policy,
  home,
  changeRequests,
  drift,
  refusals,
] as const satisfies readonly Operation[];

type JobDefinitionOf<O> = O extends { jobs: readonly (infer D)[] } ? D : never;
type JobSchemaOf<D> = D extends { schema: infer S } ? S : never;
/** The schema of every job any operation declares. */
type AnyJobSchema = JobSchemaOf<JobDefinitionOf<(typeof OPERATIONS)[number]>>;

/**
 * What the rest of the bot asks of the operations: the grammar, help and menu, the job schema
 * and dispatch, and the change kinds. Built once from a list (the tests build smaller ones).
 */
export interface Registry {
  readonly operations: readonly Operation[];
  readonly subcommands: readonly SubcommandSpec[];
  /** The subcommand of this name (`termination`, `audit verify`); the grammar only returns known ones. */
  subcommand(name: string): SubcommandSpec;
  readonly menu: readonly MenuEntry[];
  readonly help: {
    usages: readonly SubcommandSpec['help'][];
    notes: (command: string) => string[];
  };
  readonly jobs: ReadonlyMap<string, AnyJobDefinition>;
  readonly changeModules: ReadonlyMap<string, ChangeModule>;
  /** The change module of this kind; throws for a kind no operation declares. */
  changeModule(kind: string): ChangeModule;
  readonly changeKinds: ReadonlyMap<string, ChangeKind>;
  /** The Chime SDK Voice actions each function calls, sorted: what `serverless.yml` grants it. */
  readonly chimeActions: {
    slack: readonly ChimeOperation[];
    worker: readonly ChimeOperation[];
    sweep: readonly ChimeOperation[];
  };
}

/**
 * Chime calls of the shared services rather than of an operation: the connector typeahead (in the
 * Slack function) lists the connectors of a region.
 */
const CATALOG_CHIME_ACTIONS: readonly ChimeOperation[] = ['ListVoiceConnectors'];

export function createRegistry(operations: readonly Operation[]): Registry {
  const subcommands = operations.flatMap((operation) => operation.commands ?? []);
  const byName = uniqueBy(subcommands, (spec) => spec.words.join(' '), 'subcommand');
  const jobs = uniqueBy(
    operations.flatMap((operation) => operation.jobs ?? []),
    (definition) => definition.kind,
    'job kind',
  );
  const changeModules = uniqueBy(
    operations.flatMap((operation) => (operation.change ? [operation.change] : [])),
    (module) => module.kind.name,
    'change kind',
  );
  uniqueBy(
    operations.flatMap((operation) => operation.menu ?? []),
    (entry) => entry.value,
    'menu entry',
  );
  assertUniqueIds(operations);
  return {
    operations,
    subcommands,
    subcommand(name) {
      const spec = byName.get(name);
      if (spec === undefined) throw new Error(`no operation declares the subcommand ${JSON.stringify(name)}`);
      return spec;
    },
    menu: operations.flatMap((operation) => operation.menu ?? []),
    help: {
      usages: subcommands.filter((spec) => !spec.help.hidden).map((spec) => spec.help),
      notes: (command) => operations.flatMap((operation) => operation.helpNotes?.(command) ?? []),
    },
    jobs,
    changeModules,
    changeModule(kind) {
      const module = changeModules.get(kind);
      if (module === undefined) throw new Error(`no operation declares the change kind ${JSON.stringify(kind)}`);
      return module;
    },
    changeKinds: new Map([...changeModules].map(([name, module]) => [name, module.kind])),
    chimeActions: chimeActionsOf(operations),
  };
}

/** The operations of this build. */
export const REGISTRY: Registry = createRegistry(OPERATIONS);

/** Every job's payload, as one discriminated union on `kind` (see `src/jobs/job-codec.ts`). */
export const JOB_SCHEMA = z.discriminatedUnion(
  'kind',
  [...REGISTRY.jobs.values()].map((definition) => definition.schema) as [AnyJobSchema, ...AnyJobSchema[]],
) as unknown as z.ZodType<z.infer<AnyJobSchema>>;

function chimeActionsOf(operations: readonly Operation[]): Registry['chimeActions'] {
  const sorted = (actions: readonly ChimeOperation[]) => [...new Set(actions)].sort();
  const kinds = operations.flatMap((operation) => operation.change?.kind.chimeActions ?? []);
  return {
    slack: sorted(CATALOG_CHIME_ACTIONS),
    worker: sorted([
      ...CATALOG_CHIME_ACTIONS,
      // Filing a change request under a policy whose rules match on connector tags reads them.
      ...CONNECTOR_TAGS_CHIME_ACTIONS,
      ...kinds,
      ...operations.flatMap((operation) => operation.chimeActions ?? []),
    ]),
    sweep: sorted(kinds),
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string, what: string): Map<string, T> {
  const found = new Map<string, T>();
  for (const item of items) {
    const name = key(item);
    if (found.has(name)) throw new Error(`two operations declare the ${what} ${JSON.stringify(name)}`);
    found.set(name, item);
  }
  return found;
}

/**
 * Slack routes an interaction to a listener by its ids: two operations declaring the same
 * `callback_id`, `action_id` or `block_id` would steal each other's clicks. Checked when the
 * registry is built, so such a clash fails every test and every start.
 */
function assertUniqueIds(operations: readonly Operation[]): void {
  const owners = [{ name: 'shared', ids: SHARED_IDS }, ...operations.map((op) => ({ name: op.name, ids: op.ids }))];
  for (const category of ['callbackIds', 'actionIds', 'blockIds'] as const) {
    const seen = new Map<string, string>();
    for (const owner of owners) {
      for (const id of owner.ids?.[category] ?? []) {
        const other = seen.get(id);
        if (other !== undefined) throw new Error(`${owner.name} and ${other} both declare the ${category} ${id}`);
        seen.set(id, owner.name);
      }
    }
  }
}
