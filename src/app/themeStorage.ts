/** The theme choice kept across reloads. Storage may be absent or refuse (private mode, quota): that is tolerated. */
import type { Theme } from '../store/appStore';

const KEY = 'dax-explorer:theme';
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export function loadTheme(): Theme | undefined {
  try {
    const v = window.localStorage.getItem(KEY);
    return THEMES.find((t) => t === v);
  } catch {
    return undefined;
  }
}

export function saveTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // not kept: the choice still applies to this page
  }
}
