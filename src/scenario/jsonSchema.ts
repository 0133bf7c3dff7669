/**
 * The scenario format as a JSON Schema, generated from the zod schema (src/scenario/schema.ts) so it is
 * never written twice: the editor's completion, hover and forms read it (issue 10 §1). It describes what a
 * user writes (zod's input side: defaults are optional, sizes are numbers or strings); meaning checks
 * (references, sizes that fit) stay in build.ts and arrive as the run's issues.
 */
import { z } from 'zod';
import { variantIds } from '../kernel/variants/variants';
import { scenarioSchema } from './schema';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  additionalProperties?: boolean | JsonSchema;
  [k: string]: unknown;
};

let cached: JsonSchema | null = null;

export function scenarioJsonSchema(): JsonSchema {
  if (cached) return cached;
  const s = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as JsonSchema;
  // zod checks `kernel` with a refinement over the variant list, which JSON Schema cannot carry: the same
  // list, as an enum, so the editor completes it and the form offers it
  const kernel = s.properties?.kernel;
  if (kernel) kernel.enum = variantIds();
  cached = s;
  return s;
}
