/**
 * Scenario input that cannot describe a real machine is rejected with the path of the offending field
 * and a message a kernel engineer can act on — never with a thrown exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioIssue } from '../scenario/issues';
import { loadScenario, parseScenarioText } from '../scenario/parse';
import { simulateScenario } from './simulate';

/** A valid XFS scenario to break one field at a time. */
// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary (invalid) values into the scenario
const base = (): any => ({
  format: 1,
  id: 'parse-test',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/A', size: '1MiB' }],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x3000' }] }],
  events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
});

/** The issues a rejected input gets (fails the test if it is accepted or throws). */
function issuesOf(input: unknown): ScenarioIssue[] {
  let r: ReturnType<typeof simulateScenario> | undefined;
  expect(() => {
    r = simulateScenario(input);
  }).not.toThrow();
  if (!r || r.ok) throw new Error('the scenario was accepted');
  expect(r.issues.length).toBeGreaterThan(0);
  return r.issues;
}

/** Exactly one issue, at `path`, whose message matches. */
function expectIssue(input: unknown, path: string, message: RegExp | string) {
  const issues = issuesOf(input);
  expect(issues.map((i) => i.path)).toEqual([path]);
  if (typeof message === 'string') expect(issues[0].message).toBe(message);
  else expect(issues[0].message).toMatch(message);
}

describe('scenario parsing and building: rejections name the field', () => {
  it('the base scenario is valid (so each case below breaks exactly one thing)', () => {
    const r = simulateScenario(base());
    expect(r.ok).toBe(true);
    expect(loadScenario(JSON.stringify(base())).ok).toBe(true);
  });

  it('not JSON: the parser error, at "(file)"', () => {
    expectIssue('{ "format": 1,', '(file)', /^not JSON: /);
    expectIssue('', '(file)', /^not JSON: /);
    const r = parseScenarioText('format: 1');
    expect(r.ok).toBe(false);
  });

  it('not an object at all', () => {
    for (const input of [null, 42, [], 'null']) expectIssue(input, '(scenario)', /expected object/);
  });

  it('an unknown format number', () => {
    const s = base();
    s.format = 2;
    expectIssue(s, 'format', 'unknown format: this explorer reads format 1');
  });

  it('a kernel the model has no variant for', () => {
    const s = base();
    s.kernel = '5.15';
    expectIssue(s, 'kernel', /unknown kernel variant; known: 6\.12, 6\.1/);
  });

  it('a size string that is not a size, with examples of what is', () => {
    const s = base();
    s.namespaces[0].size = '2 GiBs';
    expectIssue(s, 'namespaces[0].size', 'not a size: "2 GiBs" (write e.g. 4096, "4KiB", "2MiB", "0x3000")');
    const t = base();
    t.processes[0].touch[0].offset = '-1';
    expectIssue(t, 'processes[0].touch[0].offset', /^not a size: "-1"/);
  });

  it('comm longer than 15 characters (TASK_COMM_LEN - 1)', () => {
    const s = base();
    s.processes[0].comm = 't_mmap_cow_memory_failure';
    expectIssue(s, 'processes[0].comm', 'comm is at most 15 characters (TASK_COMM_LEN - 1)');
    const ok = base();
    ok.processes[0].comm = 't_mmap_cow_memo';
    expect(simulateScenario(ok).ok).toBe(true);
  });

  it('an event naming an unknown process lists the processes there are', () => {
    const s = base();
    s.events[0].process = 'X';
    expectIssue(s, 'events[0].process', 'no process "X" (processes: P)');
  });

  it('an unknown mapping, in an event and in a touch', () => {
    const s = base();
    s.events[0].mapping = 'zz';
    expectIssue(s, 'events[0].mapping', 'P has no mapping "zz"');
    const t = base();
    t.processes[0].touch[0].mapping = 'zz';
    expectIssue(t, 'processes[0].touch[0].mapping', 'P has no mapping "zz"');
  });

  it('a mapping of a file that does not exist', () => {
    const s = base();
    s.processes[0].mappings[0].file = '/mnt/Z';
    expectIssue(s, 'processes[0].mappings[0].file', 'no file /mnt/Z');
  });

  it('a file on no mounted filesystem lists the mounts', () => {
    const s = base();
    s.files.push({ path: '/data/B', size: '1MiB' });
    expectIssue(s, 'files[1].path', '/data/B is on no mounted filesystem (mounts: /mnt)');
  });

  it('XFS reflink without rmapbt: says why it is not modeled and what to use instead', () => {
    const s = base();
    s.filesystems[0].reflink = true;
    s.filesystems[0].rmapbt = false;
    const [issue] = issuesOf(s);
    expect(issue.path).toBe('filesystems[0].rmapbt');
    expect(issue.message).toMatch(/reflink but without rmapbt/);
    expect(issue.message).toMatch(/PAGE_MAPPING_DAX_SHARED/);
    expect(issue.message).toMatch(/-EOPNOTSUPP/);
    expect(issue.message).toMatch(/rmapbt: true, or reflink: false/);
    // reflink defaults to on for XFS, so rmapbt: false alone is the same request
    const t = base();
    t.filesystems[0].rmapbt = false;
    expect(issuesOf(t)[0].path).toBe('filesystems[0].rmapbt');
    const ok = base();
    ok.filesystems[0].rmapbt = false;
    ok.filesystems[0].reflink = false;
    expect(simulateScenario(ok).ok).toBe(true);
  });

  it('mkfs.xfs options on ext4, and a reflinked copy where blocks cannot be shared', () => {
    const s = base();
    s.filesystems[0] = { type: 'ext4', device: 'pmem0', mount: '/mnt', reflink: true };
    expectIssue(s, 'filesystems[0]', /ext4 has none of them/);
    const t = base();
    t.filesystems[0].reflink = false;
    t.files.push({ path: '/mnt/B', reflink: '/mnt/A' });
    expectIssue(t, 'files[1].reflink', /reflink=0\) cannot share blocks/);
  });

  it('device-dax mappings not aligned to the device align: check_vma() would fail ("unaligned vma")', () => {
    const devdax = (mapping: Record<string, unknown>) => ({
      format: 1,
      id: 'devdax',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1GiB', align: '2MiB' }],
      processes: [{ name: 'P', mappings: [{ name: 'a', device: 'dax0.0', ...mapping }] }],
    });
    expectIssue(devdax({ length: '3MiB' }), 'processes[0].mappings[0].length', /unaligned vma/);
    expectIssue(devdax({ offset: '0x1000', length: '2MiB' }), 'processes[0].mappings[0].offset', /unaligned vma/);
    expectIssue(
      devdax({ addr: '0x7f0000000800', length: '2MiB' }),
      'processes[0].mappings[0].addr',
      /not page aligned/,
    );
    expectIssue(devdax({ addr: '0x7f0000100000', length: '2MiB' }), 'processes[0].mappings[0].addr', /unaligned vma/);
  });

  it('align 0 is refused on the namespace and on the file, naming `align`', () => {
    const s = base();
    s.namespaces[0].align = 0;
    expectIssue(s, 'namespaces[0].align', /-EINVAL: align 0 not in nd_pfn_supported_alignments\(\)/);
    const t = base();
    t.files[0].align = 0;
    expectIssue(t, 'files[0].align', 'a power of two of at least 4KiB');
  });

  it('a pinned extent over filesystem metadata names the metadata', () => {
    const s = base();
    s.files[0] = { path: '/mnt/A', extents: [{ offset: 0, length: '64KiB', device: 0 }] };
    expectIssue(s, 'files[0].extents[0]', /overlap AG headers \(sb, agf, agi, agfl\) at block 0/);
    const t = base();
    t.files[0] = { path: '/mnt/A', extents: [{ offset: 0, length: '64KiB', device: '0x11000' }] };
    expectIssue(t, 'files[0].extents[0]', /overlap inode chunks/);
  });

  it('duplicate names: namespaces, files, processes, mappings, pids', () => {
    const ns = base();
    ns.namespaces.push({ name: 'pmem0', mode: 'fsdax', size: '1GiB' });
    expectIssue(ns, 'namespaces[1].name', 'duplicate namespace "pmem0"');
    const file = base();
    file.files.push({ path: '/mnt/A', size: '1MiB' });
    expectIssue(file, 'files[1].path', 'duplicate file /mnt/A');
    const proc = base();
    proc.processes.push({ name: 'P' });
    expectIssue(proc, 'processes[1].name', 'duplicate process name "P"');
    const map = base();
    map.processes[0].mappings.push({ name: 'a', file: '/mnt/A' });
    expectIssue(map, 'processes[0].mappings[1].name', 'duplicate mapping name "a" in P');
    const pid = base();
    pid.processes[0].pid = 206;
    pid.processes.push({ name: 'Q', pid: 206 });
    expectIssue(pid, 'processes[1].pid', 'pid 206 is used twice');
    const mount = base();
    mount.namespaces.push({ name: 'pmem1', mode: 'fsdax', size: '1GiB' });
    mount.filesystems.push({ type: 'ext4', device: 'pmem1', mount: '/mnt' });
    expectIssue(mount, 'filesystems[1].mount', '/mnt is already a mount point');
  });

  it('a target with two forms (file and namespace), or a pfn with an offset', () => {
    const s = base();
    s.events = [{ kind: 'async', target: { file: '/mnt/A', namespace: 'pmem0', offset: 0 } }];
    expectIssue(
      s,
      'events[0].target',
      'say exactly one of: pfn, file (+ offset), namespace (+ offset), process (+ mapping/offset or addr)',
    );
    const t = base();
    t.events = [{ kind: 'corrupt-pfn', target: { pfn: '0x102000', offset: 0 } }];
    expectIssue(t, 'events[0].target', 'a pfn target takes nothing else');
    const u = base();
    u.events = [{ kind: 'async', target: {} }];
    expectIssue(u, 'events[0].target', /say exactly one of/);
    const v = base();
    v.events = [{ kind: 'madvise', process: 'P', mapping: 'a', addr: '0x7f0000003000' }];
    expectIssue(v, 'events[0]', 'give addr, or mapping and offset, not both');
  });

  it('an unknown event kind lists the kinds there are', () => {
    const s = base();
    s.events = [{ kind: 'soft-offline', process: 'P' }];
    expectIssue(
      s,
      'events[0].kind',
      /'madvise' \| 'mce' \| 'async' \| 'corrupt-pfn' \| 'unbind' \| 'access' \| 'exit' \| 'pin' \| 'unpin' \| 'umount' \| 'mount' \| 'mkfs' \| 'spawn' \| 'read' \| 'write' \| 'truncate' \| 'punch-hole' \| 'fallocate'/,
    );
  });

  it('unknown keys are named (typos do not pass silently)', () => {
    const s = base();
    s.processes[0].mcekill = 'early';
    expectIssue(s, 'processes[0]', /Unrecognized key: "mcekill"/);
  });

  it('meaningless values: madvise on an unaligned address, a touch beyond the mapping, a devdax namespace called pmem', () => {
    const s = base();
    s.events[0].offset = '0x3001';
    expectIssue(s, 'events[0]', /madvise\(\) needs a page-aligned address \(-EINVAL\)/);
    const t = base();
    t.processes[0].touch[0].offset = '1MiB';
    expectIssue(t, 'processes[0].touch[0].offset', '0x100000 is beyond the 1MiB mapping');
    const u = base();
    u.namespaces[0].mode = 'devdax';
    expectIssue(u, 'namespaces[0].name', 'a devdax namespace is named "daxN.M"');
    const v = base();
    v.files[0].align = '3KiB';
    expectIssue(v, 'files[0].align', 'a power of two of at least 4KiB');
  });

  // Regression: mke2fs makes small filesystems (with a small journal); a scenario never throws.
  it('ext4 on a small namespace is accepted or rejected with a path, never thrown', () => {
    for (const size of ['16MiB', '64MiB', '128MiB']) {
      const s = {
        format: 1,
        id: 'small-ext4',
        namespaces: [{ name: 'pmem0', mode: 'fsdax', size }],
        filesystems: [{ type: 'ext4', device: 'pmem0' }],
        files: [{ path: '/mnt/A', size: '64KiB' }],
      };
      let r: ReturnType<typeof simulateScenario> | undefined;
      expect(() => {
        r = simulateScenario(s);
      }, size).not.toThrow();
      if (r && !r.ok) expect(r.issues[0].path).toMatch(/^namespaces\[0\]|^filesystems\[0\]/);
    }
  });
});

describe('the work budget (BUDGET in src/scenario/build.ts): the entry where a total passes it is named', () => {
  it('namespace bytes summed over namespaces', () => {
    const s = base();
    s.namespaces = [
      { name: 'dax0.0', mode: 'devdax', size: '40TiB', align: '1GiB' },
      { name: 'dax1.0', mode: 'devdax', size: '30TiB', align: '1GiB' },
    ];
    s.filesystems = [];
    s.files = [];
    s.processes = [];
    s.events = [];
    expectIssue(s, 'namespaces[1].size', /70TiB of namespaces in all: the limit is 64TiB/);
    s.namespaces[1].size = '24TiB';
    expect(simulateScenario(s).ok).toBe(true);
  });

  it('mappings and touched pages summed over processes', () => {
    const s = base();
    const proc = (i: number, touches: number) => ({
      name: `P${i}`,
      mappings: [{ name: 'a', file: '/mnt/A' }],
      touch: Array.from({ length: touches }, () => ({ mapping: 'a', offset: 0 })),
    });
    s.events = [];
    s.processes = [proc(0, 150_000), proc(1, 60_000)];
    expectIssue(s, 'processes[1].touch', /210000 touched pages in all: the limit is 200000 page faults/);
    s.processes = [
      { ...proc(0, 0), mappings: Array.from({ length: 200_001 }, (_, j) => ({ name: `m${j}`, file: '/mnt/A' })) },
    ];
    expectIssue(s, 'processes[0].mappings', /200001 mappings in all: the limit is 200000/);
  });

  it('pages handed to the kernel by the events: a long madvise counts each page', () => {
    const s = base();
    s.events = [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: 0, length: '1MiB' },
      { kind: 'madvise', process: 'P', mapping: 'a', offset: 0, length: '64MiB' },
    ];
    expectIssue(s, 'events[1].length', /16640 pages handed to the kernel by the events so far: the limit is 16384/);
  });
});

describe('scenario parsing never throws', () => {
  it('arbitrary JSON values are rejected with issues, not exceptions', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = loadScenario(v);
        expect(r.ok).toBe(false);
        const t = loadScenario(JSON.stringify(v));
        expect(t.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('one field of a valid scenario replaced by an arbitrary value: issues or a valid run, never an exception', () => {
    const paths: (string | number)[][] = [
      ['format'],
      ['id'],
      ['namespaces', 0, 'size'],
      ['namespaces', 0, 'map'],
      ['namespaces', 0, 'align'],
      ['namespaces', 0, 'phys'],
      ['filesystems', 0, 'type'],
      ['filesystems', 0, 'agcount'],
      ['files', 0, 'size'],
      ['files', 0, 'align'],
      ['files', 0, 'extents'],
      ['processes', 0, 'pid'],
      ['processes', 0, 'mceKill'],
      ['processes', 0, 'mappings', 0, 'offset'],
      ['processes', 0, 'mappings', 0, 'length'],
      ['processes', 0, 'touch', 0, 'offset'],
      ['events', 0, 'offset'],
      ['events', 0, 'length'],
      ['events', 0],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.oneof(fc.jsonValue(), fc.constantFrom('0', '4KiB', '2MiB', 0, -1, 1e300)),
        (path, value) => {
          const s = base();
          let at = s;
          for (const key of path.slice(0, -1)) at = at[key];
          at[path[path.length - 1]] = value;
          let r: ReturnType<typeof simulateScenario> | undefined;
          expect(() => {
            r = simulateScenario(s);
          }).not.toThrow();
          if (r && !r.ok) for (const i of r.issues) expect(i.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
