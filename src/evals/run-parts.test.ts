/** The run's pure parts: unique grader names, the request body of a row, and the plain progress lines of CI logs. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseGradersFile } from './graders-file.js';
import { createProgress } from './progress.js';
import { nameGraders, requestBody } from './run.js';

describe('nameGraders', () => {
  it('keeps given names and numbers repeated types, also against names already taken', () => {
    const specs = parseGradersFile('- type: contains\n- type: contains\n- type: regex\n  name: format\n  pattern: x\n', 'g.yaml');
    expect(nameGraders(specs).map((g) => g.name)).toEqual(['contains', 'contains#2', 'format']);
    expect(nameGraders(specs.slice(0, 1), new Set(['contains', 'contains#2'])).map((g) => g.name)).toEqual(['contains#3']);
  });
});

describe('requestBody', () => {
  it('sends the prompt reference with the row variables and extra messages, and the model only when given', () => {
    const row = { id: 'a', line: 1, variables: { x: 1 }, messages: [{ role: 'user', content: 'hi' }], graders: [] };
    expect(requestBody(row, { id: 'p', version: 'production' })).toEqual({
      messages: [{ role: 'user', content: 'hi' }],
      prompt: { id: 'p', version: 'production', variables: { x: 1 } },
    });
    expect(requestBody({ ...row, messages: undefined }, { id: 'p' }, 'alias')).toEqual({
      model: 'alias',
      messages: [],
      prompt: { id: 'p', variables: { x: 1 } },
    });
  });
});

describe('progress without a terminal', () => {
  it('prints a line about every tenth of the rows and at the end', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let text = '';
    (stream as unknown as PassThrough).on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const progress = createProgress(stream, 25);
    for (let done = 1; done <= 25; done++) progress.update(done, 25);
    progress.stop();
    expect(text.trim().split('\n')).toEqual([
      'eval: 3/25 rows',
      'eval: 6/25 rows',
      'eval: 9/25 rows',
      'eval: 12/25 rows',
      'eval: 15/25 rows',
      'eval: 18/25 rows',
      'eval: 21/25 rows',
      'eval: 24/25 rows',
      'eval: 25/25 rows',
    ]);
  });
});
