/**
 * Terminal safety for everything the CLI prints: a scenario's strings (a `comm`, a path, a bad value quoted
 * in a message) reach the terminal, and an ESC sequence there could clear the screen, retitle the window
 * or hide text. C0 controls other than newline and tab, DEL, C1 controls and the Unicode line/bidi
 * controls are written as \uXXXX: readable in text and, inside the --json output's strings, the same
 * character to a JSON reader (JSON.stringify already escapes C0, not the others).
 */
/** C0 but newline and tab, DEL and C1, and the Unicode line separators and bidi embeddings/isolates */
export function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x0a && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** any character isControl() accepts (perf: one native scan decides that most text has none) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

export function escapeControls(line: string): string {
  if (!ANY_CONTROL.test(line)) return line;
  let out = '';
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (!isControl(code)) continue;
    out += `${line.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? line : out + line.slice(from);
}
