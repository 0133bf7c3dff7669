/** errno values (include/uapi/asm-generic/errno-base.h, errno.h) and their names as user space sees them. */
export const EPERM = 1;
export const EIO = 5;
export const ENXIO = 6;
export const EFAULT = 14;
export const EBUSY = 16;
export const EXDEV = 18;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ENODATA = 61;
export const EOPNOTSUPP = 95;
/** EFSCORRUPTED is XFS's name for EUCLEAN */
export const EUCLEAN = 117;
export const EFSCORRUPTED = EUCLEAN;
export const EHWPOISON = 133;

const NAMES: Record<number, string> = {
  1: 'EPERM',
  5: 'EIO',
  6: 'ENXIO',
  14: 'EFAULT',
  16: 'EBUSY',
  18: 'EXDEV',
  22: 'EINVAL',
  28: 'ENOSPC',
  61: 'ENODATA',
  95: 'EOPNOTSUPP',
  117: 'EUCLEAN',
  133: 'EHWPOISON',
};

/** "0", "-EBUSY", … ; positive values (byte counts) print as numbers */
export function errnoName(rc: number): string {
  if (rc >= 0) return String(rc);
  return `-${NAMES[-rc] ?? String(-rc)}`;
}
