/**
 * Whether a selected object id still names something after the scenario was edited and run again
 * (issue 10 §1: an edit keeps the selection where it still exists). A rough check by the id's owner: the
 * task, the mapping, the filesystem or namespace it belongs to; a pfn is kept as long as some namespace
 * still covers it.
 */
import type { Kernel } from '../kernel/kernel';

export function selectionExists(k: Kernel, id: string): boolean {
  const parts = id.split(':');
  switch (parts[0]) {
    case 'task':
    case 'vma':
    case 'pt':
      return k.byPid.has(Number(parts[1]));
    case 'ino':
      return k.mappings.has(parts.slice(0, 3).join(':'));
    case 'cdev':
      return k.mappings.has(parts.slice(0, 2).join(':'));
    case 'rmap':
    case 'fs':
      return k.filesystems.has(parts[1]);
    case 'ns':
      return k.namespaces.some((n) => n.name === parts[1]);
    case 'pfn':
      return k.namespaces.length > 0;
    default:
      return false;
  }
}
