/**
 * The CLI in-process (main() with a captured Io): hostile inputs from issue 11 end with a clear message
 * and the right exit code, never a stack.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isControl } from './escapeControls';
import { type Io, MAX_SCENARIO_BYTES, main } from './main';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(ROOT, 'src', 'scenario', '__fixtures__', 'ext4-madvise.json');
const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = {
    out: (l) => {
      out += `${l}\n`;
    },
    err: (l) => {
      err += `${l}\n`;
    },
  };
  return { code: main(argv, io), out, err };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('simulate CLI, hostile input', () => {
  it('reads a file that starts with a UTF-8 BOM', () => {
    const r = run(file('bom.json', `\uFEFF${readFileSync(FIXTURE, 'utf8')}`), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).scenario).toBe('cli-ext4-madvise');
  });

  it('refuses a character device (/dev/zero) with the reason', () => {
    const r = run('/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toContain('a character device, not a regular file');
  });

  it('refuses a FIFO without blocking', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = run(fifo);
    expect(r.code).toBe(2);
    expect(r.err).toContain('a FIFO (named pipe), not a regular file');
  });

  it('refuses a directory', () => {
    expect(run(dir).err).toContain('a directory, not a regular file');
  });

  it('refuses a file over the size limit, naming the limit', () => {
    const r = run(file('big.json', Buffer.alloc(MAX_SCENARIO_BYTES + 1, 0x20)));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the limit is ${MAX_SCENARIO_BYTES} bytes, 32 MiB`);
    expect(r.err).not.toContain('not JSON');
  });

  it('reports metadata that does not fit (60,000 files on a small XFS) as a validation issue of `files`', () => {
    const scenario = {
      format: 1,
      id: 'many-files',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '32MiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', agcount: 1 }],
      files: Array.from({ length: 60_000 }, (_, i) => ({ path: `/mnt/f${i}`, size: '4KiB' })),
    };
    const r = run(file('many.json', JSON.stringify(scenario)));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^ {2}files: pmem0 is too small for its own metadata: the internal log would end past its 30MiB after the inode chunks of 60000 files/m,
    );
  });

  it('refuses more reflinked copies in all than the documented limit, naming the entry', () => {
    const scenario = {
      format: 1,
      id: 'many-copies',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
      files: [
        { path: '/mnt/src', size: '4KiB' },
        { path: '/mnt/a{n}', reflink: '/mnt/src', count: 6_000_000 },
        { path: '/mnt/b{n}', reflink: '/mnt/src', count: 6_000_000 },
      ],
    };
    const r = run(file('copies.json', JSON.stringify(scenario)));
    expect(r.code).toBe(2);
    expect(r.err).toContain('files[2].count: 12000000 reflinked copies in all: the limit is 10000000');
  });

  const mapped = (mappings: object[]) => ({
    format: 1,
    id: 'fixed',
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
    filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
    files: [{ path: '/mnt/A', size: '1MiB' }],
    processes: [{ name: 'P', mappings }],
  });

  it('refuses two fixed `addr` mappings that overlap in one process', () => {
    const r = run(
      file(
        'overlap.json',
        JSON.stringify(
          mapped([
            { name: 'a', file: '/mnt/A', addr: '0x7f0000000000' },
            { name: 'b', file: '/mnt/A', addr: '0x7f0000080000' },
          ]),
        ),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'processes[0].mappings[1].addr: [0x7f0000080000, 0x7f0000180000) overlaps a at [0x7f0000000000, 0x7f0000100000)',
    );
  });

  it('refuses a mapping that ends past the top of the user address space', () => {
    const r = run(file('top.json', JSON.stringify(mapped([{ name: 'a', file: '/mnt/A', addr: '0x7fffffff0000' }]))));
    expect(r.code).toBe(2);
    expect(r.err).toContain('processes[0].mappings[0].addr: [0x7fffffff0000, 0x8000000f0000) ends past the top');
  });

  it('escapes control characters of a comm and a path in its text and JSON output (issue 10 §4)', () => {
    const scenario = {
      format: 1,
      id: 'ansi',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '64MiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', agcount: 2 }],
      files: [{ path: '/mnt/\u001b[2J\u009bA', size: '64KiB' }],
      processes: [
        {
          name: 'P',
          comm: '\u001b[31mEVIL\u0007',
          mappings: [{ name: 'a', file: '/mnt/\u001b[2J\u009bA' }],
          touch: [{ mapping: 'a', offset: 0 }],
        },
      ],
      events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: 0 }],
    };
    const f = file('ansi.json', JSON.stringify(scenario));
    const text = run(f);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Sending SIGBUS to \\u001b[31mEVIL\\u0007:');
    expect([...text.out].some((c) => isControl(c.charCodeAt(0)))).toBe(false);
    const json = run(f, '--json', '--steps');
    expect(json.code).toBe(0);
    expect([...json.out].some((c) => isControl(c.charCodeAt(0)))).toBe(false);
    // still JSON, with the same characters in it
    expect(JSON.parse(json.out).processes[0].comm).toBe('\u001b[31mEVIL\u0007');
  });

  it('refuses colliding copy names and a file align of 0, naming the entry', () => {
    const scenario = (files: unknown[]) => ({
      format: 1,
      id: 'collide',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '64MiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, agcount: 2 }],
      files,
    });
    const A = { path: '/mnt/A', size: '64KiB' };
    const copies = { path: '/mnt/copy-{n}', reflink: '/mnt/A', count: 3 };
    const after = run(file('c1.json', JSON.stringify(scenario([A, copies, { path: '/mnt/copy-1', size: '4KiB' }]))));
    expect(after.code).toBe(2);
    expect(after.err).toContain('  files[2].path: duplicate file "/mnt/copy-1": copy 1 of files[1] has that name');
    const before = run(file('c2.json', JSON.stringify(scenario([A, { path: '/mnt/copy-2', size: '4KiB' }, copies]))));
    expect(before.err).toContain(
      '  files[2].path: duplicate file "/mnt/copy-2": copy 2 has the name of an earlier file',
    );
    const two = run(
      file('c3.json', JSON.stringify(scenario([A, { ...copies, count: 11 }, { ...copies, path: '/mnt/copy-{n}0' }]))),
    );
    expect(two.err).toContain('  files[2].path: duplicate file "/mnt/copy-10": files[1] makes a copy of that name too');
    const fine = run(file('c5.json', JSON.stringify(scenario([A, copies, { path: '/mnt/copy-3', size: '4KiB' }]))));
    expect(fine.code).toBe(0);
    const align = run(file('a0.json', JSON.stringify(scenario([{ ...A, align: 0 }]))));
    expect(align.code).toBe(2);
    expect(align.err).toContain('  files[0].align: a power of two of at least 4KiB');
  });

  it('quotes at most 80 characters of a 10 MB value', () => {
    const huge = 'Z'.repeat(10 * 1024 * 1024);
    const r = run(
      file(
        'huge.json',
        JSON.stringify({ format: 1, id: 'x', namespaces: [{ name: 'pmem0', mode: 'fsdax', size: huge }], [huge]: 1 }),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(`namespaces[0].size: not a size: "${'Z'.repeat(80)}"… (10485760 characters)`);
    expect(r.err).toContain(`(scenario): Unrecognized key: "${'Z'.repeat(80)}…(10485760 characters)"`);
    expect(r.err.length).toBeLessThan(2000);
  });

  it('reports an unexpected error as a bug in one line (exit 1), without a stack', () => {
    let err = '';
    const io: Io = {
      out: () => {
        throw new TypeError('boom\n    at somewhere');
      },
      err: (l) => {
        err += `${l}\n`;
      },
    };
    expect(main(['--builtin', 'xfs-reflink-shared'], io)).toBe(1);
    expect(err).toBe(
      'simulate: bug: TypeError: boom (this is a bug in the simulator, not in your scenario; please report it)\n',
    );
  });

  it('exits 0, quietly, when the reader of stdout goes away (piped into head)', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        'set -o pipefail; node --import tsx src/cli/simulate.ts --builtin xfs-reflink-shared --steps | head -c 100 >/dev/null',
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('simulate CLI, --json in pieces', () => {
  it('writes through Io.write the same text, escaped, as one line to Io.out', () => {
    // 300 processes (long arrays are written element by element), comms with an ESC and a line separator
    const scenario = {
      format: 1,
      id: 'pieces',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '1GiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
      files: [{ path: '/mnt/A', size: 4096 }],
      processes: Array.from({ length: 300 }, (_, i) => ({
        name: `p${i}`,
        comm: i % 2 ? `c\u001b[2J${i}` : `c\u2028${i}`,
        mceKill: (['default', 'early', 'late'] as const)[i % 3],
        mappings: [{ name: 'a', file: '/mnt/A' }],
        touch: [{ mapping: 'a', offset: 0 }],
      })),
      events: [{ kind: 'mce', process: 'p299', mapping: 'a', offset: 0 }],
    };
    const path = file('pieces.json', JSON.stringify(scenario));
    for (const flags of [['--json'], ['--json', '--steps']]) {
      const whole = run(path, ...flags);
      let written = '';
      let lines = '';
      const io: Io = {
        out: (l) => {
          lines += `${l}\n`;
        },
        err: () => {},
        write: (t) => {
          written += t;
        },
      };
      expect(main([path, ...flags], io)).toBe(0);
      expect(whole.code).toBe(0);
      expect(lines).toBe('');
      expect(written).toBe(whole.out);
      expect(written).toContain('c\\u001b[2J1');
      expect(written).toContain('c\\u20280');
      expect([...written].some((c) => isControl(c.charCodeAt(0)))).toBe(false);
    }
  });
});
