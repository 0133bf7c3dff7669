/**
 * codemirror-json-schema's parsers/index (getDefaultParser), swapped in at build by vite.config.ts: the
 * editor is JSON only, so the JSON5 and YAML parsers (the yaml and json5 packages, @codemirror/lang-yaml)
 * stay out of its chunk. Another mode is a programming error here, not a user's input.
 */
import { parseJSONDocumentState } from 'codemirror-json-schema';

export const getDefaultParser = (mode: string) => {
  if (mode !== 'json4') throw new Error(`schemaParsers: only JSON is bundled, not ${mode}`);
  return parseJSONDocumentState;
};
