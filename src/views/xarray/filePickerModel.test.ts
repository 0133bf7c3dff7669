import { describe, expect, it } from 'vitest';
import { filterChoices } from '../shared/comboChoices';
import { pickerChoices } from './filePickerModel';

const choices = pickerChoices(
  [
    { id: 'ino:pmem0:131', label: '/mnt/A' },
    { id: 'ino:pmem0:132', label: '/mnt/B' },
    { id: 'ino:pmem0:1131', label: '/mnt/copy-1000' },
  ],
  (id) => id === 'ino:pmem0:132',
);

describe('file picker model', () => {
  it('says the path and the inode number, and marks the files the step works on', () => {
    expect(choices.map((c) => [c.text, c.marked])).toEqual([
      ['/mnt/A · ino 131', false],
      ['/mnt/B · ino 132', true],
      ['/mnt/copy-1000 · ino 1131', false],
    ]);
  });
  it('filters on every word, case-insensitively, the touched files first', () => {
    expect(filterChoices(choices, '').map((c) => c.id)).toEqual(['ino:pmem0:132', 'ino:pmem0:131', 'ino:pmem0:1131']);
    expect(filterChoices(choices, 'COPY').map((c) => c.id)).toEqual(['ino:pmem0:1131']);
    expect(filterChoices(choices, 'ino 13').map((c) => c.id)).toEqual([
      'ino:pmem0:132',
      'ino:pmem0:131',
      'ino:pmem0:1131',
    ]);
    expect(filterChoices(choices, 'MNT/A').map((c) => c.id)).toEqual(['ino:pmem0:131']);
    expect(filterChoices(choices, 'mnt 1131').map((c) => c.id)).toEqual(['ino:pmem0:1131']);
    expect(filterChoices(choices, 'nothing')).toEqual([]);
  });
});
