/**
 * Stable ids of model objects. Steps, URLs and linked views name objects by these strings, so they must
 * not depend on anything but the scenario (no counters that a cursor move could change).
 */
import { hex } from './units';

export const pfnId = (pfn: number): string => `pfn:${hex(pfn)}`;
export const taskId = (pid: number): string => `task:${pid}`;
export const vmaId = (pid: number, vm_start: number): string => `vma:${pid}:${hex(vm_start)}`;
/** an address_space: `ino:<dev>:<ino>` for a file, `cdev:<name>` for a device-dax character device */
export const fileMappingId = (dev: string, ino: number): string => `ino:${dev}:${ino}`;
export const cdevMappingId = (name: string): string => `cdev:${name}`;
/** an index in a mapping: the xarray slot and the file page it names */
export const indexId = (mappingId: string, index: number): string => `${mappingId}:${index}`;
export const rmapId = (dev: string, agno: number, recno: number): string => `rmap:${dev}:ag${agno}:r${recno}`;
export const nsId = (name: string): string => `ns:${name}`;
export const fsId = (dev: string): string => `fs:${dev}`;
export const pteId = (pid: number, addr: number): string => `pt:${pid}:${hex(addr)}`;

/** The object kind of an id, for views that route a selection. */
export function idKind(id: string): string {
  return id.slice(0, id.indexOf(':'));
}
