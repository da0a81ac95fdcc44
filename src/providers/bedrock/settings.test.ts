import { describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../spec/provider.js';
import { bedrockSettingsFromEnvironment, validateBedrockSettings } from './settings.js';

const base = (extra: Partial<ProviderSettings> = {}): ProviderSettings => ({
  id: 'aws',
  type: 'bedrock',
  baseUrl: '',
  headers: {},
  dropParams: new Set(),
  ...extra,
});

describe('bedrockSettingsFromEnvironment', () => {
  it('fills region and keys from the AWS_* variables, as the AWS SDKs do', () => {
    const settings = base();
    bedrockSettingsFromEnvironment(settings, {
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
    });
    expect(settings).toMatchObject({ region: 'eu-west-1', accessKeyId: 'AKID', secretAccessKey: 's', sessionToken: 't' });
    expect(validateBedrockSettings(settings)).toBeUndefined();
  });

  it('never overrides what the config set, and prefers AWS_REGION over AWS_DEFAULT_REGION', () => {
    const settings = base({ accessKeyId: 'FROM_CONFIG', secretAccessKey: 'cfg' });
    bedrockSettingsFromEnvironment(settings, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'ENV' });
    expect(settings).toMatchObject({ region: 'us-west-2', accessKeyId: 'FROM_CONFIG', secretAccessKey: 'cfg' });
  });

  it('takes a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK, and names what is missing without one', () => {
    const withKey = base({ region: 'us-east-1' });
    bedrockSettingsFromEnvironment(withKey, { AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key' });
    expect(withKey.apiKey).toBe('bedrock-key');
    const without = base({ region: 'us-east-1' });
    bedrockSettingsFromEnvironment(without, {});
    expect(validateBedrockSettings(without)).toMatch(/needs api_key .* or access_key_id and secret_access_key/);
  });
});
