/**
 * The pmem driver and the dax_device holder interface between it and the filesystem.
 * Models: drivers/nvdimm/pmem.c pmem_pagemap_memory_failure() (v6.0, 33a8f7f2b3a3), drivers/dax/super.c
 * dax_holder_notify_failure() (v6.0, 8012b8660855) and kill_dax() (MF_MEM_PRE_REMOVE since v6.8,
 * fa422b353d21), drivers/acpi/nfit/mce.c nfit_handle_mce() (a machine check in an NVDIMM range becomes
 * a bad block).
 */
import { modelsOf, packed } from '../decision';
import { ENXIO, EOPNOTSUPP, errnoName } from '../errno';
import type { Frame } from '../frame';
import { WHOLE_DEVICE } from '../fs/xfs/xfs_notify_failure';
import { nsId, pfnId } from '../ids';
import type { Kernel, Namespace } from '../kernel';
import { unmap_mapping_range } from '../mm/memory';
import { MF_MEM_PRE_REMOVE, mfFlagNames } from '../mm/memory-failure';
import type { KernelOp, StepOutcome } from '../step';
import { hex, PAGE_SIZE, PFN_PHYS } from '../units';

const decide = (predicate: string, result: boolean, reads: [string, string][], fn: string, file: string) => ({
  predicate,
  result,
  reads: reads.map(([path, value]) => ({ path, value })),
  models: { fn, file },
});

const M_NOTIFY = modelsOf('dax_holder_notify_failure', 'drivers/dax/super.c');
const ALIVE_READS = ['DAXDEV_ALIVE'] as const;
const HOLDER_READS = ['dax_dev->holder_ops', 'dax_dev->holder_data'] as const;

export const pmem_pagemap_memory_failure: KernelOp = (_k, f) => {
  const ns = f.ns as Namespace;
  f.offset = PFN_PHYS(f.pfn) - ns.phys_addr - ns.data_offset;
  f.len = PAGE_SIZE;
  return {
    branch: 'notify',
    summary: `offset = PFN_PHYS(${hex(f.pfn)}) - phys_addr ${hex(ns.phys_addr)} - data_offset ${hex(ns.data_offset)} = ${hex(f.offset)}, len 4096`,
    touched: [pfnId(f.pfn), nsId(ns.name)],
  };
};

export const dax_holder_notify_failure: KernelOp = (_k, f) => {
  const ns = f.ns as Namespace;
  const touched = [nsId(ns.name)];
  const alive = ns.dax_dev.alive;
  const d1 = packed('dax_alive(dax_dev)', alive, ALIVE_READS, [alive], 0, M_NOTIFY);
  if (!alive) {
    f.rc = -ENXIO;
    return {
      branch: 'return',
      summary: 'dax device is dead: -ENXIO',
      decisions: [d1],
      touched,
    };
  }
  const ops = ns.dax_dev.holder_ops;
  const d2 = packed(
    'dax_dev->holder_ops',
    ops !== null,
    HOLDER_READS,
    [ops ?? 'NULL', ns.dax_dev.holder_data ?? 'NULL'],
    0,
    M_NOTIFY,
  );
  if (!ops) {
    f.rc = -EOPNOTSUPP;
    return {
      branch: 'return',
      summary: 'no holder: -EOPNOTSUPP',
      decisions: [d1, d2],
      touched,
    };
  }
  return {
    branch: 'holder',
    summary: `holder_ops->notify_failure(dax_dev, ${f.len === WHOLE_DEVICE ? '0, U64_MAX' : `${hex(f.offset)}, ${f.len}`}, ${mfFlagNames(f.flags)})`,
    decisions: [d1, d2],
    touched,
  };
};

/**
 * kill_dax(): the device is going away. A holder is told first, over the whole device: with
 * MF_MEM_PRE_REMOVE since v6.8, with flags 0 before (which XFS handles as a failure of every block);
 * then the device is marked dead and forgets its holder.
 */
export const kill_dax: KernelOp = (k, f) => {
  if (f.event.kind === 'unbind' && !f.ns) f.ns = k.namespace(f.event.namespace);
  const ns = f.ns as Namespace;
  const holder = ns.dax_dev.holder_data;
  if (!k.has('kill-dax-notify')) return killDaxFinish(k, f, 'no holder notification in this kernel');
  const d = decide(
    'dax_dev->holder_data != NULL',
    holder !== null,
    [['dax_dev->holder_data', holder ?? 'NULL']],
    'kill_dax',
    'drivers/dax/super.c',
  );
  if (holder === null) return { ...killDaxFinish(k, f, 'no holder to notify'), decisions: [d] };
  f.offset = 0;
  f.len = WHOLE_DEVICE;
  f.flags = k.has('mf-pre-remove') ? MF_MEM_PRE_REMOVE : 0;
  return {
    branch: 'notify',
    summary: `${ns.name} is being unbound: dax_holder_notify_failure(dax_dev, 0, U64_MAX, ${f.flags ? 'MF_MEM_PRE_REMOVE' : '0'})`,
    decisions: [d],
    touched: [nsId(ns.name)],
  };
};

/** kill_dax() after the holder's pre-remove notification: its result is ignored. */
export const kill_dax_ret: KernelOp = (k, f) => {
  // kill_dax() is void; the report shows what the holder's notification returned
  f.topReturn = f.rc;
  return killDaxFinish(k, f, `dax_holder_notify_failure() returned ${errnoName(f.rc ?? 0)}`);
};

function killDaxFinish(k: Kernel, f: Frame, why: string): StepOutcome {
  const ns = f.ns as Namespace;
  k.setDax(ns, 'alive', false);
  k.setDax(ns, 'holder_ops', null);
  k.setDax(ns, 'holder_data', null);
  let summary = `${why}; clear DAXDEV_ALIVE; holder_ops = holder_data = NULL`;
  if (ns.cdevMappingId) {
    // drivers/dax/bus.c kill_dev_dax(): kill_dax(), then unmap_mapping_range(inode->i_mapping, 0, 0, 1)
    const mapping = k.mapping(ns.cdevMappingId);
    const removed = unmap_mapping_range(k, mapping, 0, ns.size, `kill_dev_dax(): /dev/${ns.name} was unbound`);
    summary += `; kill_dev_dax() unmaps /dev/${ns.name}: ${removed.length} mapping(s) removed`;
  }
  return { branch: 'return', summary, touched: [nsId(ns.name)] };
}

/** nfit_handle_mce(): the NVDIMM bus records the poisoned range; pmem's badblocks pick it up. */
export function nfit_handle_mce(k: Kernel, f: Frame, phys: number): string {
  const ns = k.namespaceOfPfn(Math.floor(phys / PAGE_SIZE));
  if (!ns) return 'not an NVDIMM address';
  // The MCA reports 1 << MCi_MISC.LSB bytes (a 4 KiB page on x86); the range lands in badblocks as sectors.
  const base = phys - (phys % PAGE_SIZE);
  const added = k.addBadblocks(ns, base, PAGE_SIZE);
  f.ns = ns;
  return added.length
    ? `nfit_handle_mce(): ${ns.name} badblocks += sectors ${added[0]}…${added[added.length - 1]}`
    : `${ns.name}: range already in badblocks`;
}
