import { expect, test } from '@playwright/test';
import { createEnvironment, openImportWizard, openPortal } from './portal';

const screenshots = 'e2e-test-report/screenshots';

// Images of any chart: the demo chart repository's `greeter` keeps its image
// under image.repository/image.tag in its values.yaml and nowhere else. The
// wizard shows the image the project's rules find; once an environment runs
// it, the release matrix shows its tag.
test('the release matrix shows the image of a chart imported from the demo chart repository', async ({
  page,
}) => {
  test.setTimeout(720_000);
  const suffix = Date.now().toString(36).slice(-4);
  const service = `greeter-${suffix}`;

  await openImportWizard(page);
  const charts = page.getByRole('table', { name: 'Charts' });
  await charts.getByRole('checkbox', { name: 'Import greeter' }).check();
  await charts.getByLabel('Service name for greeter').fill(service);
  await page.getByRole('button', { name: /Next: values \(1 chart\)/ }).click();

  // The image found in the chart's values, for review.
  const images = page.getByRole('list', { name: `Images of ${service}` });
  await expect(images).toContainText('main: ghcr.io/berth-demo/greeter:2.0.0', {
    timeout: 60_000,
  });
  await expect(images).toContainText('image.repository : image.tag');
  await expect(
    images.getByRole('checkbox', { name: 'Use image main' }),
  ).toBeChecked();
  await page.screenshot({
    path: `${screenshots}/helm-import-images.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Import 1 service' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'created' }),
  ).toHaveText('1 created', { timeout: 120_000 });

  // An environment of the project runs it (with every other service).
  const name = `img-${suffix}`;
  const row = await createEnvironment(page, name, 'development');
  await expect(row).toContainText('Running', { timeout: 540_000 });

  await openPortal(page, '/catalog/default/system/shop/berth');
  const matrix = page.getByRole('table').filter({
    has: page.getByRole('columnheader', { name: 'Service', exact: true }),
  });
  await expect(matrix).toContainText(name, { timeout: 60_000 });
  const greeter = matrix.getByRole('row').filter({ hasText: service });
  await expect(greeter).toContainText('Running');
  await expect(greeter).toContainText('2.0.0');
  await page.screenshot({
    path: `${screenshots}/release-matrix-imported-image.png`,
    fullPage: true,
  });
});
