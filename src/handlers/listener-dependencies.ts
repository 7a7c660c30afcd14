import type { AccessPolicy } from '../access/access-policy';
import type { SecretSealer } from '../changes/secret-sealer';
import type { Config } from '../config/config';
import type { JobQueue } from '../jobs/job';
import type { Logger } from '../logging/logger';
import type { Registry } from '../operations/registry';
import type { ConnectorCatalog } from '../reads/connector-catalog';

/**
 * What the Slack listeners need. They parse, acknowledge and hand work to the job queue; only
 * typeahead reads (the cached catalog) and sealing happen before the acknowledgement.
 */
export interface ListenerDependencies {
  config: Config;
  registry: Registry;
  jobs: JobQueue;
  catalog: ConnectorCatalog;
  access: AccessPolicy;
  sealer?: SecretSealer;
  logger: Logger;
}
