/** Page object for the explorer: role-based controls and the read-only state hook for canvas views. */

import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export class ExplorerPage {
  constructor(readonly page: Page) {}

  async open(query: string) {
    await this.page.goto(`/${query}`);
    await this.page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  }

  view = (id: string) => this.page.locator(`[data-view="${id}"]`);
  slider = () => this.page.getByRole('slider', { name: 'Step' });
  next = () => this.page.getByRole('button', { name: 'Next step' }).click();
  prev = () => this.page.getByRole('button', { name: 'Previous step' }).click();

  /** Evaluate `fn` on the store's state inside the page (the function is sent as source). */
  state<T>(fn: (s: ReturnType<NonNullable<Window['__explorer']>['state']>) => T): Promise<T> {
    return this.page.evaluate(`(${fn.toString()})(window.__explorer.state())`) as Promise<T>;
  }

  cursor = () => this.page.evaluate(() => window.__explorer?.state().cursor ?? -1);
  totalSteps = () =>
    this.page.evaluate(() => {
      const load = window.__explorer?.state().load;
      return load?.status === 'ready' ? load.sim.rt.steps.length : 0;
    });
  stepIds = () =>
    this.page.evaluate(() => {
      const load = window.__explorer?.state().load;
      return load?.status === 'ready' ? load.sim.rt.steps.map((s) => s.id) : [];
    });
  selection = () => this.page.evaluate(() => window.__explorer?.state().selection ?? null);

  /** Bench A (bench/reflink-million.scenario.json: 10,000 processes, 1,000,001 owners) opened as a file, at 1440×900. */
  async openBenchA() {
    await this.page.setViewportSize({ width: 1440, height: 900 });
    await this.open('?scenario=xfs-reflink-shared&step=3');
    // a path, as a file dialog gives it: a buffer would be decoded from base64 by Playwright's script in the page
    await this.page.locator('input[type=file]').setInputFiles('bench/reflink-million.scenario.json');
    await expect
      .poll(() => this.state((s) => (s.load.status === 'ready' ? s.load.id : null)), { timeout: 180_000 })
      .toBe('reflink-million');
  }

  async goStep(n: number) {
    await this.slider().fill(String(n));
    await expect(this.page).toHaveURL(new RegExp(`step=${n}(&|$)`));
  }

  async axeClean() {
    const r = await new AxeBuilder({ page: this.page }).analyze();
    expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
}
