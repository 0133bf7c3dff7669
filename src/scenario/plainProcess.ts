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

function plainMapping(v: unknown): PlainMapping | null {
  if (!isObj(v) || !onlyKeys(v, MAPPING_KEYS)) return null;
  // the schema's key order: name, file, device, offset, length, addr
  const m: Partial<PlainMapping> = {};
  if ('name' in v) {
    if (!isName(v.name)) return null;
    m.name = v.name;
  }
  if ('file' in v) {
    if (!isPath(v.file)) return null;
    m.file = v.file;
  }
  if ('device' in v) {
    if (typeof v.device !== 'string') return null;
    m.device = v.device;
  }
  const offset = 'offset' in v ? parseSize(v.offset) : 0;
  if (offset === null) return null;
  m.offset = offset;
  if ('length' in v) {
    const length = parseSize(v.length);
    if (length === null) return null;
    m.length = length;
  }
  if ('addr' in v) {
    const addr = parseAddress(v.addr);
    if (addr === null) return null;
    m.addr = addr;
  }
  return m as PlainMapping;
}

function plainTouch(v: unknown): PlainTouch | null {
  if (!isObj(v) || !onlyKeys(v, TOUCH_KEYS) || !('offset' in v)) return null;
  const t: Partial<PlainTouch> = {};
  if ('mapping' in v) {
    if (!isName(v.mapping)) return null;
    t.mapping = v.mapping;
  }
  const offset = parseSize(v.offset);
  if (offset === null) return null;
  t.offset = offset;
  if ('write' in v) {
    if (typeof v.write !== 'boolean') return null;
    t.write = v.write;
  }
  return t as PlainTouch;
}

function plainList<T>(v: unknown, one: (x: unknown) => T | null): T[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return null;
  const out: T[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = one(v[i]);
    if (x === null) return null;
    out[i] = x;
  }
  return out;
}

/** The schema's output for this entry of processes[], or null: not sure, ask the schema. */
export function plainProcess(v: unknown): PlainProcess | null {
  if (!isObj(v) || !onlyKeys(v, PROCESS_KEYS) || !isName(v.name)) return null;
  const comm = 'comm' in v ? v.comm : 'pmtest';
  if (!isComm(comm)) return null;
  if ('pid' in v && !isPid(v.pid)) return null;
  const mceKill = 'mceKill' in v ? v.mceKill : 'default';
  if (typeof mceKill !== 'string' || !POLICIES.has(mceKill)) return null;
  const mappings = plainList(v.mappings, plainMapping);
  if (!mappings) return null;
  const touch = plainList(v.touch, plainTouch);
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

/** Every entry through the fast path, or null when one of them is not plain (or there are too many). */
export function plainProcesses(list: unknown, max: number): PlainProcess[] | null {
  if (!Array.isArray(list) || list.length > max) return null;
  return plainList(list, plainProcess);
}
