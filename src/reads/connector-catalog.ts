import { LRUCache } from 'lru-cache';
import { CHIME_REGIONS, type ChimeRegion } from '../chime/regions';
import type { VoiceConnectorSummary } from '../chime/voice-connector';
import type { VoiceConnectors } from '../chime/voice-connectors';
import { type Clock, systemClock } from '../clock';
import type { Logger } from '../logging/logger';

/**
 * The connector list behind typeahead: `block_suggestion` must be answered in its own
 * acknowledgement, so options come from this per-region cache of ListVoiceConnectors, refreshed
 * at most once a minute (in the background while the stale list is served), never a Chime call
 * per keystroke. Not audited: the command or submission a suggestion leads to is.
 */
export class ConnectorCatalog {
  private readonly cache: LRUCache<ChimeRegion, VoiceConnectorSummary[]>;
  /** When the last failed ListVoiceConnectors of a region happened: no new try within a refresh. */
  private readonly failedAt = new Map<ChimeRegion, number>();
  private readonly refreshMs: number;

  constructor(
    voiceConnectors: VoiceConnectors,
    private readonly logger: Logger,
    private readonly options: { refreshMs?: number; firstLoadBudgetMs?: number; clock?: Clock } = {},
  ) {
    this.refreshMs = options.refreshMs ?? 60_000;
    this.cache = new LRUCache<ChimeRegion, VoiceConnectorSummary[]>({
      max: 16,
      ttl: this.refreshMs,
      // The refresh follows the injected clock (lru-cache would use performance.now()); no cached
      // reading of it either, so that a moved test clock is seen at once.
      perf: { now: () => this.now() },
      ttlResolution: 0,
      allowStale: true,
      noDeleteOnStaleGet: true,
      // Keep serving the last good list when a refresh fails.
      allowStaleOnFetchRejection: true,
      fetchMethod: async (region) => {
        try {
          const connectors = await voiceConnectors.listVoiceConnectors(region);
          this.failedAt.delete(region);
          return connectors;
        } catch (error) {
          this.failedAt.set(region, this.now());
          throw error;
        }
      },
    });
  }

  /** Starts loading a region's list (e.g. when the menu opens), without waiting. */
  prefetch(region: ChimeRegion): void {
    if (this.recentlyFailed(region)) return;
    this.cache.fetch(region).catch((error: unknown) => {
      this.logger.warn({ err: error, region }, 'could not list voice connectors for typeahead');
    });
  }

  /**
   * The cached list, or, on a cold cache, the first load if it arrives within the budget (so the
   * acknowledgement stays inside Slack's 3 seconds); `undefined` when it did not. After a failed
   * load the region is not asked again for a refresh period: a person typing must not turn a
   * throttled ListVoiceConnectors into one call per keystroke.
   */
  async connectors(region: ChimeRegion): Promise<VoiceConnectorSummary[] | undefined> {
    if (this.recentlyFailed(region)) return this.cache.get(region, { allowStale: true });
    const load = this.cache.fetch(region).catch((error: unknown) => {
      this.logger.warn({ err: error, region }, 'could not list voice connectors for typeahead');
      return undefined;
    });
    const budget = new Promise<undefined>((resolve) => {
      setTimeout(() => resolve(undefined), this.options.firstLoadBudgetMs ?? 1_500).unref();
    });
    return Promise.race([load, budget]);
  }

  /**
   * The regions other than `except` whose connector list holds `voiceConnectorId`: where to look
   * when a connector is not found where it was asked for. Lists not cached yet are loaded within
   * the same budget as the typeahead's, all regions at once; a region that cannot be listed is
   * left out.
   *
   * @example
   * await catalog.regionsOf('abcdef1234567890abcdef', 'us-east-1'); // ['eu-west-2']
   */
  async regionsOf(voiceConnectorId: string, except?: ChimeRegion): Promise<ChimeRegion[]> {
    const regions = CHIME_REGIONS.filter((region) => region !== except);
    const lists = await Promise.all(regions.map((region) => this.connectors(region)));
    return regions.filter((_, index) =>
      lists[index]?.some((connector) => connector.voiceConnectorId === voiceConnectorId),
    );
  }

  private recentlyFailed(region: ChimeRegion): boolean {
    const failed = this.failedAt.get(region);
    return failed !== undefined && this.now() - failed < this.refreshMs;
  }

  private now(): number {
    return (this.options.clock ?? systemClock).now();
  }
}
