import { expect, Locator, Page, test } from '@playwright/test';
import { createEnvironment, deleteEnvironment, openPortal } from './portal';

const screenshots = 'e2e-test-report/screenshots';

// Environment lifecycle in the browser: sleep and wake an environment, and
// roll a service back from its history, on the demo portal (the local
// clusters, the demo project, and the demo image registry "demo" that
// `./berth start` runs on loopback, in which rollbacks check images).

/** The status chip in the page header (inside <main>, so not a banner landmark). */
function headerStatus(page: Page): Locator {
  return page.locator('header [data-status]');
}

function serviceRow(page: Page, service: string): Locator {
  return page
    .getByRole('row')
    .filter({ has: page.getByText(service, { exact: true }) })
    .first();
}

/** Deploys cart with one image override, and waits until it runs it. */
async function deployCart(page: Page, image: string) {
  await serviceRow(page, 'cart')
    .getByRole('button', { name: 'Deploy cart' })
    .click();
  const dialog = page.getByRole('dialog');
  const overrides = dialog.getByRole('group', { name: 'Image overrides' });
  const remove = overrides.getByRole('button', {
    name: /^Remove image override/,
  });
  while ((await remove.count()) > 0) {
    await remove.first().click();
  }
  await overrides.getByRole('button', { name: 'Add image override' }).click();
  await overrides.getByLabel('Image name').fill('app');
  await overrides.getByLabel('Image', { exact: true }).fill(image);
  await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(dialog).toBeHidden();
  const tag = image.slice(image.lastIndexOf(':') + 1);
  await expect(serviceRow(page, 'cart')).toContainText(`cart:${tag}`, {
    timeout: 120_000,
  });
  await expect(serviceRow(page, 'cart')).toContainText('Running', {
    timeout: 120_000,
  });
}

test.describe.serial('environment lifecycle', () => {
  const name = `lc-${Date.now().toString(36).slice(-5)}`;
  let environmentUrl = '';

  test('creates an environment to work on', async ({ page }) => {
    test.setTimeout(420_000);
    const row = await createEnvironment(page, name, 'development');
    await expect(row).toContainText('Running', { timeout: 300_000 });
    await row.getByRole('link', { name }).click();
    await expect(page.getByText('Environment of Online Shop')).toBeVisible();
    environmentUrl = page.url();
  });

  test('puts the environment to sleep and wakes it', async ({ page }) => {
    test.setTimeout(300_000);
    await openPortal(page, environmentUrl);
    await expect(headerStatus(page)).toHaveAttribute('data-status', 'Running', {
      timeout: 120_000,
    });

    await page.getByRole('button', { name: 'Sleep', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('scales them to zero');
    await dialog.getByRole('button', { name: 'Sleep', exact: true }).click();
    await expect(dialog).toBeHidden();

    await expect(headerStatus(page)).toHaveAttribute(
      'data-status',
      'Sleeping',
      { timeout: 60_000 },
    );
    await expect(page.getByRole('status', { name: 'Sleep' })).toContainText(
      'Sleeping since',
    );
    await expect(serviceRow(page, 'cart')).toContainText('Sleeping');
    await expect(serviceRow(page, 'cart')).toContainText('0/0');
    await expect(
      page.getByRole('button', { name: 'Deploy all' }),
    ).toBeDisabled();
    await page.screenshot({
      path: `${screenshots}/environment-sleeping.png`,
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Wake', exact: true }).click();
    // Replicas come back group by group in start order.
    await expect(headerStatus(page)).toHaveAttribute('data-status', 'Running', {
      timeout: 240_000,
    });
    await expect(
      page.getByRole('button', { name: 'Sleep', exact: true }),
    ).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('status', { name: 'Sleep' })).toBeHidden();
    await expect(serviceRow(page, 'cart')).toContainText('Running');
    await expect(serviceRow(page, 'cart')).not.toContainText('0/0');
    await page.screenshot({
      path: `${screenshots}/environment-woken.png`,
      fullPage: true,
    });
  });

  test('rolls a service back from its history', async ({ page }) => {
    test.setTimeout(420_000);
    await openPortal(page, environmentUrl);

    // The demo image registry, as the Settings tab names it.
    await page.getByRole('tab', { name: 'Settings' }).click();
    const option = page
      .getByLabel('Registry', { exact: true })
      .locator('option', { hasText: /^demo \(/ });
    const host = /^demo \((.+)\)$/.exec(
      (await option.textContent({ timeout: 30_000 })) ?? '',
    )![1];
    await page.getByRole('tab', { name: 'Services' }).click();
    await expect(serviceRow(page, 'cart')).toContainText('Running', {
      timeout: 120_000,
    });

    // Three versions: one whose image the registry does not have, then two it has.
    await deployCart(page, `${host}/berth-demo/cart:0.9.0-gone`);
    await deployCart(page, `${host}/berth-demo/cart:1.5.0`);
    await deployCart(page, `${host}/berth-demo/cart:1.6.0`);

    await serviceRow(page, 'cart')
      .getByRole('button', { name: 'History of cart' })
      .click();
    await expect(
      page.getByRole('heading', { name: 'Deployment history of cart' }),
    ).toBeVisible();
    const record = (tag: string) =>
      page
        .getByRole('row')
        .filter({ hasText: `cart:${tag}` })
        .first();
    await expect(record('1.6.0')).toContainText('Succeeded', {
      timeout: 60_000,
    });

    // Compare 1.5.0 with 1.6.0: the image tag changed in the values.
    await record('1.5.0').getByRole('checkbox').check();
    await record('1.6.0').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    const diff = page.getByRole('dialog');
    await expect(diff.getByLabel('Diff of settings')).toContainText('1.6.0');
    await page.screenshot({
      path: `${screenshots}/history-diff.png`,
      fullPage: true,
    });
    await diff.getByRole('button', { name: 'Close' }).click();

    // The version whose image is gone: refused, with the reason.
    await record('0.9.0-gone')
      .getByRole('button', { name: /^Roll cart back/ })
      .click();
    const refused = page.getByRole('dialog');
    await expect(refused).toContainText('An image of this deployment is gone');
    await refused.getByRole('button', { name: 'Roll back' }).click();
    await expect(refused.getByRole('alert')).toContainText(
      `${host}/berth-demo/cart:0.9.0-gone`,
    );
    await page.screenshot({
      path: `${screenshots}/rollback-refused.png`,
      fullPage: true,
    });
    await refused.getByRole('button', { name: 'Cancel' }).click();

    // 1.5.0 is in the registry: rolled back.
    await record('1.5.0')
      .getByRole('button', { name: /^Roll cart back/ })
      .click();
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText('In its registry');
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await expect(confirm).toBeHidden();
    const rollback = page
      .getByRole('row')
      .filter({ hasText: /Rollback to revision/ })
      .first();
    await expect(rollback).toContainText('cart:1.5.0', { timeout: 60_000 });
    await expect(rollback).toContainText('Succeeded', { timeout: 120_000 });
    await page.screenshot({
      path: `${screenshots}/rollback-history.png`,
      fullPage: true,
    });

    await page.getByRole('tab', { name: 'Services' }).click();
    await expect(serviceRow(page, 'cart')).toContainText('cart:1.5.0');
    await expect(serviceRow(page, 'cart')).toContainText('Running', {
      timeout: 120_000,
    });
    await page.screenshot({
      path: `${screenshots}/rollback-running.png`,
      fullPage: true,
    });
  });

  test.afterAll(async ({ browser }) => {
    if (!environmentUrl) return;
    const page = await browser.newPage();
    await deleteEnvironment(page, environmentUrl);
    await page.close();
  });
});
