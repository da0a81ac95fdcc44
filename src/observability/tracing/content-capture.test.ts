import { describe, expect, it } from 'vitest';
import { RequestContext } from '../../pipeline/context.js';
import { capturePolicy, contentAttributes } from './content-capture.js';

function ctx(team?: string, teamName?: string): RequestContext {
  const c = new RequestContext({ requestId: 'r', startedAt: 0, time: 0, operation: 'chat', ingress: 'openai', requestHeaders: {} });
  if (team || teamName) c.identity = { method: 'test', team, teamName };
  return c;
}

describe('capturePolicy', () => {
  it('is off by default, on for all, or for listed team ids and names', () => {
    expect(capturePolicy(false)(ctx('t1'))).toBe(false);
    expect(capturePolicy(true)(ctx())).toBe(true);
    const listed = capturePolicy(['t1', 'Research']);
    expect(listed(ctx('t1'))).toBe(true);
    expect(listed(ctx('t2', 'Research'))).toBe(true);
    expect(listed(ctx('t2', 'Sales'))).toBe(false);
    expect(listed(ctx())).toBe(false);
  });
});

describe('contentAttributes', () => {
  it('redacts runtime secrets, then applies the hook, to every text', () => {
    const c = ctx('t1');
    c.addRuntimeSecret('ya29.minted-token');
    c.request = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'token ya29.minted-token and alice@example.com' }] }] };
    const attrs = contentAttributes(c, { text: 'hi alice@example.com', toolCalls: [] }, (text) => text.replaceAll('alice@example.com', '<email>'));
    expect(JSON.parse(attrs['gen_ai.input.messages']!)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'token [redacted] and <email>' }] }]);
    expect(JSON.parse(attrs['gen_ai.output.messages']!)[0].parts).toEqual([{ type: 'text', content: 'hi <email>' }]);
  });
});
