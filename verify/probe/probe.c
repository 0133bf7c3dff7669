/*
 * daxprobe: runs one scenario's processes and events on a real kernel and records what happened, one fact
 * per line (the format src/verify/record.ts parses back). Input: a plan file (src/verify/plan.ts writes it).
 *
 *   proc NAME COMM MCEKILL            fork a process (MCEKILL: default|early|late → prctl(PR_MCE_KILL))
 *   map NAME MAP PATH OFFSET LENGTH   mmap(MAP_SHARED) PATH in process NAME
 *   touch NAME MAP OFFSET             read one byte (faults the page in)
 *   event I madvise NAME MAP OFFSET LENGTH     madvise(MADV_HWPOISON) in NAME
 *   event I access NAME MAP OFFSET             read one byte in NAME
 *   event I read NAME PATH OFFSET LENGTH       pread() in NAME
 *   event I pfn-of NAME MAP OFFSET             write the pfn behind NAME's address to corrupt-pfn (from the parent)
 *   event I pfn-file RESOURCE PATH OFFSET      same, for a file offset: FIEMAP gives the block device offset,
 *                                              RESOURCE (the pfn device's sysfs resource) where its data starts
 *   event I pfn-ns RESOURCE OFFSET             same, for a namespace offset (RESOURCE: its sysfs resource file)
 *   event I mce-srar NAME MAP OFFSET MCGSTATUS  a machine check (SRAR, data load) at the page while NAME loads it
 *   event I mce-srao TARGET...                 an action-optional machine check (SRAO, memory scrub) at the pfn
 *                                              of TARGET (a pfn-of, pfn-file or pfn-ns line's words)
 *   event I write FILE TEXT                    write TEXT to FILE (unbind)
 *   event I skip REASON...                     an event this target cannot inject
 *
 * Every SIGBUS is caught with SA_SIGINFO; the handler only copies the siginfo (async-signal-safe) and
 * siglongjmps past a faulting access; the records are printed when the parent asks each child to flush.
 *
 * Machine checks cannot be raised from inside a guest: the probe asks the VM monitor over the serial line
 * named by $DAXPROBE_MCE (verify/guest/mce-agent.mjs turns "mce BANK STATUS MCGSTATUS ADDR MISC" into
 * QEMU's monitor command and answers "ok"). Without $DAXPROBE_MCE an SRAR is skipped and an SRAO falls back
 * to corrupt-pfn.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <poll.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif
#ifndef PR_MCE_KILL
#define PR_MCE_KILL 33
#define PR_MCE_KILL_SET 1
#define PR_MCE_KILL_LATE 0
#define PR_MCE_KILL_EARLY 1
#endif

/* Intel SDM vol. 3B 16.9.3 (as qemu-notes.md gives them): VAL|UC|EN|MISCV|ADDRV|S|AR, MCACOD 0x134 (data
   load), bank 1; VAL|UC|EN|MISCV|ADDRV|S, MCACOD 0xc0 (memory scrub), bank 0; MISC: physical address, LSB 12 */
#define SRAR_BANK 1
#define SRAR_STATUS "0xbd80000000000134"
#define SRAO_BANK 0
#define SRAO_STATUS "0xbd000000000000c0"
#define SRAO_MCG "0x5" /* RIPV|MCIP */
#define MCE_MISC "0x8c"

#define MAX_PROCS 64
#define MAX_MAPS 16
#define MAX_SIGS 256

#define PFN_CACHE 1024
struct map { char name[33]; char *base; size_t len; uint64_t pfn[PFN_CACHE]; };
static uint64_t child_reply_pfn;
struct proc { char name[33]; pid_t pid; int cmd[2]; int ack[2]; };

static struct proc procs[MAX_PROCS];
static int nprocs;
static uint64_t last_pfn; /* the pfn a child last reported */
static int current_event = -1;
/* shared with the children (MAP_SHARED): a spinning child sets [0], the parent sets [1] to stop it */
static volatile int *spin;

/* child state */
static struct map maps[MAX_MAPS];
static int nmaps;
static siginfo_t sigs[MAX_SIGS];
static int sig_event[MAX_SIGS];
static volatile sig_atomic_t nsigs;
static sigjmp_buf jump;
static volatile sig_atomic_t in_access;

static void out(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = sizeof buf - 2;
  buf[n++] = '\n';
  if (write(STDOUT_FILENO, buf, n) < 0) _exit(3);
}

static void on_sigbus(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  if (nsigs < MAX_SIGS) { sigs[nsigs] = *si; sig_event[nsigs] = current_event; nsigs++; }
  if (in_access) { in_access = 0; siglongjmp(jump, 1); }
}

static struct map *find_map(const char *name) {
  for (int i = 0; i < nmaps; i++) if (!strcmp(maps[i].name, name)) return &maps[i];
  return NULL;
}

static void flush_sigs(const char *proc) {
  sigset_t s, old;
  sigemptyset(&s); sigaddset(&s, SIGBUS);
  sigprocmask(SIG_BLOCK, &s, &old);
  for (int i = 0; i < nsigs; i++) {
    uintptr_t a = (uintptr_t)sigs[i].si_addr;
    const char *mname = "-"; uintptr_t off = 0;
    for (int m = 0; m < nmaps; m++)
      if (a >= (uintptr_t)maps[m].base && a < (uintptr_t)maps[m].base + maps[m].len) {
        mname = maps[m].name; off = a - (uintptr_t)maps[m].base;
      }
    out("sigbus %s event %d signo %d code %d addr 0x%" PRIxPTR " lsb %d map %s offset 0x%" PRIxPTR, proc,
        sig_event[i], sigs[i].si_signo, sigs[i].si_code, a, (int)sigs[i].si_addr_lsb, mname, off);
  }
  nsigs = 0;
  sigprocmask(SIG_SETMASK, &old, NULL);
}

static int touch(struct map *m, size_t off) {
  if (!m || off >= m->len) return EINVAL;
  if (sigsetjmp(jump, 1)) return EFAULT; /* a SIGBUS ended the access */
  in_access = 1;
  volatile char c = m->base[off];
  (void)c;
  in_access = 0;
  return 0;
}

static uint64_t pfn_of(void *addr) {
  int fd = open("/proc/self/pagemap", O_RDONLY);
  if (fd < 0) return 0;
  uint64_t e = 0;
  off_t at = (off_t)((uintptr_t)addr / 4096) * 8;
  if (pread(fd, &e, 8, at) != 8) e = 0;
  close(fd);
  if (!(e & (1ULL << 63))) return 0;
  return e & ((1ULL << 55) - 1);
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return errno;
  int rc = write(fd, text, strlen(text)) < 0 ? errno : 0;
  close(fd);
  return rc;
}

static int corrupt_pfn(uint64_t pfn) {
  char buf[32];
  if (!pfn) return ENOENT;
  snprintf(buf, sizeof buf, "0x%" PRIx64, pfn);
  out("inject event %d pfn 0x%" PRIx64, current_event, pfn);
  return write_file("/sys/kernel/debug/hwpoison/corrupt-pfn", buf);
}

/* One command from the parent, executed in the child. Returns the errno of the operation. */
static int child_command(const char *self, char *line) {
  char op[16], a[4096], b[64], c[64];
  int ev = -1;
  a[0] = b[0] = c[0] = 0;
  if (sscanf(line, "%15s %d %4095s %63s %63s", op, &ev, a, b, c) < 2) return EINVAL;
  current_event = ev;
  if (!strcmp(op, "map")) {
    if (nmaps >= MAX_MAPS) return ENOSPC;
    char name[33], path[4096];
    unsigned long long off, len;
    if (sscanf(line, "map %*d %32s %4095s %llx %llx", name, path, &off, &len) != 4) return EINVAL;
    int fd = open(path, O_RDWR);
    if (fd < 0) return errno;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
    int err = p == MAP_FAILED ? errno : 0;
    close(fd);
    if (err) return err;
    snprintf(maps[nmaps].name, sizeof maps[nmaps].name, "%s", name);
    maps[nmaps].base = p; maps[nmaps].len = len; nmaps++;
    out("map %s %s addr 0x%" PRIxPTR " length 0x%llx", self, name, (uintptr_t)p, len);
    return 0;
  }
  if (!strcmp(op, "touch") || !strcmp(op, "access")) {
    struct map *m = find_map(a);
    size_t off = strtoull(b, NULL, 16);
    int err = touch(m, off);
    if (!err && m) m->pfn[off / 4096 % PFN_CACHE] = pfn_of(m->base + off);
    return err;
  }
  if (!strcmp(op, "madvise")) {
    struct map *m = find_map(a);
    size_t off = strtoull(b, NULL, 16), len = strtoull(c, NULL, 16);
    if (!m || off + len > m->len) return EINVAL;
    return madvise(m->base + off, len, MADV_HWPOISON) ? errno : 0;
  }
  if (!strcmp(op, "pfn-of")) {
    struct map *m = find_map(a);
    size_t off = strtoull(b, NULL, 16);
    if (!m || off >= m->len) return EINVAL;
    uint64_t pfn = pfn_of(m->base + off);
    if (!pfn) pfn = m->pfn[off / 4096 % PFN_CACHE]; /* unmapped by an earlier event: the pfn seen before */
    child_reply_pfn = pfn;
    return pfn ? 0 : ENOENT;
  }
  if (!strcmp(op, "read")) {
    int fd = open(a, O_RDONLY);
    if (fd < 0) return errno;
    size_t len = strtoull(c, NULL, 16);
    char *buf = malloc(len ? len : 1);
    ssize_t n = pread(fd, buf, len, (off_t)strtoull(b, NULL, 16));
    int err = n < 0 ? errno : 0;
    free(buf);
    close(fd);
    return err;
  }
  if (!strcmp(op, "spin")) {
    /* load the page until a SIGBUS or until the parent says stop: a machine check hits this task */
    struct map *m = find_map(a);
    size_t off = strtoull(b, NULL, 16);
    if (!m || off >= m->len) return EINVAL;
    if (sigsetjmp(jump, 1)) { spin[0] = 0; return EFAULT; }
    in_access = 1;
    spin[0] = 1;
    while (!spin[1]) { volatile char ch = m->base[off]; (void)ch; }
    in_access = 0;
    spin[0] = 0;
    return 0;
  }
  if (!strcmp(op, "flush")) { flush_sigs(self); return 0; }
  return EINVAL;
}

static void child_main(struct proc *p, const char *comm, const char *policy) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGBUS, &sa, NULL);
  prctl(PR_SET_NAME, comm);
  if (!strcmp(policy, "early")) prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0);
  else if (!strcmp(policy, "late")) prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_LATE, 0, 0);
  FILE *in = fdopen(p->cmd[0], "r");
  char line[8192];
  for (;;) {
    if (!fgets(line, sizeof line, in)) {
      if (errno == EINTR && !feof(in)) { clearerr(in); continue; } /* a SIGBUS arrived while waiting */
      break;
    }
    line[strcspn(line, "\n")] = 0;
    if (!strcmp(line, "exit")) break;
    int err = child_command(p->name, line);
    char ack[48];
    int n = snprintf(ack, sizeof ack, "%d 0x%" PRIx64 "\n", err, child_reply_pfn);
    child_reply_pfn = 0;
    if (write(p->ack[1], ack, n) < 0) break;
  }
  flush_sigs(p->name);
  _exit(0);
}

static struct proc *find_proc(const char *name) {
  for (int i = 0; i < nprocs; i++) if (!strcmp(procs[i].name, name)) return &procs[i];
  return NULL;
}

static int wait_ack(struct proc *p);

/* Sends one command to a child and waits for its errno (or notes that it died). */
static int send_cmd(struct proc *p, const char *fmt, ...) {
  char buf[8192];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  buf[n++] = '\n';
  if (!p || p->pid <= 0 || write(p->cmd[1], buf, n) < 0) return ESRCH;
  return wait_ack(p);
}

static int wait_ack(struct proc *p) {
  char ack[48] = {0};
  ssize_t r;
  do r = read(p->ack[0], ack, sizeof ack - 1); while (r < 0 && errno == EINTR);
  if (r <= 0) {
    int st = 0;
    waitpid(p->pid, &st, 0);
    if (WIFSIGNALED(st)) out("exit %s event %d signal %d", p->name, current_event, WTERMSIG(st));
    else out("exit %s event %d status %d", p->name, current_event, WEXITSTATUS(st));
    p->pid = -1;
    return ESRCH;
  }
  last_pfn = strtoull(strchr(ack, ' ') ? strchr(ack, ' ') + 1 : "0", NULL, 16);
  return atoi(ack);
}

static void flush_all(void) {
  for (int i = 0; i < nprocs; i++) send_cmd(&procs[i], "flush %d", current_event);
}

static long hardware_corrupted_kb(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "HardwareCorrupted: %ld kB", &kb) == 1) break;
  if (f) fclose(f);
  return kb;
}

/* The pfn behind a file offset without touching it: FIEMAP's physical offset on the block device plus
   where the device's data starts. (A temporary mapping would fault the page in and so associate it with
   the file: fs/dax.c dax_associate_entry(), which munmap does not undo.) */
static int pfn_of_file(const char *resource, const char *path, uint64_t off, uint64_t *pfn) {
  FILE *f = fopen(resource, "r");
  unsigned long long start = 0;
  int ok = f && fscanf(f, "%llx", &start) == 1;
  if (f) fclose(f);
  if (!ok) return ENOENT;
  int fd = open(path, O_RDONLY);
  if (fd < 0) return errno;
  struct { struct fiemap fm; struct fiemap_extent fe[1]; } req;
  memset(&req, 0, sizeof req);
  req.fm.fm_start = off & ~(uint64_t)4095;
  req.fm.fm_length = 4096;
  req.fm.fm_flags = FIEMAP_FLAG_SYNC;
  req.fm.fm_extent_count = 1;
  int err = ioctl(fd, FS_IOC_FIEMAP, &req.fm) ? errno : 0;
  close(fd);
  if (err) return err;
  struct fiemap_extent *e = &req.fm.fm_extents[0];
  if (req.fm.fm_mapped_extents < 1 || off < e->fe_logical || off >= e->fe_logical + e->fe_length) return ENOENT;
  *pfn = (start + e->fe_physical + (off - e->fe_logical)) / 4096;
  return 0;
}

/* A pfn-of, pfn-file or pfn-ns target (words after the kind) to its pfn. */
static int resolve_target(const char *kind, const char *rest, uint64_t *pfn) {
  char a[4096], b[4096], c[64];
  a[0] = b[0] = c[0] = 0;
  if (!strcmp(kind, "pfn-of")) {
    /* the process only looks its pfn up; the write comes from this parent, which maps nothing, because
       memory_failure() treats `current` specially (task_early_kill: force_early && tsk->mm == current->mm) */
    sscanf(rest, "%32s %4095s %63s", a, b, c);
    int err = send_cmd(find_proc(a), "pfn-of %d %s %s", current_event, b, c);
    *pfn = last_pfn;
    return err;
  }
  if (!strcmp(kind, "pfn-file")) {
    sscanf(rest, "%4095s %4095s %63s", a, b, c);
    return pfn_of_file(a, b, strtoull(c, NULL, 16), pfn);
  }
  if (!strcmp(kind, "pfn-ns")) {
    sscanf(rest, "%4095s %63s", a, c);
    FILE *f = fopen(a, "r");
    unsigned long long start = 0;
    int err = f && fscanf(f, "%llx", &start) == 1 ? 0 : ENOENT;
    if (f) fclose(f);
    *pfn = (start + strtoull(c, NULL, 16)) / 4096;
    return err;
  }
  return EINVAL;
}

/* Asks the VM monitor for a machine check (see the top of this file) and waits for its "ok". */
static int mce_inject(int bank, const char *status, const char *mcg, uint64_t addr) {
  const char *chan = getenv("DAXPROBE_MCE");
  if (!chan || !*chan) return ENODEV;
  int fd = open(chan, O_RDWR | O_NOCTTY);
  if (fd < 0) return errno;
  struct termios t;
  if (!tcgetattr(fd, &t)) {
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL;
    tcsetattr(fd, TCSANOW, &t);
  }
  char line[160];
  int n = snprintf(line, sizeof line, "mce %d %s %s 0x%" PRIx64 " %s\n", bank, status, mcg, addr, MCE_MISC);
  out("inject event %d pfn 0x%" PRIx64, current_event, addr / 4096);
  int err = write(fd, line, n) == n ? 0 : EIO;
  char reply[64];
  size_t got = 0;
  while (!err && got < sizeof reply - 1) {
    struct pollfd pf = { fd, POLLIN, 0 };
    if (poll(&pf, 1, 30000) <= 0) { err = ETIMEDOUT; break; }
    ssize_t r = read(fd, reply + got, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) { err = EIO; break; }
    if (reply[got] == '\n') break;
    got++;
  }
  reply[got] = 0;
  if (!err && strncmp(reply, "ok", 2)) err = EIO;
  close(fd);
  return err;
}

static void kmsg(const char *text) {
  write_file("/dev/kmsg", text);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: daxprobe PLAN\n"); return 2; }
  FILE *plan = fopen(argv[1], "r");
  if (!plan) { perror(argv[1]); return 2; }
  setvbuf(stdout, NULL, _IONBF, 0);
  spin = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (spin == MAP_FAILED) { perror("mmap"); return 2; }
  out("daxprobe 1");
  char line[8192];
  while (fgets(line, sizeof line, plan)) {
    line[strcspn(line, "\n")] = 0;
    char op[16], a[4096], b[4096], c[64], d[64], e[64];
    a[0] = b[0] = c[0] = d[0] = e[0] = 0;
    if (sscanf(line, "%15s", op) != 1 || op[0] == '#') continue;
    if (!strcmp(op, "proc")) {
      if (nprocs >= MAX_PROCS) { out("error too many processes"); return 1; }
      sscanf(line, "proc %32s %15s %15s", a, b, c);
      struct proc *p = &procs[nprocs++];
      snprintf(p->name, sizeof p->name, "%s", a);
      if (pipe(p->cmd) || pipe(p->ack)) { out("error pipe"); return 1; }
      p->pid = fork();
      if (p->pid == 0) child_main(p, b, c);
      close(p->cmd[0]); close(p->ack[1]);
      out("proc %s pid %d comm %s policy %s", p->name, (int)p->pid, b, c);
      continue;
    }
    if (!strcmp(op, "map")) {
      sscanf(line, "map %32s %32s %4095s %63s %63s", a, b, c, d, e);
      int err = send_cmd(find_proc(a), "map -1 %s %s %s %s", b, c, d, e);
      if (err) out("error map %s %s errno %d", a, b, err);
      continue;
    }
    if (!strcmp(op, "touch")) {
      sscanf(line, "touch %32s %32s %63s", a, b, c);
      int err = send_cmd(find_proc(a), "touch -1 %s %s", b, c);
      if (err) out("error touch %s %s %s errno %d", a, b, c, err);
      continue;
    }
    if (strcmp(op, "event")) { out("error unknown plan line: %s", line); return 1; }
    char kind[32];
    int idx;
    if (sscanf(line, "event %d %31s", &idx, kind) != 2) { out("error bad event line: %s", line); return 1; }
    current_event = idx;
    flush_all();
    char marker[64];
    snprintf(marker, sizeof marker, "daxprobe: event %d", idx);
    kmsg(marker);
    out("event %d %s", idx, kind);
    int err = 0;
    char *rest = line;
    for (int k = 0; k < 3 && rest; k++) rest = strchr(rest + 1, ' ');
    rest = rest ? rest + 1 : (char *)"";
    if (!strcmp(kind, "madvise") || !strcmp(kind, "access") || !strcmp(kind, "read")) {
      sscanf(rest, "%32s %4095s %63s %63s", a, b, c, d);
      err = send_cmd(find_proc(a), "%s %d %s %s %s", kind, idx, b, c, d);
    } else if (!strcmp(kind, "pfn-of") || !strcmp(kind, "pfn-file") || !strcmp(kind, "pfn-ns")) {
      uint64_t pfn = 0;
      err = resolve_target(kind, rest, &pfn);
      if (!err) err = corrupt_pfn(pfn);
    } else if (!strcmp(kind, "mce-srao")) {
      char tk[16] = "";
      uint64_t pfn = 0;
      sscanf(rest, "%15s", tk);
      const char *trest = strchr(rest, ' ') ? strchr(rest, ' ') + 1 : "";
      err = resolve_target(tk, trest, &pfn);
      if (!err && getenv("DAXPROBE_MCE") && *getenv("DAXPROBE_MCE"))
        err = mce_inject(SRAO_BANK, SRAO_STATUS, SRAO_MCG, pfn * 4096);
      else if (!err) {
        out("note event %d no VM monitor: the SRAO is injected as corrupt-pfn", idx);
        err = corrupt_pfn(pfn);
      }
      if (!err) usleep(800000); /* memory_failure() runs from the mce work queue */
    } else if (!strcmp(kind, "mce-srar")) {
      sscanf(rest, "%32s %4095s %63s %63s", a, b, c, d);
      struct proc *p = find_proc(a);
      if (!getenv("DAXPROBE_MCE") || !*getenv("DAXPROBE_MCE")) {
        out("skipped %d a machine check (SRAR) needs a VM monitor (npm run verify's QEMU guest)", idx);
        continue;
      }
      err = send_cmd(p, "touch %d %s %s", idx, b, c);
      if (!err) err = send_cmd(p, "pfn-of %d %s %s", idx, b, c);
      if (!err) {
        uint64_t phys = last_pfn * 4096 + (strtoull(c, NULL, 16) & 4095);
        char cmd[256];
        int n = snprintf(cmd, sizeof cmd, "spin %d %s %s\n", idx, b, c);
        spin[0] = spin[1] = 0;
        if (write(p->cmd[1], cmd, n) != n) err = ESRCH;
        for (int w = 0; !err && !spin[0] && w < 5000; w++) usleep(1000);
        if (!err && !spin[0]) err = ETIMEDOUT;
        if (!err) err = mce_inject(SRAR_BANK, SRAR_STATUS, d, phys);
        /* the consumer ends its loop on the SIGBUS; give it time, then stop it */
        struct pollfd pf = { p->ack[0], POLLIN, 0 };
        poll(&pf, 1, 3000);
        spin[1] = 1;
        int sr = wait_ack(p);
        if (!err && sr != EFAULT && sr != 0) err = sr;
        if (!err) out("note event %d the consumer %s its loop", idx, sr == EFAULT ? "took a SIGBUS in" : "ended");
      }
    } else if (!strcmp(kind, "write")) {
      sscanf(rest, "%4095s %4095s", a, b);
      err = write_file(a, b);
    } else if (!strcmp(kind, "skip")) {
      out("skipped %d %s", idx, rest);
      continue;
    } else {
      out("error unknown event kind %s", kind);
      return 1;
    }
    out("result %d errno %d", idx, err);
    usleep(200000); /* let action-optional signals to other tasks be delivered */
    flush_all();
    out("meminfo %d HardwareCorrupted %ld", idx, hardware_corrupted_kb());
  }
  current_event = -1;
  for (int i = 0; i < nprocs; i++) {
    if (procs[i].pid <= 0) continue;
    if (write(procs[i].cmd[1], "exit\n", 5) < 0) continue;
    int st = 0;
    waitpid(procs[i].pid, &st, 0);
    if (WIFSIGNALED(st)) out("exit %s event -1 signal %d", procs[i].name, WTERMSIG(st));
  }
  out("end");
  return 0;
}
