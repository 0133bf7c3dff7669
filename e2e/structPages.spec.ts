import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const view = (page: Page) => page.locator('[data-view="structPages"]');
const canvas = (page: Page) => view(page).locator('canvas');
const HEAD = 0x100200; // devdax-2m-compound: the first data compound page (2 MiB, 512 struct pages)
const hex = (n: number) => `0x${n.toString(16)}`;

async function open(page: Page, query: string) {
  await page.goto(`/?${query}`);
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  await expect(view(page)).toBeVisible();
  // the canvas has a size and d3.zoom has fitted the namespace
  await expect(canvas(page)).not.toHaveAttribute('data-transform', '0.00,0.00,1.0000');
}

/** Screenshot the view; the sticky timeline is unstuck so it does not cover the view's top. */
async function shoot(page: Page, name: string, testInfo: { outputPath: (n: string) => string }) {
  await view(page).screenshot({ path: testInfo.outputPath(name), style: '.timeline { position: static !important; }' });
}

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).include('[data-view="structPages"]').analyze();
  expect(axe.violations).toEqual([]);
}

/** Centre the grid on a pfn with the "Go to pfn" field (zooms to the detail zoom, selects nothing). */
async function goTo(page: Page, pfn: number) {
  await view(page).getByRole('textbox', { name: 'Go to pfn' }).fill(hex(pfn));
  await view(page).getByRole('button', { name: 'Go', exact: true }).click();
  await expect(canvas(page)).toHaveAttribute('data-transform', /,44\.0000$/);
}

/** The zoom transform the canvas reports, and its size in CSS pixels. */
async function geometry(c: Locator) {
  const [x, y, k] = ((await c.getAttribute('data-transform')) ?? '').split(',').map(Number);
  const box = await c.boundingBox();
  if (!box) throw new Error('canvas not laid out');
  return { x, y, k, box };
}

/** The canvas pixel (RGBA) at CSS offset (dx, dy) from the canvas centre. */
async function pixelAt(c: Locator, dx: number, dy: number): Promise<number[]> {
  return c.evaluate(
    (el, [dx, dy]) => {
      const cv = el as HTMLCanvasElement;
      const dpr = cv.width / cv.clientWidth;
      const ctx = cv.getContext('2d');
      if (!ctx) return [];
      const x = Math.round((cv.clientWidth / 2 + dx) * dpr);
      const y = Math.round((cv.clientHeight / 2 + dy) * dpr);
      return [...ctx.getImageData(x, y, 1, 1).data];
    },
    [dx, dy],
  );
}

test('devdax-2m-compound: clicking a tail struct page lights up the struct pages sharing its vmemmap frame', async ({
  page,
}, testInfo) => {
  // step past the end = the last step (a link without step= opens at step 0)
  await open(page, 'scenario=devdax-2m-compound&step=999999999');
  const v = view(page);
  await expect(v).toContainText('dax0.0 · devdax, map=mem');
  await expect(v).toContainText('vmemmap dedup on');
  await expect(v.getByTestId('vmemmap-savings')).toHaveText(
    'unique vmemmap pages: 2 of 8 per compound page, aliased 6, bytes saved 24 KiB per 2 MiB, 24 MiB total (6144 aliased vmemmap pages)',
  );
  await axeClean(page);
  await shoot(page, 'structPages-devdax-fit.png', testInfo);

  // centre slot 32 of the compound page's vmemmap page 1 (head + 96); head + 100 is 4 cells to the right
  await goTo(page, HEAD + 96);
  const c = canvas(page);
  const g = await geometry(c);
  await expect(c).toHaveAttribute('data-selected-pfn', '');
  await c.click({ position: { x: g.box.width / 2 + 4 * g.k, y: g.box.height / 2 } });

  await expect(c).toHaveAttribute('data-selected-pfn', hex(HEAD + 100));
  expect(await page.evaluate(() => window.__explorer?.state().selection)).toBe(`pfn:${hex(HEAD + 100)}`);
  // the struct pages of the same compound page whose vmemmap page maps the same physical frame: pages 1..7
  await expect(c).toHaveAttribute('data-highlight-count', '448');
  await expect(c).toHaveAttribute('data-slot-count', '7');
  await expect(v.getByTestId('storage-sharers')).toContainText(
    'mapped by 7 vmemmap pages: the 448 struct pages 0x100240–0x1003ff',
  );

  // and they are lit on the canvas: a cell in vmemmap page 2 (a sharer) differs from one in page 0 (not a sharer);
  // both sampled near the bottom-right corner, away from labels and the linked corner marker
  const k = g.k;
  const corner = 0.3 * k;
  const sharer = await pixelAt(c, k - corner, k + k / 2 - corner); // head + 96 + 64 + 1: vmemmap page 2
  const sameRow = await pixelAt(c, -2 * k + k / 2 - corner, k / 2 - corner); // head + 94: vmemmap page 1, sharer
  const notSharer = await pixelAt(c, k - corner, -k + k / 2 - corner); // head + 96 - 64 + 1: vmemmap page 0
  expect(sharer).toEqual(sameRow);
  expect(sharer).not.toEqual(notSharer);

  // hovering a sharer says so
  await c.hover({ position: { x: g.box.width / 2 + k, y: g.box.height / 2 + k } });
  await expect(c).toHaveAttribute('data-hover-pfn', hex(HEAD + 96 + 64 + 1));
  await expect(v.locator('.structPages__status')).toContainText('same vmemmap frame as the selected struct page');
  await c.hover({ position: { x: g.box.width / 2 + 4 * k, y: g.box.height / 2 + k } });
  await expect(v.locator('.structPages__status')).toContainText('same 64 bytes as the selected struct page');

  // the detail and vmemmap panels
  const detail = v.getByTestId('struct-page-detail');
  await expect(detail).toContainText(`struct page of pfn ${hex(HEAD + 100)}`);
  await expect(detail).toContainText('*(struct page *)0xffffea0004009900');
  await expect(detail).toContainText('TAIL_MAPPING');
  const panel = v.getByTestId('vmemmap-panel');
  await expect(panel).toContainText('compound-tail');
  const boxes = v.getByTestId('compound-diagram').getByRole('button');
  await expect(boxes).toHaveCount(8);
  const frames = await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-frame')));
  expect(frames[0]).not.toBe(frames[1]);
  expect(new Set(frames.slice(1)).size).toBe(1); // pages 2..7 point to page 1's frame
  await expect(v.getByTestId('compound-diagram')).toContainText(`pages 2–7 all map page 1’s frame ${frames[1]}`);
  await axeClean(page);
  await shoot(page, 'structPages-devdax-tail-selected.png', testInfo);

  // the head's vmemmap page is its own: selecting the head lights nothing up
  await detail.getByRole('button', { name: 'select head' }).click();
  await expect(c).toHaveAttribute('data-selected-pfn', hex(HEAD));
  await expect(c).toHaveAttribute('data-highlight-count', '0');
  // "Zoom to selection" brings it to the centre
  await v.getByRole('button', { name: 'Fit' }).click();
  await v.getByRole('button', { name: 'Zoom to selection' }).click();
  const g2 = await geometry(c);
  await c.hover({ position: { x: g2.box.width / 2, y: g2.box.height / 2 } });
  await expect(c).toHaveAttribute('data-hover-pfn', hex(HEAD));

  // at the first step nothing is poisoned yet
  await page.getByRole('button', { name: 'First step' }).click();
  await expect(v).toContainText('vmemmap dedup on');
  await shoot(page, 'structPages-devdax-step0.png', testInfo);
});

test('devdax-2m-compound: the keyboard pans, zooms and selects with the crosshair', async ({ page }) => {
  await open(page, 'scenario=devdax-2m-compound');
  const c = canvas(page);
  await goTo(page, HEAD + 100);
  const grid = view(page).getByRole('application');
  await grid.focus();
  // focused after a mouse click, the grid shows no crosshair until a key is pressed
  await expect(c).toHaveAttribute('data-cursor-pfn', '');
  await page.keyboard.press('Shift');
  await expect(c).toHaveAttribute('data-cursor-pfn', hex(HEAD + 100));
  await page.keyboard.press('ArrowRight'); // pans by one cell: the crosshair moves to the next struct page
  await expect(c).toHaveAttribute('data-cursor-pfn', hex(HEAD + 101));
  await page.keyboard.press('ArrowDown');
  await expect(c).toHaveAttribute('data-cursor-pfn', hex(HEAD + 165));
  await page.keyboard.press('Enter');
  await expect(c).toHaveAttribute('data-selected-pfn', hex(HEAD + 165));
  expect(await page.evaluate(() => window.__explorer?.state().selection)).toBe(`pfn:${hex(HEAD + 165)}`);
  // the timeline did not move: the grid keeps its arrow keys
  const cursor = await page.evaluate(() => window.__explorer?.state().cursor);
  await page.keyboard.press('ArrowLeft');
  expect(await page.evaluate(() => window.__explorer?.state().cursor)).toBe(cursor);
  const before = (await c.getAttribute('data-transform')) ?? '';
  await page.keyboard.press('-');
  await expect(c).not.toHaveAttribute('data-transform', before);
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => window.__explorer?.state().selection)).toBeNull();
});

test('xfs-reflink-shared: the poisoned, shared page of an order-0 namespace with its memmap on the device', async ({
  page,
}, testInfo) => {
  // step past the end = the last step (a link without step= opens at step 0)
  await open(page, 'scenario=xfs-reflink-shared&step=999999999');
  const v = view(page);
  await expect(v).toContainText('pmem0 · fsdax, map=dev');
  await expect(v).toContainText('vmemmap dedup off');
  await expect(v).toContainText('altmap set: the memmap lives on the device');
  await v.getByRole('button', { name: /0x102222/ }).click();
  await expect(canvas(page)).toHaveAttribute('data-transform', /,44\.0000$/);
  const g = await geometry(canvas(page));
  await canvas(page).click({ position: { x: g.box.width / 2, y: g.box.height / 2 } });
  await expect(canvas(page)).toHaveAttribute('data-selected-pfn', '0x102222');
  const detail = v.getByTestId('struct-page-detail');
  await expect(detail).toContainText('hwpoison');
  await expect(detail).toContainText('PAGE_MAPPING_DAX_SHARED');
  await expect(v.getByTestId('vmemmap-panel')).toContainText('altmap-pmd');
  await expect(canvas(page)).toHaveAttribute('data-highlight-count', '0');
  await axeClean(page);
  await shoot(page, 'structPages-xfs-poison.png', testInfo);
});

test('altmap-memmap-space on a projector: the memmap region on the device', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, 'scenario=altmap-memmap-space');
  const v = view(page);
  await expect(v.locator('.structPages__legend')).toContainText('memmap on the device (altmap)');
  await axeClean(page);
  await shoot(page, 'structPages-altmap-1080p.png', testInfo);
});

test('devdax-2m-compound in the dark theme, opened with the tail page selected by the link', async ({
  page,
}, testInfo) => {
  await open(page, `scenario=devdax-2m-compound&sel=pfn:${hex(HEAD + 100)}`);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  const v = view(page);
  const c = canvas(page);
  await expect(c).toHaveAttribute('data-selected-pfn', hex(HEAD + 100));
  await expect(c).toHaveAttribute('data-highlight-count', '448');
  await v.getByRole('button', { name: 'Zoom to sharers' }).click();
  await expect(c).toHaveAttribute('data-transform', /,6\.\d+$/); // the 448 struct pages fill the width
  await axeClean(page);
  await shoot(page, 'structPages-devdax-dark-sharers.png', testInfo);
});
