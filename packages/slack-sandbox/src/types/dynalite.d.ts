/** dynalite 4 ships no types; this covers what the embedded DynamoDB (embedded-dynamodb.ts) uses. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  namespace dynalite {
    interface Options {
      /** LevelDB directory; in memory when absent. */
      path?: string;
      /** How long a new table stays CREATING (default 500). */
      createTableMs?: number;
      deleteTableMs?: number;
      updateTableMs?: number;
      maxItemSizeKb?: number;
      ssl?: boolean;
      verbose?: boolean;
      debug?: boolean;
    }
  }

  function dynalite(options?: dynalite.Options): Server;
  export = dynalite;
}
