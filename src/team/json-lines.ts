/**
 * The line (1-based) where each value of a JSON text starts, by its path (`people.3.timeZone`).
 * Used to point at the line of a mistake in a hand-edited file; the text must already parse.
 */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;

  const skip = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') line += 1;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      i += 1;
    }
  };
  const string = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skip();
    lines.set(path, line);
    const c = text[i];
    const prefix = path ? `${path}.` : '';
    if (c === '{') {
      i += 1;
      skip();
      while (text[i] !== '}' && i < text.length) {
        const key = string();
        skip();
        i += 1; // the colon
        value(`${prefix}${key}`);
        skip();
        if (text[i] === ',') i += 1;
        skip();
      }
      i += 1;
    } else if (c === '[') {
      i += 1;
      skip();
      let index = 0;
      while (text[i] !== ']' && i < text.length) {
        value(`${prefix}${index}`);
        index += 1;
        skip();
        if (text[i] === ',') i += 1;
        skip();
      }
      i += 1;
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i] ?? '')) i += 1;
    }
  };

  value('');
  return lines;
}
