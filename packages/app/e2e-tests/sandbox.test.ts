import { expect, test } from '@playwright/test';
import http from 'node:http';
import { createEnvironment, openPortal } from './portal';

const screenshots = 'e2e-test-report/screenshots';

// A sandbox in the browser, on the demo portal: an environment of the shop on
// local-east (its storefront is a real echo pod behind the gateway), a sandbox
// of it created from the environment's Sandboxes tab with a fork of the
// storefront that answers with the sandbox's name, the fork reached through the
// sandbox's preview host with no header, the base still reached through its own
// URL, and the delete: the preview host stops answering.

/**
 * The JSON an echo pod answers, through the gateway: sent to loopback with the
 * URL's host as Host (browsers resolve `*.localhost` to loopback, Node does not).
 */
function echoAt(
  url: string,
): Promise<{ status: number; body?: { name?: string; sandbox?: string } }> {
  const target = new URL(url);
  return new Promise(resolve => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port: Number(target.port || 80),
        path: target.pathname,
        headers: { host: target.host },
        timeout: 10_000,
        agent: false,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0 });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve({ status: 0 }));
  });
}

test.describe.serial('sandboxes', () => {
  const base = `sb-${Date.now().toString(36).slice(-5)}`;
  const sandbox = 'alice';
  let baseUrl = '';
  let previewUrl = '';

  test('creates a base environment', async ({ page }) => {
    test.setTimeout(420_000);
    const row = await createEnvironment(page, base, 'development');
    await expect(row).toContainText('Running', { timeout: 300_000 });
    await row.getByRole('link', { name: base }).click();
    await expect(page.getByText('Environment of Online Shop')).toBeVisible();
    baseUrl = page.url();
  });

  test('creates a sandbox that forks the storefront, and reaches it by its preview host', async ({
    page,
  }) => {
    test.setTimeout(420_000);
    await openPortal(page, `${baseUrl.split('?')[0]}?tab=sandboxes`);
    await expect(page.getByText('Sandbox readiness')).toBeVisible();
    // The base takes sandboxes once Traefik accepted its route (the page
    // reads the readiness again when reloaded).
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByText(/This environment takes sandboxes/),
      ).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 180_000 });
    const create = page.getByRole('button', { name: 'Create sandbox' });
    await expect(create).toBeEnabled();
    await create.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').first().fill(sandbox);
    await dialog.getByLabel('Time to live (hours)').fill('2');
    await dialog.getByLabel('Fork storefront').check();
    await dialog
      .getByLabel('--set values of storefront')
      .fill(`env.ECHO_SANDBOX=${sandbox}`);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden();

    // The sandbox page opens; the sandbox turns Ready.
    await expect(page.getByText(`Sandbox of ${base}`)).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText('Ready', { exact: true }).first()).toBeVisible({
      timeout: 240_000,
    });
    await expect(page.getByText(`x-env: ${sandbox}`).first()).toBeVisible();
    const preview = page
      .getByRole('link')
      .filter({ hasText: `${sandbox}.` })
      .first();
    await expect(preview).toBeVisible();
    previewUrl = (await preview.getAttribute('href')) ?? '';
    expect(previewUrl).toMatch(new RegExp(`^http://${sandbox}\\.`));
    await page.screenshot({ path: `${screenshots}/sandbox-page.png` });

    // The preview host reaches the fork with no header.
    await expect(async () => {
      const reply = await echoAt(previewUrl);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ name: 'storefront', sandbox });
    }).toPass({ timeout: 60_000 });
    // The preview opens in the browser too.
    await page.goto(previewUrl);
    await expect(page.locator('body')).toContainText(`"sandbox":"${sandbox}"`);
  });

  test('deletes the sandbox: the preview host stops answering', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openPortal(page, `${baseUrl.split('?')[0]}?tab=sandboxes`);
    await page.getByRole('link', { name: sandbox, exact: true }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(async () => {
      expect((await echoAt(previewUrl)).status).toBe(404);
    }).toPass({ timeout: 60_000 });
    // And the base's list no longer has it.
    await openPortal(page, `${baseUrl.split('?')[0]}?tab=sandboxes`);
    await expect(
      page.getByRole('link', { name: sandbox, exact: true }),
    ).toBeHidden({ timeout: 120_000 });
  });
});
