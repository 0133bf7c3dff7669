/**
 * A fast path for the commonest entry of `processes[]` (issue 10 §4: 100,000 of them): a process with its
 * mappings and touches and nothing unusual. It answers only when it is sure: the very object the schema
 * (schema.ts `process`) would give, defaults and key order included; anything else (a thread list, an
 * unknown key, a value the schema would refuse or transform otherwise) is null, and the whole scenario goes
 * through zod, so every message on bad input is zod's. src/scenario/plainProcess.test.ts holds the two to
 * the same answers.
 */
import { parseAddress, parseSize } from './units';

const NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const PATH = /^\/[^\0]*$/;
const POLICIES = new Set(['default', 'early', 'late']);

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Only these keys, and none present as undefined (the schema's handling of that is left to it). */
function onlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const key in o) if (!Object.hasOwn(o, key) || !allowed.has(key) || o[key] === undefined) return false;
  return true;
}

const isName = (v: unknown): v is string => typeof v === 'string' && NAME.test(v);
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length <= 4095 && PATH.test(v);
const isComm = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 15;
const isPid = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 2 && (v as number) <= 4194304;

export interface PlainMapping {
  name?: string;
  file?: string;
  device?: string;
  offset: number;
  length?: number;
  addr?: number;
}

export interface PlainTouch {
  mapping?: string;
  offset: number;
  write?: boolean;
}

export interface PlainProcess {
  name: string;
  comm: string;
  pid?: number;
  mceKill: 'default' | 'early' | 'late';
  mappings: PlainMapping[];
  touch: PlainTouch[];
}

const MAPPING_KEYS = new Set(['name', 'file', 'device', 'offset', 'length', 'addr']);
const TOUCH_KEYS = new Set(['mapping', 'offset', 'write']);
const PROCESS_KEYS = new Set(['name', 'comm', 'pid', 'mceKill', 'mappings', 'touch']);

/** Are o's keys in the order of `order` (the schema's output order)? */
function keysInOrder(o: Obj, order: readonly string[]): boolean {
  let at = 0;
  for (const key in o) {
    while (at < order.length && order[at] !== key) at++;
    if (at === order.length) return false;
  }
  return true;
}

const isCanonicalSize = (v: unknown): boolean => typeof v === 'number' && parseSize(v) === v;

/**
 * The entry itself, when it is already the schema's output: a parsed file's objects are the parser's own and
 * can be kept. Perf: 10^5 processes kept a second copy of each mapping and touch, and each scavenge of the
 * build copied both. (A mapping without its default offset is copied: appending it to the parser's object
 * would put it out of line, a second object slower to read.)
 */
function ownMapping(v: Obj): PlainMapping | null {
  if (!keysInOrder(v, ['name', 'file', 'device', 'offset', 'length', 'addr'])) return null;
  if (!isCanonicalSize(v.offset)) return null;
  if ('length' in v && !isCanonicalSize(v.length)) return null;
  if ('addr' in v && !(typeof v.addr === 'number' && parseAddress(v.addr) === v.addr)) return null;
  return v as unknown as PlainMapping;
}

function ownTouch(v: Obj): PlainTouch | null {
  if (!keysInOrder(v, ['mapping', 'offset', 'write']) || !isCanonicalSize(v.offset)) return null;
  return v as unknown as PlainTouch;
}

function plainMapping(v: unknown, owned: boolean): PlainMapping | null {
  if (!isObj(v) || !onlyKeys(v, MAPPING_KEYS)) return null;
  if ('name' in v && !isName(v.name)) return null;
  if ('file' in v && !isPath(v.file)) return null;
  if ('device' in v && typeof v.device !== 'string') return null;
  const offset = 'offset' in v ? parseSize(v.offset) : 0;
  if (offset === null) return null;
  const length = 'length' in v ? parseSize(v.length) : undefined;
  if (length === null) return null;
  const addr = 'addr' in v ? parseAddress(v.addr) : undefined;
  if (addr === null) return null;
  if (owned) {
    const own = ownMapping(v);
    if (own) return own;
  }
  // the schema's key order: name, file, device, offset, length, addr
  const m: Partial<PlainMapping> = {};
  if ('name' in v) m.name = v.name as string;
  if ('file' in v) m.file = v.file as string;
  if ('device' in v) m.device = v.device as string;
  m.offset = offset;
  if (length !== undefined) m.length = length;
  if (addr !== undefined) m.addr = addr;
  return m as PlainMapping;
}

function plainTouch(v: unknown, owned: boolean): PlainTouch | null {
  if (!isObj(v) || !onlyKeys(v, TOUCH_KEYS) || !('offset' in v)) return null;
  if ('mapping' in v && !isName(v.mapping)) return null;
  const offset = parseSize(v.offset);
  if (offset === null) return null;
  if ('write' in v && typeof v.write !== 'boolean') return null;
  if (owned) {
    const own = ownTouch(v);
    if (own) return own;
  }
  const t: Partial<PlainTouch> = {};
  if ('mapping' in v) t.mapping = v.mapping as string;
  t.offset = offset;
  if ('write' in v) t.write = v.write as boolean;
  return t as PlainTouch;
}

/** Each element through `one`; with `owned`, into the parsed list itself (no second list of 10^5). */
function plainList<T>(v: unknown, one: (x: unknown, owned: boolean) => T | null, owned: boolean): T[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return null;
  const out: T[] = owned ? v : new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = one(v[i], owned);
    if (x === null) return null;
    out[i] = x;
  }
  return out;
}

/** The schema's output for this entry of processes[], or null: not sure, ask the schema. */
export function plainProcess(v: unknown, owned = false): PlainProcess | null {
  if (!isObj(v) || !onlyKeys(v, PROCESS_KEYS) || !isName(v.name)) return null;
  const comm = 'comm' in v ? v.comm : 'pmtest';
  if (!isComm(comm)) return null;
  if ('pid' in v && !isPid(v.pid)) return null;
  const mceKill = 'mceKill' in v ? v.mceKill : 'default';
  if (typeof mceKill !== 'string' || !POLICIES.has(mceKill)) return null;
  const mappings = plainList(v.mappings, plainMapping, owned);
  if (!mappings) return null;
  const touch = plainList(v.touch, plainTouch, owned);
  if (!touch) return null;
  return {
    name: v.name,
    comm,
    ...('pid' in v ? { pid: v.pid as number } : {}),
    mceKill: mceKill as PlainProcess['mceKill'],
    mappings,
    touch,
  };
}

/**
 * Every entry through the fast path, or null when one of them is not plain (or there are too many). `owned`:
 * the list is the parser's own (parseScenarioText), so its arrays and the entries already in the schema's
 * form are kept, not copied; an element replaced in a parsed list is the schema's output for the original, so
 * a list that turns out not plain reads the same to the schema (defaults written out, sizes as numbers).
 */
export function plainProcesses(list: unknown, max: number, owned = false): PlainProcess[] | null {
  if (!Array.isArray(list) || list.length > max) return null;
  return plainList(list, plainProcess, owned);
}
