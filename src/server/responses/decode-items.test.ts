import { describe, expect, it } from 'vitest';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { decodeItems } from './decode-items.js';
import { packReasoning } from './reasoning-carrier.js';

const PNG = 'iVBORw0KGgo=';

describe('decodeItems', () => {
  it('maps messages by role, easy messages included', () => {
    const { messages } = decodeItems(
      [
        { role: 'developer', content: 'rules' },
        { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'sys' }] },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'look' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'low' },
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'original' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'seen', annotations: [] }] },
      ],
      'input',
    );
    expect(messages).toEqual([
      { role: 'developer', content: [{ type: 'text', text: 'rules' }] },
      { role: 'system', content: [{ type: 'text', text: 'sys' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', data: PNG, mediaType: 'image/png', detail: 'low' },
          { type: 'image', url: 'https://example.com/a.png' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'seen' }] },
    ]);
  });

  it('makes one assistant turn of reasoning, text and function calls, then tool messages', () => {
    const { messages } = decodeItems(
      [
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking' }], encrypted_content: 'opaque-openai-blob' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'calling' }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'f', arguments: '{"x":1}' },
        { type: 'function_call', call_id: 'call_b', name: 'g', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_a', output: 'one' },
        { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: 'two' }] },
      ],
      'input',
    );
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'thinking', openaiReasoningId: 'rs_1', encryptedContent: 'opaque-openai-blob' },
          { type: 'text', text: 'calling' },
        ],
        toolCalls: [
          { id: 'call_a', name: 'f', arguments: '{"x":1}' },
          { id: 'call_b', name: 'g', arguments: '{}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: 'one' }] },
      { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: 'two' }] },
    ]);
  });

  it('restores the reasoning state the gateway carried: signature, redacted thinking, call signatures', () => {
    const encrypted = packReasoning({ signature: 'sig', redacted: ['r1'], callSignatures: { call_a: 'csig' } });
    const { messages } = decodeItems(
      [
        { type: 'reasoning', id: 'rs_x', summary: [{ type: 'summary_text', text: 'hmm' }], encrypted_content: encrypted },
        { type: 'function_call', call_id: 'call_a', name: 'f', arguments: '{}' },
      ],
      'input',
    );
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: '', redactedData: 'r1' },
          { type: 'reasoning', text: 'hmm', signature: 'sig' },
        ],
        toolCalls: [{ id: 'call_a', name: 'f', arguments: '{}', signature: 'csig' }],
      },
    ]);
  });

  it('carries items it does not model, references and files verbatim as native parts', () => {
    const search = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } };
    const file = { type: 'input_file', file_id: 'file-1' };
    const { messages, references } = decodeItems(
      [search, { type: 'item_reference', id: 'msg_1' }, { role: 'user', content: [file, { type: 'input_image', file_id: 'file-2' }] }],
      'input',
    );
    expect(references).toBe(1);
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'native_item', item: search },
          { type: 'native_item', item: { type: 'item_reference', id: 'msg_1' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'native_item', item: file },
          { type: 'native_item', item: { type: 'input_image', file_id: 'file-2' } },
        ],
      },
    ]);
  });

  it('keeps a refusal sent back on the assistant turn', () => {
    const { messages } = decodeItems([{ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }], 'input');
    expect(messages).toEqual([{ role: 'assistant', content: [], refusal: 'no' }]);
  });

  it('marks an explicit prompt-cache breakpoint on a text part', () => {
    const { messages } = decodeItems(
      [{ role: 'user', content: [{ type: 'input_text', text: 'big', prompt_cache_breakpoint: { mode: 'explicit' } }] }],
      'input',
    );
    expect(messages[0]!.content[0]).toEqual({ type: 'text', text: 'big', cacheControl: { type: 'ephemeral' } });
  });

  it.each([
    [['x'], 'input[0]'],
    [[{}], 'input[0].type'],
    [[{ role: 'robot', content: 'x' }], 'input[0].role'],
    [[{ role: 'user', content: 5 }], 'input[0].content'],
    [[{ role: 'user', content: [{ type: 'input_audio' }] }], 'input[0].content[0].type'],
    [[{ role: 'user', content: [{ type: 'input_text', text: 1 }] }], 'input[0].content[0].text'],
    [[{ role: 'user', content: [{ type: 'input_image' }] }], 'input[0].content[0]'],
    [[{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x' }] }], 'input[0].content[0].image_url'],
    [[{ role: 'user', content: [{ type: 'input_file', file_id: 3 }] }], 'input[0].content[0].file_id'],
    [[{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x' }] }], 'input[0].content[0].type'],
    [[{ type: 'function_call', name: 'f', arguments: '{}' }], 'input[0].call_id'],
    [[{ type: 'function_call', call_id: 'c', name: 'f', arguments: { x: 1 } }], 'input[0].arguments'],
    [[{ type: 'function_call_output', call_id: 'c' }], 'input[0].output'],
    [[{ type: 'reasoning', summary: 'x' }], 'input[0].summary'],
    [[{ type: 'reasoning', summary: [], encrypted_content: 5 }], 'input[0].encrypted_content'],
    [[{ type: 'reasoning', summary: [], encrypted_content: 'swb1.!!!' }], 'input[0].encrypted_content'],
    [[{ type: 'item_reference' }], 'input[0].id'],
    [[{ type: 'Not A Type' }], 'input[0].type'],
  ])('refuses %j with a 400 naming %s', (items, param) => {
    const error = thrownGatewayError(() => decodeItems(items, 'input'));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });
});
