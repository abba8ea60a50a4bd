import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const schema: unknown = JSON.parse(readFileSync(join(root, '..', 'shared', 'reference', 'slack-app-manifest.schema.json'), 'utf8'));
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as {
  features: { app_home: { home_tab_enabled: boolean }; slash_commands: Array<{ command: string; usage_hint?: string; description: string }> };
  oauth_config: { scopes: { bot: string[] } };
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

  it('enables the Home tab, interactivity and the two events', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention']);
  });

  it('asks for the minimal scopes only', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'chat:write', 'commands']);
  });
});
