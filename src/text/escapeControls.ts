/**
 * Control characters made visible, for the CLI and the browser views (issue 10 §4).
 * Terminal safety for everything the CLI prints: a scenario's strings (a `comm`, a path, a bad value quoted
 * in a message) reach the terminal, and an ESC sequence there could clear the screen, retitle the window
 * or hide text. C0 controls other than newline and tab, DEL, C1 controls and the Unicode line/bidi
 * controls are written as \uXXXX: readable in text and, inside the --json output's strings, the same
 * character to a JSON reader (JSON.stringify already escapes C0, not the others).
 */
/** C0 but newline and tab, DEL and C1, the Unicode line separators, and the bidi marks, embeddings and isolates */
export function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x0a && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** any character isControl() accepts (perf: one native scan decides that most text has none) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

export function escapeControls(line: string): string {
  if (!ANY_CONTROL.test(line)) return line;
  return escapeWhere(line, isControl);
}

/** `text` with every character `test` picks written as \uXXXX; the same string when none is. */
function escapeWhere(text: string, test: (code: number) => boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!test(code)) continue;
    out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * The browser's rule: the CLI's, and newline and tab too. A view shows a comm or a path inline, where a
 * newline would silently become a space (or break a dmesg line in two); prose with paragraphs (a scenario's
 * description) keeps the CLI's rule.
 */
export function isControlInline(code: number): boolean {
  return code === 0x0a || code === 0x09 || isControl(code);
}

export function escapeControlsInline(text: string): string {
  return escapeWhere(text, isControlInline);
}
