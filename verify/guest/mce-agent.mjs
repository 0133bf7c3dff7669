/**
 * The host side of a verify guest's machine checks: reads "mce BANK STATUS MCGSTATUS ADDR MISC" lines from
 * the guest's second serial line (the probe writes them, verify/probe/probe.c), gives each to QEMU's human
 * monitor as `mce -b 0 BANK STATUS MCGSTATUS ADDR MISC` (broadcast, CPU 0: qemu-notes.md), and answers "ok"
 * once the monitor has run it. Usage: node mce-agent.mjs SERIAL_SOCKET MONITOR_SOCKET (QEMU listens on both).
 */
import { connect } from 'node:net';

const [serialPath, monitorPath] = process.argv.slice(2);
const SETTLE_MS = 300;
const log = (s) => process.stdout.write(`mce-agent: ${s}\n`);

/** Connects to a unix socket QEMU listens on, retrying while QEMU starts (up to 60 s). */
function open(path) {
  return new Promise((resolve, reject) => {
    let tries = 0;
    const attempt = () => {
      const sock = connect(path);
      sock.once('connect', () => resolve(sock));
      sock.once('error', (e) => {
        sock.destroy();
        if (++tries > 600) reject(e);
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

const monitor = await open(monitorPath);
let monitorText = '';
let waiting = null;
monitor.setEncoding('utf8');
monitor.on('data', (d) => {
  monitorText += d;
  if (waiting && monitorText.includes('(qemu)')) {
    const w = waiting;
    waiting = null;
    w(monitorText);
  }
});
/** The monitor's output up to its next prompt. */
const prompt = () =>
  new Promise((resolve) => {
    if (monitorText.includes('(qemu)')) resolve(monitorText);
    else waiting = resolve;
  });
await prompt(); // the banner
monitorText = '';

const serial = await open(serialPath);
serial.setEncoding('utf8');
let pending = '';
let queue = Promise.resolve();
serial.on('data', (d) => {
  pending += d;
  for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
    const line = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    queue = queue.then(() => handle(line));
  }
});

async function handle(line) {
  const w = line.split(/\s+/);
  if (w[0] !== 'mce' || w.length !== 6 || !w.slice(1).every((x) => /^(0x[0-9a-f]+|\d+)$/i.test(x))) {
    log(`ignored: ${line}`);
    serial.write('error\n');
    return;
  }
  const cmd = `mce -b 0 ${w.slice(1).join(' ')}`;
  // The guest's one CPU is still in the kernel for the probe's write and poll; a machine check there is "Data
  // load in unrecoverable area of kernel" and panics. Wait until the probe sleeps and the consumer spins.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  monitorText = '';
  monitor.write(`${cmd}\n`);
  // the monitor echoes the line as it edits it; what it printed after the echo is its answer
  const reply = (await prompt()).split('\n').slice(1).join('\n').replace('(qemu)', '').trim();
  monitorText = '';
  log(`${cmd}${reply ? `: ${reply}` : ''}`);
  serial.write('ok\n');
}

serial.on('close', () => process.exit(0));
monitor.on('close', () => process.exit(0));
