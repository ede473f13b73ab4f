import { expect, Locator, Page } from '@playwright/test';

// What the browser tests share: signing in to the portal and creating an
// environment of the demo project through its dialog.

/** A link of the sidebar (visible: the app renders a second, hidden one). */
export function sidebarLink(page: Page, name: string): Locator {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true })
    .filter({ visible: true });
}

/**
 * Opens `path` signed in as the guest (the first visit shows the guest card;
 * later ones resume the session) and waits for the app shell. The dev server
 * can answer before its first bundle is built, hence the long first wait.
 */
export async function openPortal(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const berthLink = sidebarLink(page, 'Berth');
  await expect(enter.or(berthLink)).toBeVisible({ timeout: 120_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(berthLink).toBeVisible();
}

/**
 * Creates an environment of the demo project (Online Shop) on local-east
 * from the Berth page's dialog; returns its row in the environments table.
 * Berth offers the button once the catalog has synced the project's owner
 * and title (every 10 s after the catalog processed the demo locations).
 */
export async function createEnvironment(
  page: Page,
  name: string,
  tier: string,
): Promise<Locator> {
  const create = page.getByRole('button', {
    name: 'Create environment of Online Shop',
  });
  await expect(async () => {
    await openPortal(page, '/berth');
    await expect(create).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000 });
  await create.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').first().fill(name);
  await dialog.getByLabel('Cluster').first().selectOption('local-east');
  await dialog.getByLabel('Tier').first().selectOption(tier);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  return page.getByRole('row').filter({ hasText: name });
}

/**
 * Opens the Helm import wizard of the demo project (Online Shop) from the
 * Berth page and picks the demo chart repository. The button shows once
 * the catalog processed the demo locations and Berth's project sync ran
 * (every 10 s): the page is reloaded until then.
 */
export async function openImportWizard(page: Page): Promise<void> {
  const importButton = page.getByRole('button', {
    name: /^Import Helm charts into (Online Shop|shop)$/,
  });
  await expect(async () => {
    await openPortal(page, '/berth');
    await expect(importButton).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  await importButton.click();
  await expect(page).toHaveURL(/\/berth\/projects\/default\/shop\/import$/);
  await page.getByLabel('Repository', { exact: true }).selectOption('demo');
  await page.getByRole('button', { name: 'Find charts' }).click();
}

/** Deletes the environment whose page is at `environmentUrl`, through its page's button and dialog. */
export async function deleteEnvironment(
  page: Page,
  environmentUrl: string,
): Promise<void> {
  await openPortal(page, environmentUrl);
  await page.getByRole('button', { name: 'Delete environment' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  await expect(page).toHaveURL(/\/berth$/);
}
