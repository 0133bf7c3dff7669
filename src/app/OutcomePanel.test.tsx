// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../pipeline/report';
import { OutcomePanel } from './OutcomePanel';

/** Hand-made report shaped like the xfs-reflink-shared outcome (two processes map one reflinked extent). */
const report: SimulationReport = {
  scenario: 'xfs-reflink-shared',
  kernel: 'Linux 6.12',
  hardwareCorruptedKb: 4,
  events: [
    {
      kind: 'mce',
      label: 'MCE SRAR: reader loads 0x7f5a00003000',
      pfn: '0x240003',
      result: 'Recovered',
      return: '0',
      dmesg: [
        'Memory failure: 0x240003: Sending SIGBUS to reader:1001 due to hardware memory corruption',
        'Memory failure: 0x240003: Sending SIGBUS to cloner:1002 due to hardware memory corruption',
        'Memory failure: 0x240003: recovery action for dax page: Recovered',
      ],
      trace: ['memory_failure_event: pfn 0x240003: recovery action for dax page: Recovered'],
      signals: [
        { pid: 1001, comm: 'reader', signo: 'SIGBUS', code: 'BUS_MCEERR_AR', addr: '0x7f5a00003000', lsb: 12 },
        { pid: 1002, comm: 'cloner', signo: 'SIGBUS', code: 'BUS_MCEERR_AO', addr: '0x7f6b00003000', lsb: 12 },
      ],
      hwpoison: ['0x240003'],
      unmapped: [
        { pid: 1001, start: '0x7f5a00003000', end: '0x7f5a00004000' },
        { pid: 1002, start: '0x7f6b00003000', end: '0x7f6b00004000' },
      ],
      hardwareCorruptedKb: 4,
      shutdown: false,
      steps: { first: 0, end: 42 },
    },
    {
      kind: 'read',
      label: 'reader read(fd, 4096) at offset 0x3000',
      pfn: null,
      result: null,
      return: '-EIO',
      dmesg: [],
      trace: [],
      signals: [],
      hwpoison: [],
      unmapped: [],
      hardwareCorruptedKb: 4,
      shutdown: true,
      steps: { first: 42, end: 50 },
    },
  ],
};

function eventCard(n: number): HTMLElement {
  return screen.getByRole('article', { name: new RegExp(`^Event ${n}\\b`) });
}

describe('OutcomePanel', () => {
  afterEach(cleanup);

  it('names the scenario, the kernel and the final HardwareCorrupted', () => {
    render(<OutcomePanel report={report} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Outcome of xfs-reflink-shared' })).toBeTruthy();
    const summary = screen.getByRole('region', { name: 'Outcome of xfs-reflink-shared' });
    expect(within(summary).getAllByText('xfs-reflink-shared').length).toBeGreaterThanOrEqual(1);
    expect(within(summary).getByText('Linux 6.12')).toBeTruthy();
    expect(within(summary).getByText('HardwareCorrupted (final)').nextElementSibling?.textContent).toBe('4 kB');
  });

  it('shows one article per event with its label, kind, pfn, result and return value', () => {
    render(<OutcomePanel report={report} />);
    expect(screen.getAllByRole('article')).toHaveLength(2);

    const first = eventCard(1);
    expect(within(first).getByRole('heading', { level: 3 }).textContent).toContain(report.events[0].label);
    expect(within(first).getByText('mce')).toBeTruthy();
    expect(within(first).getByText('0x240003', { selector: 'dd code' })).toBeTruthy();
    expect(within(first).getByText('Recovered', { selector: '.result' }).className).toContain('result-recovered');
    expect(within(first).getByText('Return value').nextElementSibling?.textContent).toBe('0');
    expect(within(first).getByText('HardwareCorrupted').nextElementSibling?.textContent).toBe('4 kB');

    const second = eventCard(2);
    expect(within(second).getByText('read')).toBeTruthy();
    expect(within(second).getByText('pfn').nextElementSibling?.textContent).toBe('none');
    expect(within(second).getByText('Result').nextElementSibling?.textContent).toBe('not called');
    expect(within(second).getByText('-EIO')).toBeTruthy();
    expect(within(second).getByText('shut down')).toBeTruthy();
  });

  it('lists dmesg lines one per item, in order, in a monospace log', () => {
    render(<OutcomePanel report={report} />);
    const log = within(eventCard(1)).getByRole('list', { name: 'dmesg' });
    expect(log.className).toContain('log');
    const lines = within(log)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines).toEqual(report.events[0].dmesg);
    expect(lines.some((l) => l?.includes('recovery action for dax page: Recovered'))).toBe(true);
  });

  it('tabulates signals with column headers', () => {
    render(<OutcomePanel report={report} />);
    const table = within(eventCard(1)).getByRole('table', { name: 'Signals' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual(['pid', 'comm', 'signo', 'code', 'addr', 'lsb']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['1001', 'reader', 'SIGBUS', 'BUS_MCEERR_AR', '0x7f5a00003000', '12'],
      ['1002', 'cloner', 'SIGBUS', 'BUS_MCEERR_AO', '0x7f6b00003000', '12'],
    ]);
  });

  it('lists poisoned pfns and unmapped ranges', () => {
    render(<OutcomePanel report={report} />);
    const first = eventCard(1);
    const poisoned = within(first).getByRole('list', { name: 'Hardware-poisoned pfns' });
    expect(
      within(poisoned)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['0x240003']);
    const unmapped = within(first).getByRole('table', { name: 'Unmapped ranges' });
    const rows = within(unmapped).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['1001', '0x7f5a00003000', '0x7f5a00004000'],
      ['1002', '0x7f6b00003000', '0x7f6b00004000'],
    ]);
  });

  it('says so when an event has no messages, signals, poisoned pages or unmapped ranges', () => {
    render(<OutcomePanel report={report} />);
    const second = eventCard(2);
    expect(within(second).queryByRole('table')).toBeNull();
    expect(within(second).getByText('No kernel messages.')).toBeTruthy();
    expect(within(second).getByText('No signals delivered.')).toBeTruthy();
    expect(within(second).getByText('No page newly poisoned.')).toBeTruthy();
    expect(within(second).getByText('No mapping removed.')).toBeTruthy();
  });

  it('handles a report without events', () => {
    render(<OutcomePanel report={{ ...report, events: [], hardwareCorruptedKb: 0 }} />);
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.getByText('The scenario has no events.')).toBeTruthy();
  });
});
