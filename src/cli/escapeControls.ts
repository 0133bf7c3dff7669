/** The CLI's terminal safety: the shared rules of src/text/escapeControls.ts (the browser views use them too). */
export { escapeControls, isControl } from '../text/escapeControls';
