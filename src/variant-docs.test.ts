import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIANT_DOCS } from '../scripts/variant-docs';
import { variantDocs } from './pipeline/variantDocs';

describe('docs/variants/', () => {
  for (const { id, text } of variantDocs())
    it(`${id}.md is what the variant records generate (npm run docs:variants)`, () => {
      expect(readFileSync(join(VARIANT_DOCS, `${id}.md`), 'utf8')).toBe(text);
    });
});
