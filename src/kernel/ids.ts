/**
 * Stable ids of model objects. Steps, URLs and linked views name objects by these strings, so they must
 * not depend on anything but the scenario (no counters that a cursor move could change).
 */
import { hex } from './units';

/**
 * A step names the same few objects several times (an event's pfn in most of its steps): the id made last is
 * handed out again for the same input (perf: one string kept per event instead of one per step; the text is
 * the same either way).
 */
let lastPfn = -1;
let lastPfnId = '';
export const pfnId = (pfn: number): string => {
  if (pfn !== lastPfn) {
    lastPfnId = `pfn:${hex(pfn)}`;
    lastPfn = pfn;
  }
  return lastPfnId;
};
let lastPid = -1;
let lastTaskId = '';
export const taskId = (pid: number): string => {
  if (pid !== lastPid) {
    lastTaskId = `task:${pid}`;
    lastPid = pid;
  }
  return lastTaskId;
};
/**
 * Perf: joined into one flat string. `+` makes a text of 13 characters or more a rope of its pieces in V8
 * (~70 bytes kept for a VMA id instead of ~40, and every VMA and PTE of 10^5 processes keeps one).
 */
export const vmaId = (pid: number, vm_start: number): string => ['vma:', pid, ':', hex(vm_start)].join('');
/** an address_space: `ino:<dev>:<ino>` for a file, `cdev:<name>` for a device-dax character device */
export const fileMappingId = (dev: string, ino: number): string => `ino:${dev}:${ino}`;
export const cdevMappingId = (name: string): string => `cdev:${name}`;
/** an index in a mapping: the xarray slot and the file page it names */
let lastMapping = '';
let lastIndex = -1;
let lastIndexId = '';
export const indexId = (mappingId: string, index: number): string => {
  if (index !== lastIndex || mappingId !== lastMapping) {
    lastIndexId = `${mappingId}:${index}`;
    lastMapping = mappingId;
    lastIndex = index;
  }
  return lastIndexId;
};
export const rmapId = (dev: string, agno: number, recno: number): string => `rmap:${dev}:ag${agno}:r${recno}`;
let lastNs = '';
let lastNsId = '';
export const nsId = (name: string): string => {
  if (name !== lastNs) {
    lastNsId = `ns:${name}`;
    lastNs = name;
  }
  return lastNsId;
};
export const fsId = (dev: string): string => `fs:${dev}`;
/** one flat string, as vmaId */
export const pteId = (pid: number, addr: number): string => ['pt:', pid, ':', hex(addr)].join('');

/** The object kind of an id, for views that route a selection. */
export function idKind(id: string): string {
  return id.slice(0, id.indexOf(':'));
}
