/**
 * URL path injection: with a dated api-version the deployment name (the target model) is a path
 * segment; with 'v1' it travels only in the body. Hostile names are refused with a 400 naming
 * 'model' or stay in that one segment, and the api-version query is never altered.
 */
import { describe, expect, it } from 'vitest';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { checkHostileModels, HOSTILE_MODELS } from '../../testing/hostile-models.js';
import { ask, settingsFor } from '../../testing/provider-roundtrip.js';
import { azureOpenAIProvider as azure } from './index.js';

const ORIGIN = 'https://res.openai.azure.com';
const dated = settingsFor('azure-openai', ORIGIN, { apiVersion: '2024-10-21' });
const v1 = settingsFor('azure-openai', ORIGIN, { apiVersion: 'v1' });
const deploymentUrl = (op: string) => ({
  origin: ORIGIN,
  pathname: (model: string) => `/openai/deployments/${encodeURIComponent(model)}/${op}`,
  search: '?api-version=2024-10-21',
});

// Names without the characters Azure resource names exclude: one encoded segment, Azure answers 404.
const WELL_FORMED = new Set([':generateContent', 'ünïcödé', 'x'.repeat(3000), '@evil.example', 'a;b=c', 'a b', ' ']);

describe('azure-openai: hostile deployment names', () => {
  it('refuses the impossible ones and keeps the rest in one encoded segment, for chat and embeddings', () => {
    const refused = checkHostileModels((model) => azure.chat.encode(ask(model, 'hi'), dated), deploymentUrl('chat/completions'));
    expect(refused).toEqual(HOSTILE_MODELS.filter((model) => !WELL_FORMED.has(model)));
    checkHostileModels((model) => azure.embeddings!.encode({ model, input: ['a'] }, dated), deploymentUrl('embeddings'));
  });

  it('explains the refusal', () => {
    expect(thrownGatewayError(() => azure.chat.encode(ask('a/b', 'hi'), dated)).message).toBe(
      `Invalid 'model' "a/b": Azure deployment names never contain <, >, %, &, \\, ?, / or #.`,
    );
    expect(thrownGatewayError(() => azure.chat.encode(ask('..', 'hi'), dated)).message).toMatch(/are not names/);
  });

  it('keeps ordinary deployment names as they are', () => {
    expect(azure.chat.encode(ask('my-gpt-4o_v2.1', 'hi'), dated).url).toBe(
      `${ORIGIN}/openai/deployments/my-gpt-4o_v2.1/chat/completions?api-version=2024-10-21`,
    );
  });

  it('with api_version v1, never puts the name in the URL, only in the body', () => {
    const fixed = (op: string) => ({ origin: ORIGIN, pathname: () => `/openai/v1/${op}` });
    expect(checkHostileModels((model) => azure.chat.encode(ask(model, 'hi'), v1), fixed('chat/completions'))).toEqual([]);
    expect(checkHostileModels((model) => azure.embeddings!.encode({ model, input: ['a'] }, v1), fixed('embeddings'))).toEqual([]);
    expect(JSON.parse(azure.chat.encode(ask('../x?y', 'hi'), v1).body as string).model).toBe('../x?y');
  });
});
