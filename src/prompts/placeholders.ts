/**
 * The one parser of `{{variable}}` placeholders, shared by validation (a push names every variable
 * its messages use) and rendering. A name is a letter or underscore then letters, digits or
 * underscores; spaces inside the braces are allowed (`{{ name }}`). Braces around anything else
 * are plain text.
 */

/** Matches one placeholder; group 1 is the name. Global: reset lastIndex or use the helpers below. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variable names a text uses, in order of first use. */
export function placeholderNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!);
  return [...names];
}

/** The text with every placeholder replaced by value(name). */
export function fillPlaceholders(text: string, value: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => value(name));
}
