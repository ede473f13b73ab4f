import { expect, test } from '@playwright/test';
import { createEnvironment, deleteEnvironment, openPortal } from './portal';

const screenshots = 'e2e-test-report/screenshots';

// Berth in the catalog, on the demo portal: an environment of the shop on
// local-east, then the stock Kubernetes tab of the `cart` Component (which
// the Berth catalog module annotated with backstage.io/kubernetes-id) lists
// the Deployment Berth created, and the environment's Resource has its
// Environment tab with the services.
test.describe.serial('Berth in the catalog', () => {
  const name = `k8s-${Date.now().toString(36).slice(-5)}`;
  let environmentUrl = '';

  test('the Kubernetes tab of a Component lists the Deployment Berth created', async ({
    page,
  }) => {
    test.setTimeout(600_000);
    const row = await createEnvironment(page, name, 'development');
    await expect(row).toContainText('Running', { timeout: 420_000 });
    await row.getByRole('link', { name }).click();
    await expect(page.getByText('Environment of Online Shop')).toBeVisible();
    environmentUrl = page.url();

    // The tab is there because the catalog module annotated cart.
    await openPortal(page, '/catalog/default/component/cart/kubernetes');
    const cluster = page.getByText('local-east', { exact: true });
    await expect(cluster).toBeVisible({ timeout: 60_000 });
    await cluster.click();
    // The environment's Deployment of cart, in its namespace.
    const deployment = page
      .locator('button')
      .filter({ hasText: 'Deployment' })
      .filter({ hasText: `namespace: shop-${name}` });
    await expect(deployment).toBeVisible({ timeout: 60_000 });
    await expect(deployment).toContainText('cart');
    // every cluster answered (the local clusters have no metrics-server:
    // their config skips the metrics lookup)
    await expect(
      page.getByText('There was a problem retrieving Kubernetes objects'),
    ).toHaveCount(0);
    await page.screenshot({
      path: `${screenshots}/kubernetes-tab.png`,
      fullPage: true,
    });
  });

  test('the environment Resource has an Environment tab with its services', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // The catalog module puts environments in the catalog every 30 s.
    await expect(async () => {
      await openPortal(
        page,
        `/catalog/default/resource/shop-${name}/berth-environment`,
      );
      await expect(page.getByRole('link', { name, exact: true })).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 120_000 });
    await expect(page.getByText('storefront').first()).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Deploy all' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${screenshots}/environment-tab.png`,
      fullPage: true,
    });
  });

  test.afterAll(async ({ browser }) => {
    if (!environmentUrl) return;
    const page = await browser.newPage();
    await deleteEnvironment(page, environmentUrl);
    // The portal stops after the suite: let the delete finish first.
    await expect(async () => {
      await page.reload();
      // The shop's environments are listed (the default dev among them).
      await expect(
        page.getByRole('row').filter({ hasText: 'local-east' }).first(),
      ).toBeVisible({ timeout: 10_000 });
      await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(
        0,
        { timeout: 5_000 },
      );
    }).toPass({ timeout: 180_000 });
    await page.close();
  });
});
