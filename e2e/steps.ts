/** Helpers the view specs share: find a step by id, and screenshot one view. */
import { expect, type Page } from '@playwright/test';

/** The cursor (1-based) right after the step with this id, read from the store the app exposes. */
export async function stepOf(page: Page, scenario: string, stepId: string): Promise<number> {
  await page.goto(`/?scenario=${scenario}&step=0`);
  // the worker answers after the page is up: wait until this scenario's run is in the store
  await page.waitForFunction((id) => {
    const s = window.__explorer?.state();
    return s?.load.status === 'ready' && s.load.id === id && !s.pending;
  }, scenario);
  const n = await page.evaluate((id) => {
    const s = window.__explorer?.state();
    if (s?.load.status !== 'ready') return 0;
    return s.load.sim.rt.steps.findIndex((st) => st.id === id) + 1;
  }, stepId);
  expect(n, `step ${stepId} in ${scenario}`).toBeGreaterThan(0);
  return n;
}

/** A screenshot of one view alone (the sticky timeline would cover its top otherwise). */
export async function shotView(page: Page, view: string, path: string) {
  await page.addStyleTag({ content: '.timeline { position: static !important; }' });
  await page.locator(`[data-view="${view}"]`).screenshot({ path });
}
