/** Finds the JSON in a model's answer: the whole text, a fenced ```json block, or the first {...} / [...] span. */

/** The parsed JSON value, or undefined when the text holds none. */
export function extractJson(text: string): { value: unknown } | undefined {
  const candidates: string[] = [text.trim()];
  const fence = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
  if (fence?.[1]) candidates.push(fence[1].trim());
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  }
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return { value: JSON.parse(candidate) };
    } catch {
      // Try the next, narrower reading: models wrap JSON in prose and fences.
    }
  }
  return undefined;
}
