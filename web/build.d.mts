/** Types of web/build.mjs for the TypeScript callers (the browser test, the screenshot script). */
export function buildWeb(target?: string): Promise<{ js: string; css: string }>;
