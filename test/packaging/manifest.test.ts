import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/slack/oauth';
import { CallbackId } from '../../src/views/action-ids';

const root = join(__dirname, '..', '..');
const schema: unknown = JSON.parse(
  readFileSync(join(root, 'test', 'fixtures', 'slack-app-manifest.schema.json'), 'utf8'),
);
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled?: boolean };
    slash_commands: Array<{ command: string; usage_hint?: string; description: string }>;
    shortcuts?: Array<{ name: string; type: string; callback_id: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
};

describe('manifest.yml', () => {
  it("validates against Slack's manifest schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schema as object);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('declares /mirrors with a usage hint within limits', () => {
    const command = manifest.features.slash_commands.find((c) => c.command === '/mirrors');
    expect(command).toBeDefined();
    expect(command?.usage_hint?.length).toBeGreaterThan(0);
    expect(command?.usage_hint?.length).toBeLessThanOrEqual(1000);
    expect(command?.description.length).toBeLessThanOrEqual(2000);
  });

  it('enables the Home tab, interactivity and its events, the uninstall ones for distribution included', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'app_uninstalled',
      'tokens_revoked',
    ]);
  });

  it('asks an OAuth install for exactly the bot scopes it declares, and redirects to /slack/oauth_redirect', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(manifest.oauth_config.redirect_urls?.every((url) => url.endsWith('/slack/oauth_redirect'))).toBe(true);
  });

  it('declares the global shortcut that opens the query builder, under the callback_id the app listens on', () => {
    expect(manifest.features.shortcuts).toEqual([
      {
        name: 'Find mirror sessions',
        type: 'global',
        callback_id: CallbackId.QueryBuilderShortcut,
        description: expect.any(String) as string,
      },
    ]);
    const shortcut = manifest.features.shortcuts?.[0];
    expect(shortcut?.callback_id).toBe('mirrors_query_builder');
    expect(shortcut?.name.length).toBeLessThanOrEqual(24);
    expect(shortcut?.description.length).toBeGreaterThan(0);
    expect(shortcut?.description.length).toBeLessThanOrEqual(150);
  });

  it('keeps the Messages tab on, where DMs from the bot (query builder, Home lists) arrive', () => {
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks for the minimal scopes only', () => {
    // Global shortcuts ride on `commands`; a DM posted to a user id needs only chat:write (no im:write); the bot
    // posts only where it has been invited (no chat:write.public). The *:history scopes let it read back where it
    // posted, so a post whose connection broke is not posted twice.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'channels:history',
      'chat:write',
      'commands',
      'groups:history',
      'im:history',
      'mpim:history',
    ]);
  });
});
