import { LRUCache } from 'lru-cache';
import type { ChimeRegion } from '../chime/regions';
import type { VoiceConnectorSummary } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import type { Logger } from '../logging/logger';

/**
 * The connector list behind typeahead: `block_suggestion` must be answered in its own
 * acknowledgement, so options come from this per-region cache of ListVoiceConnectors, refreshed
 * at most once a minute (in the background while the stale list is served), never a Chime call
 * per keystroke. Not audited: the command or submission a suggestion leads to is.
 */
export class ConnectorCatalog {
  private readonly cache: LRUCache<ChimeRegion, VoiceConnectorSummary[]>;

  constructor(
    voiceConnectors: VoiceConnectors,
    private readonly logger: Logger,
    private readonly options: { refreshMs?: number; firstLoadBudgetMs?: number } = {},
  ) {
    this.cache = new LRUCache<ChimeRegion, VoiceConnectorSummary[]>({
      max: 16,
      ttl: options.refreshMs ?? 60_000,
      allowStale: true,
      noDeleteOnStaleGet: true,
      // Keep serving the last good list when a refresh fails.
      allowStaleOnFetchRejection: true,
      fetchMethod: (region) => voiceConnectors.listVoiceConnectors(region),
    });
  }

  /** Starts loading a region's list (e.g. when the menu opens), without waiting. */
  prefetch(region: ChimeRegion): void {
    this.cache.fetch(region).catch((error: unknown) => {
      this.logger.warn({ err: error, region }, 'could not list voice connectors for typeahead');
    });
  }

  /**
   * The cached list, or, on a cold cache, the first load if it arrives within the budget (so the
   * acknowledgement stays inside Slack's 3 seconds); `undefined` when it did not.
   */
  async connectors(region: ChimeRegion): Promise<VoiceConnectorSummary[] | undefined> {
    const load = this.cache.fetch(region).catch((error: unknown) => {
      this.logger.warn({ err: error, region }, 'could not list voice connectors for typeahead');
      return undefined;
    });
    const budget = new Promise<undefined>((resolve) => {
      setTimeout(() => resolve(undefined), this.options.firstLoadBudgetMs ?? 1_500).unref();
    });
    return Promise.race([load, budget]);
  }
}
