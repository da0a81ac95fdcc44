/** Prompt files: the id from the file name, errors with file, path and line, and a canonical YAML that reads back to the same template. */
import { describe, expect, it } from 'vitest';
import { contentHash } from './canonical.js';
import { PromptFileError, parsePromptFile, promptFileYaml } from './prompt-file.js';

const text = `description: Answers support questions
model: fast
params:
  temperature: 0.2
variables:
  product: { type: string, default: Switchboard }
  question: { type: string }
messages:
  - role: system
    content: |
      You support {{product}}.
      Be brief.
  - role: user
    content: "{{question}}"
`;

describe('prompt files', () => {
  it('takes the id from the file name and reads the template', () => {
    const file = parsePromptFile(text, 'prompts/support-answer.yaml');
    expect(file.id).toBe('support-answer');
    expect(file.description).toBe('Answers support questions');
    expect(file.template.messages[0]).toEqual({ role: 'system', content: 'You support {{product}}.\nBe brief.\n' });
    expect(parsePromptFile(`id: other\n${text}`, 'x.yml').id).toBe('other');
  });

  it('writes canonical YAML that parses back to the same content', () => {
    const file = parsePromptFile(text, 'support-answer.yaml');
    const yaml = promptFileYaml(file);
    expect(yaml.startsWith('id: support-answer\ndescription: Answers support questions\nmodel: fast\n')).toBe(true);
    const back = parsePromptFile(yaml, 'elsewhere.yaml');
    expect(back).toEqual(file);
    expect(contentHash(back.template)).toBe(contentHash(file.template));
    expect(promptFileYaml(back)).toBe(yaml);
  });

  it('names the file, the path, the line and the fix', () => {
    const bad = text.replace('"{{question}}"', '"{{question}} in {{lang}}"');
    expect(() => parsePromptFile(bad, 'p.yaml')).toThrow(PromptFileError);
    try {
      parsePromptFile(bad, 'p.yaml');
    } catch (err) {
      expect(err).toMatchObject({ file: 'p.yaml', path: 'messages[1].content', line: 14 });
      expect((err as Error).message).toMatch(/^p\.yaml:14: at 'messages\[1\]\.content': uses \{\{lang\}\}/);
    }
    expect(() => parsePromptFile('messages: [', 'q.yaml')).toThrow(/q\.yaml:1: invalid YAML/);
    expect(() => parsePromptFile('- a', 'q.yaml')).toThrow(/YAML mapping/);
    expect(() => parsePromptFile(text, 'bad name!.yaml')).toThrow(/rename the file or set 'id:'/);
    expect(() => parsePromptFile(`${text}params2: 1\n`, 'q.yaml')).toThrow(/unknown field 'params2'/);
  });
});
