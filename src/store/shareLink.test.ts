import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { createAppStore } from './inlineStore';
import { decodeScenarioFragment } from './scenarioLink';
import { linkParts, MAX_LINK_SOURCE } from './shareLink';

describe('the link of what is on screen', () => {
  it('names a built-in in the query, with no fragment', () => {
    const app = createAppStore({ scenario: 'ext4-single-owner', cursor: 4, selection: 'task:201' });
    expect(linkParts(app.getState(), null)).toEqual({
      search: '?scenario=ext4-single-owner&step=4&sel=task%3A201',
      hash: '',
      tooLarge: null,
    });
  });

  it('carries any other scenario whole in the fragment, as the user wrote it', () => {
    const app = createAppStore();
    const s = { ...builtinScenario('ext4-single-owner'), id: 'mine-one', description: 'sizes as "4MiB"' };
    app.getState().loadInput(JSON.stringify(s), 'mine.json');
    app.getState().stepTo(3);
    app.getState().select('task:200');
    const parts = linkParts(app.getState(), 'k1');
    expect(parts?.search).toBe('');
    const back = decodeScenarioFragment(parts?.hash ?? '');
    expect(back).toEqual({ kind: 'scenario', link: { scenario: s, step: 3, selection: 'task:200' }, problems: [] });
  });

  it('names the saved copy instead when the scenario is too large for a link, and says why', () => {
    const app = createAppStore();
    const s = builtinScenario('ext4-single-owner');
    // many files with scattered names: they do not compress below the limit
    const files = Array.from({ length: 3000 }, (_, i) => ({ path: `/mnt/f${(i * 7919) % 100003}`, size: 4096 }));
    app.getState().loadInput({ ...s, id: 'big', files: [...(s?.files ?? []), ...files] }, 'big.json');
    expect(app.getState().load.status).toBe('ready');
    const parts = linkParts(app.getState(), 'k1');
    expect(parts?.hash).toMatch(/^#mine=k1&step=\d+$/);
    expect(parts?.tooLarge).toMatch(/more than a link should carry \(8 KiB\): share the file instead$/);
  });

  it('does not compress megabytes to find out: JSON over MAX_LINK_SOURCE is too large at once', () => {
    const app = createAppStore();
    const s = builtinScenario('ext4-single-owner');
    const description = 'x'.repeat(3000);
    const files = Array.from({ length: 12000 }, (_, i) => ({ path: `/mnt/file-number-${i}`, size: 4096 }));
    app.getState().loadInput({ ...s, id: 'huge', description, files: [...(s?.files ?? []), ...files] }, 'huge.json');
    expect(app.getState().load.status).toBe('ready');
    const parts = linkParts(app.getState(), 'k2');
    expect(parts?.tooLarge).toMatch(/^this scenario is \d+ KiB of JSON, far more than a link should carry/);
    expect(parts?.hash).toMatch(/^#mine=k2&step=\d+$/);
    expect(MAX_LINK_SOURCE).toBe(256 * 1024);
  });
});
