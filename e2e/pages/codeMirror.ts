import type { Locator } from '@playwright/test';

/**
 * Replaces the whole text of a CodeMirror editor. Playwright's fill() selects the DOM text and types in one go;
 * CodeMirror reads a DOM selection only on its next selectionchange, so on a busy machine the typing can land
 * at the old cursor, inside the old text (CI saw "not JSON (line 38, column 11)"). Control+A goes through
 * CodeMirror's own keymap, which moves its selection before the typing arrives.
 */
export async function replaceEditorText(editor: Locator, text: string): Promise<void> {
  await editor.focus();
  await editor.press('ControlOrMeta+a');
  await editor.page().keyboard.insertText(text);
}
