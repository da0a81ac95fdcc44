/** Bad inputs name the file and where in it: dataset lines, graders files, prompt references. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseDataset } from './dataset.js';
import { loadGradersFile, parseGradersFile } from './graders-file.js';
import { parsePromptRef } from './prompt-ref.js';

describe('dataset', () => {
  it('parses rows, skips blank lines and numbers unnamed rows by line', () => {
    const rows = parseDataset(
      '{"id":"a","variables":{"x":1},"expected":"y"}\n\n{"variables":{},"messages":[{"role":"user","content":"hi"}],"graders":[{"type":"exact"}]}\n',
      'd.jsonl',
    );
    expect(rows.map((r) => [r.id, r.line])).toEqual([
      ['a', 1],
      ['line-3', 3],
    ]);
    expect(rows[1]!.graders[0]).toMatchObject({ type: 'exact', ignore_case: false });
  });
  it('names the file and line of a line that is not JSON', () => {
    expect(() => parseDataset('{"variables":{}}\n{nope', 'd.jsonl')).toThrow(/^d\.jsonl:2: not JSON/);
  });
  it('names the file, line and field of a bad row', () => {
    expect(() => parseDataset('{"variables":[1]}', 'd.jsonl')).toThrow(/^d\.jsonl:1: at 'variables': /);
    expect(() => parseDataset('{"variables":{},"graders":[{"type":"regex","pattern":"("}]}', 'd.jsonl')).toThrow(
      /^d\.jsonl:1: at 'graders\[0\]\.pattern': not a valid regular expression/,
    );
    expect(() => parseDataset('{"variables":{},"expectd":1}', 'd.jsonl')).toThrow(/^d\.jsonl:1: .*expectd/);
  });
  it('refuses duplicate ids and empty files', () => {
    expect(() => parseDataset('{"id":"a"}\n{"id":"a"}', 'd.jsonl')).toThrow(/d\.jsonl:2: at 'id': 'a' is used by an earlier row/);
    expect(() => parseDataset('\n\n', 'd.jsonl')).toThrow(/no rows/);
  });
  it('says when the file cannot be read', async () => {
    await expect(loadDataset('/nonexistent/d.jsonl')).rejects.toThrow(/\/nonexistent\/d\.jsonl: cannot read the dataset \(ENOENT\)/);
  });
});

describe('graders file', () => {
  it('reads a YAML list or a graders: key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evals-'));
    writeFileSync(join(dir, 'g.yaml'), 'graders:\n  - type: contains\n    values: [Paris]\n  - type: numeric\n    abs_tol: 1\n');
    const specs = await loadGradersFile(join(dir, 'g.yaml'));
    expect(specs.map((s) => s.type)).toEqual(['contains', 'numeric']);
    expect(parseGradersFile('- type: exact\n', 'g.yaml')).toHaveLength(1);
  });
  it('names the file and path of a bad grader', () => {
    expect(() => parseGradersFile('- type: exact\n- type: embedding\n', 'g.yaml')).toThrow(/^g\.yaml: at '\[1\]\.model': /);
    expect(() => parseGradersFile('graders:\n  - type: llm_judge\n    model: j\n    rubric: r\n    threshold: 2\n', 'g.yaml')).toThrow(
      /^g\.yaml: at 'graders\[0\]\.threshold': /,
    );
    expect(() => parseGradersFile('- type: [', 'g.yaml')).toThrow(/^g\.yaml: not valid YAML/);
    expect(() => parseGradersFile('[]', 'g.yaml')).toThrow(/list at least one grader/);
  });
});

describe('prompt references', () => {
  it('parses ID@VERSION and ID@LABEL, and a bare id', () => {
    expect(parsePromptRef('support@3', '--prompt')).toEqual({ id: 'support', version: '3' });
    expect(parsePromptRef('team/support@production', '--prompt')).toEqual({ id: 'team/support', version: 'production' });
    expect(parsePromptRef('support', '--prompt')).toEqual({ id: 'support' });
    expect(() => parsePromptRef('support@', '--baseline')).toThrow(/--baseline 'support@': write ID@VERSION/);
  });
});
