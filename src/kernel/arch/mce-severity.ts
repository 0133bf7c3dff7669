/**
 * A machine check as QEMU's monitor command gives it (`mce -b <cpu> <bank> <status> <mcg_status> <addr>
 * <misc>`, /work/shared/kernel/qemu-notes.md) and as the kernel decodes it for a user-mode consumer.
 * Models (v6.12.117, the same rows in 6.1.192): arch/x86/include/asm/mce.h (MCG_STATUS_* :25-27,
 * MCI_STATUS_* :35-43, MCACOD_* :75-82, MCI_MISC_ADDR_LSB/MODE/PHYS :85-89); arch/x86/kernel/cpu/mce/
 * severity.c severities[] (:72-229) read top to bottom, first match wins; core.c __mc_scan_banks() (which
 * banks are skipped, tainted, logged), mce_usable_address() (:500-517, intel.c:506-518) and
 * mce_is_memory_error() (:519-548), and drivers/acpi/nfit/mce.c nfit_handle_mce()'s test (:21-26).
 * Simplified: one bank; the consumer runs in user mode (context IN_USER, so the kernel-context rows never
 * match); the CPU is an Intel with MCG_CAP.SER_P (QEMU's Skylake-Client); the Skylake-X patrol-scrub quirk
 * row (which needs that CPU model and banks 13-18) is not modelled.
 */

export const MCG_STATUS_RIPV = 1n << 0n;
export const MCG_STATUS_EIPV = 1n << 1n;
export const MCG_STATUS_MCIP = 1n << 2n;
export const MCI_STATUS_VAL = 1n << 63n;
export const MCI_STATUS_OVER = 1n << 62n;
export const MCI_STATUS_UC = 1n << 61n;
export const MCI_STATUS_EN = 1n << 60n;
export const MCI_STATUS_MISCV = 1n << 59n;
export const MCI_STATUS_ADDRV = 1n << 58n;
export const MCI_STATUS_PCC = 1n << 57n;
export const MCI_STATUS_S = 1n << 56n;
export const MCI_STATUS_AR = 1n << 55n;
const MCACOD = 0xefffn;
const MCACOD_SCRUB = 0x00c0n;
const MCACOD_SCRUBMSK = 0xeff0n;
const MCACOD_L3WB = 0x017an;
const MCACOD_DATA = 0x0134n;
const MCACOD_INSTR = 0x0150n;
const MCI_MISC_ADDR_PHYS = 2n;

const UC_S = MCI_STATUS_UC | MCI_STATUS_S;
const UC_AR = MCI_STATUS_UC | MCI_STATUS_AR;
const UC_SAR = MCI_STATUS_UC | MCI_STATUS_S | MCI_STATUS_AR;
const ADDR = MCI_STATUS_ADDRV | MCI_STATUS_MISCV;

/** enum severity_level (arch/x86/kernel/cpu/mce/internal.h), as the table names them */
export type MceSeverity = 'NO' | 'KEEP' | 'SOME' | 'UCNA' | 'AO' | 'UC' | 'AR' | 'PANIC';

interface Row {
  sev: MceSeverity;
  msg: string;
  mask: bigint;
  result: bigint;
  /** MCGMASK(mcgmask, mcgres) */
  mcg?: [bigint, bigint];
  /** EXCP: only in #MC context (always, here) */
  excp?: true;
}

const bitclr = (x: bigint) => ({ mask: x, result: 0n });
const bitset = (x: bigint) => ({ mask: x, result: x });

/** severities[] rows that can match a user-mode consumer on a SER CPU, in table order. */
const ROWS: Row[] = [
  { sev: 'NO', msg: 'Invalid', ...bitclr(MCI_STATUS_VAL) },
  { sev: 'NO', msg: 'Not enabled', excp: true, ...bitclr(MCI_STATUS_EN) },
  { sev: 'PANIC', msg: 'Processor context corrupt', ...bitset(MCI_STATUS_PCC) },
  { sev: 'PANIC', msg: 'MCIP not set in MCA handler', excp: true, mask: 0n, result: 0n, mcg: [MCG_STATUS_MCIP, 0n] },
  {
    sev: 'PANIC',
    msg: 'Neither restart nor error IP',
    excp: true,
    mask: 0n,
    result: 0n,
    mcg: [MCG_STATUS_RIPV | MCG_STATUS_EIPV, 0n],
  },
  {
    sev: 'AO',
    msg: 'Action optional: memory scrubbing error',
    mask: UC_AR | MCACOD_SCRUBMSK,
    result: MCI_STATUS_UC | MCACOD_SCRUB,
  },
  {
    sev: 'AO',
    msg: 'Action optional: last level cache writeback error',
    mask: UC_AR | MCACOD,
    result: MCI_STATUS_UC | MCACOD_L3WB,
  },
  { sev: 'UCNA', msg: 'Uncorrected no action required', mask: UC_SAR, result: MCI_STATUS_UC },
  {
    sev: 'PANIC',
    msg: 'Illegal combination (UCNA with AR=1)',
    mask: MCI_STATUS_OVER | UC_SAR,
    result: MCI_STATUS_UC | MCI_STATUS_AR,
  },
  { sev: 'KEEP', msg: 'Non signaled machine check', ...bitclr(MCI_STATUS_S) },
  { sev: 'PANIC', msg: 'Action required with lost events', ...bitset(MCI_STATUS_OVER | UC_SAR) },
  {
    sev: 'KEEP',
    msg: 'Action required but unaffected thread is continuable',
    mask: MCI_STATUS_OVER | UC_SAR | ADDR,
    result: UC_SAR | ADDR,
    mcg: [MCG_STATUS_RIPV | MCG_STATUS_EIPV, MCG_STATUS_RIPV],
  },
  {
    sev: 'AR',
    msg: 'Action required: data load error in a user process',
    mask: MCI_STATUS_OVER | UC_SAR | ADDR | MCACOD,
    result: UC_SAR | ADDR | MCACOD_DATA,
  },
  {
    sev: 'AR',
    msg: 'Action required: instruction fetch error in a user process',
    mask: MCI_STATUS_OVER | UC_SAR | ADDR | MCACOD,
    result: UC_SAR | ADDR | MCACOD_INSTR,
  },
  { sev: 'PANIC', msg: 'Action required: unknown MCACOD', mask: MCI_STATUS_OVER | UC_SAR, result: UC_SAR },
  { sev: 'SOME', msg: 'Action optional: unknown MCACOD', mask: MCI_STATUS_OVER | UC_SAR, result: UC_S },
  {
    sev: 'SOME',
    msg: 'Action optional with lost events',
    mask: MCI_STATUS_OVER | UC_SAR,
    result: MCI_STATUS_OVER | UC_S,
  },
  { sev: 'PANIC', msg: 'Overflowed uncorrected', ...bitset(MCI_STATUS_OVER | MCI_STATUS_UC) },
  { sev: 'UC', msg: 'Uncorrected', ...bitset(MCI_STATUS_UC) },
  { sev: 'SOME', msg: 'No match', mask: 0n, result: 0n },
];

export interface MceRecord {
  bank: number;
  status: bigint;
  mcgstatus: bigint;
  misc: bigint;
}

export interface DecodedMce {
  severity: MceSeverity;
  /** the matching row's message, as mce_severity() returns it */
  msg: string;
  ripv: boolean;
  eipv: boolean;
  /** SRAR/SRAO in the terms of the Intel SDM: an AR (action required) or AO (action optional) recoverable error */
  kind: 'SRAR' | 'SRAO' | 'other';
  /** __mc_scan_banks(): not valid, or neither signalled nor fatal: left to machine_check_poll() */
  skipped: boolean;
  /** mce_log() is called for the bank (so mce_notify_irq() reports it and the decode chain sees it) */
  logged: boolean;
  /** mce_usable_address() */
  usableAddress: boolean;
  /** nfit_handle_mce() records a bad block: a memory error, uncorrected, with a usable address */
  nfitBadblock: boolean;
  /** the names of the status and MCG_STATUS bits set, for people */
  bits: string[];
}

const STATUS_BITS: [bigint, string][] = [
  [MCI_STATUS_VAL, 'VAL'],
  [MCI_STATUS_OVER, 'OVER'],
  [MCI_STATUS_UC, 'UC'],
  [MCI_STATUS_EN, 'EN'],
  [MCI_STATUS_MISCV, 'MISCV'],
  [MCI_STATUS_ADDRV, 'ADDRV'],
  [MCI_STATUS_PCC, 'PCC'],
  [MCI_STATUS_S, 'S'],
  [MCI_STATUS_AR, 'AR'],
];

/** mce_severity() for a user-mode consumer in #MC context, then what __mc_scan_banks() does with the bank. */
export function decodeMce(m: MceRecord): DecodedMce {
  const row =
    ROWS.find((r) => (m.status & r.mask) === r.result && (!r.mcg || (m.mcgstatus & r.mcg[0]) === r.mcg[1])) ??
    (ROWS[ROWS.length - 1] as Row);
  const severity = row.sev;
  const noWayOut = severity === 'PANIC';
  const valid = (m.status & MCI_STATUS_VAL) !== 0n;
  const skipped = !valid || ((m.status & MCI_STATUS_S) === 0n && !noWayOut);
  const logged = !skipped && !((severity === 'KEEP' || severity === 'UCNA') && !noWayOut) && severity !== 'NO';
  const usableAddress =
    (m.status & MCI_STATUS_ADDRV) !== 0n &&
    (m.status & MCI_STATUS_MISCV) !== 0n &&
    (m.misc & 0x3fn) <= 12n &&
    ((m.misc >> 6n) & 7n) === MCI_MISC_ADDR_PHYS;
  const s = m.status;
  const memoryError = (s & 0xef80n) === 0x80n || (s & 0xef00n) === 0x100n || (s & 0xeffcn) === 0xcn;
  const uc = (s & MCI_STATUS_UC) !== 0n;
  return {
    severity,
    msg: row.msg,
    ripv: (m.mcgstatus & MCG_STATUS_RIPV) !== 0n,
    eipv: (m.mcgstatus & MCG_STATUS_EIPV) !== 0n,
    kind: severity === 'AR' ? 'SRAR' : severity === 'AO' ? 'SRAO' : 'other',
    skipped,
    logged,
    usableAddress,
    nfitBadblock: logged && memoryError && uc && usableAddress,
    bits: [
      ...STATUS_BITS.filter(([b]) => (s & b) !== 0n).map(([, n]) => `MCI_STATUS_${n}`),
      ...(m.mcgstatus & MCG_STATUS_RIPV ? ['MCG_STATUS_RIPV'] : []),
      ...(m.mcgstatus & MCG_STATUS_EIPV ? ['MCG_STATUS_EIPV'] : []),
      ...(m.mcgstatus & MCG_STATUS_MCIP ? ['MCG_STATUS_MCIP'] : []),
    ],
  };
}

/** QEMU's SRAR data-load injection (qemu-notes.md): bank 1, status 0xbd80000000000134, misc 0x8c. */
export const SRAR_DATA_LOAD = { bank: 1, status: 0xbd80000000000134n, misc: 0x8cn } as const;
