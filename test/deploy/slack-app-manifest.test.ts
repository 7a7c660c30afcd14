import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Slack app manifest asks for exactly the bot scopes that the Web API methods called in `src/`
 * need: a new call to a method that needs another scope fails here until the manifest has it.
 */

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REQUEST_URL = 'https://<api-id>.execute-api.<region>.amazonaws.com/slack/events';

/** Bot scope each Web API method needs (Slack's method reference); `undefined`: none. */
const SCOPE_OF_METHOD: Record<string, string | undefined> = {
  'auth.test': undefined,
  'chat.postEphemeral': 'chat:write',
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'usergroups.users.list': 'usergroups:read',
  'users.info': 'users:read',
  'users.list': 'users:read',
  'views.open': undefined,
  'views.publish': undefined,
  'views.push': undefined,
  'views.update': undefined,
};

async function botSourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `client.chat.postMessage(` → `chat.postMessage`, wherever a WebClient is called. */
async function webApiMethodsCalled(): Promise<Set<string>> {
  const methods = new Set<string>();
  for (const file of await botSourceFiles(join(PROJECT_ROOT, 'src'))) {
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g)) {
      if (match[1] !== undefined) methods.add(match[1]);
    }
  }
  return methods;
}

/** The list items under `key:` at the given indentation, from a plain YAML block list. */
function yamlList(yaml: string, key: string): string[] {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s+- (\S+)\s*$/.exec(line);
    if (item?.[1] === undefined) break;
    items.push(item[1]);
  }
  return items;
}

function yamlValues(yaml: string, key: string): string[] {
  return [...yaml.matchAll(new RegExp(`^\\s+${key}: (.+)$`, 'gm'))].map((match) => match[1]?.trim() ?? '');
}

describe('slack-app-manifest.yml', () => {
  it('asks for exactly the bot scopes the Web API methods in src/ need', async () => {
    // Prepare
    const manifest = await readFile(join(PROJECT_ROOT, 'slack-app-manifest.yml'), 'utf8');
    const methods = await webApiMethodsCalled();

    // Act
    const unknown = [...methods].filter((method) => !(method in SCOPE_OF_METHOD));
    const needed = new Set(['commands', ...[...methods].map((method) => SCOPE_OF_METHOD[method])]);
    needed.delete(undefined);

    // Assess
    expect(methods.size).toBeGreaterThan(0);
    expect(unknown, 'add these methods and their scopes to SCOPE_OF_METHOD').toEqual([]);
    expect(yamlList(manifest, 'bot').sort()).toEqual([...needed].sort());
  });

  it('sends the slash command, interactions and options to the HTTP API route, escaped', async () => {
    // Prepare
    const manifest = await readFile(join(PROJECT_ROOT, 'slack-app-manifest.yml'), 'utf8');

    // Act
    const urls = ['url', 'request_url', 'message_menu_options_url'].flatMap((key) => yamlValues(manifest, key));

    // Assess
    expect(yamlValues(manifest, '- command')).toEqual(['/chime']);
    expect(yamlValues(manifest, 'should_escape')).toEqual(['true']);
    // The slash command, the Events API (the Home tab), interactivity and its options.
    expect(urls).toEqual([REQUEST_URL, REQUEST_URL, REQUEST_URL, REQUEST_URL]);
    expect(yamlList(manifest, 'bot_events')).toEqual(['app_home_opened']);
    expect(yamlValues(manifest, 'home_tab_enabled')).toEqual(['true']);
  });
});
