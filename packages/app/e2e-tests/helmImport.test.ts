import { expect, Page, test } from '@playwright/test';
import { openImportWizard } from './portal';

const screenshots = 'e2e-test-report/screenshots';

test('imports two charts from the demo chart repository at once through the wizard', async ({
  page,
}) => {
  test.setTimeout(420_000);
  // Service names of their own, so reruns on a kept portal do not collide.
  const suffix = Date.now().toString(36).slice(-4);
  const web = `web-${suffix}`;
  const worker = `worker-${suffix}`;

  // Source: the portal's demo chart repository, configured by name (its URL
  // is shown, never credentials).
  await openImportWizard(page);

  // Charts: two at once, each named.
  const charts = page.getByRole('table', { name: 'Charts' });
  await charts.getByRole('checkbox', { name: 'Import web-service' }).check();
  await charts.getByRole('checkbox', { name: 'Import worker' }).check();
  await charts.getByLabel('Service name for web-service').fill(web);
  await charts.getByLabel('Service name for worker').fill(worker);
  await page.screenshot({
    path: `${screenshots}/helm-import-charts.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: /Next: values \(2 charts\)/ }).click();

  // Values: YAML (a form too when the chart has a values.schema.json), once
  // the chart has been read.
  await expect(
    page.getByRole('button', { name: `Service ${web}` }),
  ).toBeVisible();
  const values = page.getByLabel(`Values of ${web}`, { exact: true });
  await expect(values).toBeVisible({ timeout: 60_000 });
  await values.fill('replicaCount: 1\n');
  await page.screenshot({
    path: `${screenshots}/helm-import-values.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Import 2 services' }).click();

  // Result: one row per service, both created.
  await expect(
    page.getByRole('status').filter({ hasText: 'created' }),
  ).toHaveText('2 created', { timeout: 120_000 });
  const results = page.getByRole('table', { name: 'Import results' });
  for (const service of [web, worker]) {
    await expect(
      results.getByRole('row').filter({ hasText: service }),
    ).toContainText('created');
  }
  await page.screenshot({
    path: `${screenshots}/helm-import-result.png`,
    fullPage: true,
  });

  // Both are services of the project now (each row also links the
  // service's catalog Component, of the same name).
  const serviceLink = (service: string) =>
    page.locator(`a[href="/berth/projects/default/shop/services/${service}"]`);
  // (MUI renders the link as role=button.)
  await page.getByRole('button', { name: 'Go to the services' }).click();
  await expect(page).toHaveURL(/\/berth\/projects\/default\/shop\/services$/);
  for (const service of [web, worker]) {
    await expect(serviceLink(service)).toBeVisible();
  }

  // The service page shows the imported chart, its versions and revisions.
  await serviceLink(web).click();
  await expect(
    page.getByRole('heading', { name: web, level: 1 }),
  ).toBeVisible();
  await expect(page.getByText('Chart (revision 1)')).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page.getByText(/web-service .* from chart repository demo/),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Chart versions' }),
  ).toContainText('current');
  await page.screenshot({
    path: `${screenshots}/helm-service-page.png`,
    fullPage: true,
  });
});
