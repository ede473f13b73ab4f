import { expect, Page, test } from '@playwright/test';
import { createEnvironment, openPortal, sidebarLink } from './portal';

const screenshots = 'e2e-test-report/screenshots';

// Entity pages list their content tabs as links in "Content navigation".
function entityTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

test('the Berth page lists the catalog Systems and the clusters', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openPortal(page, '/');

  // Guest sign-in is automatic; Berth has its item in the sidebar.
  await sidebarLink(page, 'Berth').click();
  await expect(page).toHaveURL(/\/berth$/);
  await expect(
    page.getByRole('heading', { name: 'Berth', exact: true, level: 1 }),
  ).toBeVisible();

  // The demo System is a Berth project, seeded with its ten services.
  await expect(page.getByText(/10 services/).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Online Shop' })).toBeVisible();
  // Its title and owner come from the catalog, through the project sync
  // (every 10 s, once the catalog has processed the demo locations).
  const summary = page
    .locator('span', { hasText: /owned by\s*team-shop/ })
    .first();
  await expect(async () => {
    await openPortal(page, '/berth');
    await expect(summary).toContainText('10 services', { timeout: 5_000 });
  }).toPass({ timeout: 120_000 });

  // The clusters table is backed by the backend's /health: the portal runs
  // on the two local clusters.
  await expect(
    page.getByText('From kubernetes.clusterLocatorMethods'),
  ).toBeVisible();
  for (const cluster of ['local-east', 'local-west']) {
    await expect(
      page.getByRole('row').filter({ hasText: cluster }),
    ).toContainText(/https:\/\/127\.0\.0\.1:\d+/);
  }
  await page.screenshot({
    path: `${screenshots}/berth-page.png`,
    fullPage: true,
  });
});

test('a System page has a Berth tab with its Components', async ({ page }) => {
  await openPortal(page, '/catalog/default/system/shop');

  await entityTab(page, 'Berth').click();
  await expect(page).toHaveURL(/\/catalog\/default\/system\/shop\/berth$/);
  await expect(page.getByText('Berth project Online Shop')).toBeVisible();

  const services = page.getByRole('table').filter({ hasText: 'Lifecycle' });
  for (const component of [
    'storefront',
    'product-catalog',
    'cart',
    'checkout',
    'payments',
    'orders',
    'notifications',
  ]) {
    await expect(
      services.getByRole('link', { name: component, exact: true }),
    ).toBeVisible();
  }
  await page.screenshot({
    path: `${screenshots}/system-tab.png`,
    fullPage: true,
  });
});

test('a Component page has no Berth tab (it is for Systems)', async ({
  page,
}) => {
  await openPortal(page, '/catalog/default/component/cart');
  await expect(entityTab(page, 'Overview')).toBeVisible();
  await expect(entityTab(page, 'Berth')).toHaveCount(0);
});

test('creates an environment from the UI, sees it Running and in the release matrix', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const name = `e2e-${Date.now().toString(36).slice(-5)}`;
  // The demo project (the `shop` System, seeded with ten services) as the
  // guest, a member of its owning team.
  const row = await createEnvironment(page, name, 'development');

  // Deployed in start order on the local cluster; status arrives live.
  await expect(row).toContainText(`shop-${name}`);
  await expect(row).toContainText('Running', { timeout: 300_000 });
  await page.screenshot({
    path: `${screenshots}/environment-running.png`,
    fullPage: true,
  });

  // Its page lists the ten services, all Running.
  await row.getByRole('link', { name }).click();
  await expect(page.getByText(`Environment of Online Shop`)).toBeVisible();
  for (const service of ['shop-postgres', 'shop-cache', 'cart', 'storefront']) {
    await expect(
      page.getByRole('row').filter({ hasText: service }).first(),
    ).toContainText('Running');
  }
  await page.screenshot({
    path: `${screenshots}/environment-page.png`,
    fullPage: true,
  });

  // The System's Berth tab shows the release matrix with the new column.
  await page.goto('/catalog/default/system/shop/berth');
  // (The tab's Workflows and Components tables name the storefront too.)
  const matrix = page.getByRole('table').filter({
    has: page.getByRole('columnheader', { name: 'Service', exact: true }),
  });
  await expect(matrix).toContainText(name);
  await expect(
    matrix.getByRole('row').filter({ hasText: 'storefront' }),
  ).toContainText('Running');
  await page.screenshot({
    path: `${screenshots}/release-matrix.png`,
    fullPage: true,
  });
});
