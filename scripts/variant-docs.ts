/** Writes docs/variants/<id>.md from the variant records (`npm run docs:variants`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { variantDocs } from '../src/pipeline/variantDocs';

export const VARIANT_DOCS = join(fileURLToPath(new URL('..', import.meta.url)), 'docs', 'variants');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(VARIANT_DOCS, { recursive: true });
  for (const { id, text } of variantDocs()) writeFileSync(join(VARIANT_DOCS, `${id}.md`), text);
}
