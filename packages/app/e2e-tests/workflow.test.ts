import { expect, Page, test } from '@playwright/test';
import { createEnvironment, openPortal } from './portal';

const screenshots = 'e2e-test-report/screenshots';

// The demo workflow (`release-storefront`, seeded into the shop project by
// `./berth start`) run from the System's Berth tab on the local clusters:
// the storefront built from the demo Git server by the local builder on the
// real node, deployed by digest to a development environment, a smoke test on
// the real node that the new version answers, an approval, deploy to staging,
// a notification. Two environments of its own.

/** The button of a job in the run's stage graph. */
function jobButton(page: Page, job: string) {
  return page.getByRole('button', { name: `Job ${job}`, exact: true });
}

test('runs the demo workflow from its page: live logs, approval, finished', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const suffix = Date.now().toString(36).slice(-5);
  const dev = `wfd-${suffix}`;
  const staging = `wfs-${suffix}`;
  for (const [name, tier] of [
    [dev, 'development'],
    [staging, 'staging'],
  ]) {
    const row = await createEnvironment(page, name, tier);
    await expect(row).toContainText(`shop-${name}`);
  }

  // The System's Berth tab lists the project's workflows with a Run button.
  await openPortal(page, '/catalog/default/system/shop/berth');
  const workflows = page.getByRole('table').filter({
    has: page.getByRole('link', { name: 'release-storefront' }),
  });
  await expect(workflows).toContainText('Release the storefront');
  await workflows
    .getByRole('button', { name: 'Run Release the storefront' })
    .click();

  // The run dialog is built from the workflow's params: the environments are
  // picked from the project's.
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Storefront image tag')).toHaveValue('5.2.0');
  await expect(dialog.getByLabel(/^Git revision/)).toHaveValue('main');
  await dialog.getByLabel('Development environment').selectOption(dev);
  await dialog.getByLabel('Staging environment').selectOption(staging);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();

  // The run's page: the stage graph, the selected job's log followed live.
  await expect(page).toHaveURL(/\/berth\/workflow-runs\/[^/]+$/);
  await expect(
    page.getByRole('heading', { name: /^release-storefront #\d+$/ }),
  ).toBeVisible();
  await expect(page.getByText('Log (live)')).toBeVisible({ timeout: 60_000 });
  // The build job fetched the commit and pushed the image; its outputs name
  // the digest the deploy jobs pin.
  await jobButton(page, 'build').click();
  await expect(page.getByTestId('job-log')).toContainText('sha256:', {
    timeout: 240_000,
  });
  await jobButton(page, 'deploy-dev').click();
  await expect(page.getByTestId('job-log')).toContainText('storefront', {
    timeout: 240_000,
  });

  // The smoke test runs on the real node inside the development environment.
  const approval = page.locator('[data-approval-status]');
  await expect(approval).toHaveAttribute('data-approval-status', 'waiting', {
    timeout: 300_000,
  });
  await jobButton(page, 'smoke').click();
  await expect(
    page.getByText('Tests: 1 passed, 0 failed, 0 skipped'),
  ).toBeVisible();
  // The storefront's answer (the demo's echo image names its service and pod).
  const log = page.getByTestId('job-log');
  await expect(log).toContainText('"name":"storefront"');
  await expect(log).toContainText('"version":"5.2.0"');
  await expect(log).toContainText('script exited with code 0');
  await page.screenshot({
    path: `${screenshots}/workflow-run-approval.png`,
    fullPage: true,
  });

  // The guest is in team-shop, the approvers, and may approve its own run.
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(approval).toHaveAttribute('data-approval-status', 'approved');

  // Deployed to staging and announced: the run finishes.
  await expect(page.locator('header')).toContainText('Succeeded', {
    timeout: 300_000,
  });
  await jobButton(page, 'deploy-staging').click();
  await expect(page.getByTestId('job-log')).toContainText('storefront');
  await page.screenshot({
    path: `${screenshots}/workflow-run-succeeded.png`,
    fullPage: true,
  });

  // The notification job told the run's creator (the guest).
  await openPortal(page, '/notifications');
  await expect(
    page.getByText('The storefront 5.2.0 is in staging').first(),
  ).toBeVisible();

  // The staging environment runs the storefront the workflow deployed.
  await openPortal(page, '/berth');
  await page
    .getByRole('row')
    .filter({ hasText: staging })
    .getByRole('link', { name: staging })
    .click();
  await expect(
    page.getByRole('row').filter({ hasText: 'storefront' }).first(),
  ).toContainText('Running', { timeout: 120_000 });
});
