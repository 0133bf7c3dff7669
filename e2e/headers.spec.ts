/**
 * A view's header keeps its buttons (PNG, SVG, Focus and the view's own) inside its pane at a laptop's
 * 1366×768 and a projector's 1280×720, in the workspace and in presentation mode: the subtitle, a badge or
 * the xarray's file picker give way first.
 */
import { expect, test } from '@playwright/test';

test.setTimeout(120_000);

for (const size of [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
])
  for (const present of [false, true])
    test(`every view's header buttons stay in its pane at ${size.width}×${size.height}${present ? ', presenting' : ''}`, async ({
      page,
    }, testInfo) => {
      await page.setViewportSize(size);
      await page.goto('/?scenario=xfs-reflink-shared&step=20');
      await page.waitForFunction(() => {
        const s = window.__explorer?.state();
        return s?.load.status === 'ready' && !s.pending;
      });
      if (present) await page.getByRole('button', { name: 'Present' }).click();
      // (glossary terms in a subtitle are text: an ellipsis may hide them, and focus scrolls them into view)
      await expect(
        page.locator('[data-view="xarray"]').getByRole('combobox', { name: 'File whose page cache is shown' }),
      ).toBeVisible({ visible: !present });
      const outside = await page.evaluate(() => {
        const out: string[] = [];
        for (const view of document.querySelectorAll<HTMLElement>('[data-view]')) {
          const box = view.getBoundingClientRect();
          if (!box.width) continue;
          for (const b of view.querySelectorAll<HTMLElement>(
            '.view__header button:not(.term), .view__header select, .view__header [role="combobox"]',
          )) {
            const r = b.getBoundingClientRect();
            // inside the pane, whole: not cut at its right edge, not squeezed to nothing
            if (r.right > box.right + 0.5 || r.left < box.left - 0.5 || r.width < 8)
              out.push(
                `${view.dataset.view}: ${b.textContent || b.getAttribute('aria-label')} at ${r.left}–${r.right} in ${box.left}–${box.right}`,
              );
          }
        }
        return out;
      });
      await page.screenshot({ path: testInfo.outputPath(`headers-${size.width}${present ? '-present' : ''}.png`) });
      expect(outside).toEqual([]);
    });
