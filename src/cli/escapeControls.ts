/**
 * Terminal safety for everything the CLI prints: a scenario's strings (a `comm`, a path, a bad value quoted
 * in a message) reach the terminal, and an ESC sequence there could clear the screen, retitle the window
 * or hide text. C0 controls other than newline and tab, DEL, C1 controls and the Unicode line/bidi
 * controls are written as \uXXXX: readable in text and, inside the --json output's strings, the same
 * character to a JSON reader (JSON.stringify already escapes C0, not the others).
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeControls(line: string): string {
  return line.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
