import { expect, Page, test } from '@playwright/test';

const screenshots = 'e2e-test-report/screenshots';

// Signs in as the guest (the first visit shows the guest card; later ones
// resume the session) and waits for the app shell. The dev server can answer
// before its first bundle is built, hence the long first wait.
async function openPortal(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const berthLink = sidebarLink(page, 'Berth');
  await expect(enter.or(berthLink)).toBeVisible({ timeout: 120_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(berthLink).toBeVisible();
}

// Entity pages list their content tabs as links in "Content navigation".
function entityTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true })
    .filter({ visible: true });
}

test('the Berth page lists the catalog Systems and the clusters', async ({
  page,
}) => {
  await openPortal(page, '/');

  // Guest sign-in is automatic; Berth has its item in the sidebar.
  await sidebarLink(page, 'Berth').click();
  await expect(page).toHaveURL(/\/berth$/);
  await expect(
    page.getByRole('heading', { name: 'Berth', exact: true, level: 1 }),
  ).toBeVisible();

  // The demo System, read from the real catalog, with its owner and its
  // seven Components.
  const shop = page.getByRole('row').filter({ hasText: 'Online Shop' });
  await expect(shop).toBeVisible();
  await expect(shop).toContainText('team-shop');
  await expect(shop).toContainText('7');

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
