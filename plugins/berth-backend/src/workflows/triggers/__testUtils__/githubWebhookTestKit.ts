import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';

/** Polls until `check` passes (the bus delivers after the 202), at most 15 s. */
export async function eventually<T>(check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

/** GitHub's `X-Hub-Signature-256` of a body: HMAC-SHA256 with the webhook secret. */
export function signGithub(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The backend modules a package's default export loads. The GitHub and
 * GitLab modules' default export is a feature loader that `import()`s them,
 * which Jest's CommonJS runtime cannot do; the backend itself loads the
 * default export (packages/backend/src/index.ts).
 */
export function loadedModules(pkg: string, files: string[]) {
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  return files.map(file => require(join(dir, 'dist', 'service', file)).default);
}

/** The events backend's GitHub module: its topic router and its webhook ingress. */
export function githubEventsModules() {
  return loadedModules('@backstage/plugin-events-backend-module-github', [
    'eventsModuleGithubEventRouter.cjs.js',
    'eventsModuleGithubWebhook.cjs.js',
  ]);
}

/**
 * `events` config as the backend runs it: the GitHub (and GitLab) webhook
 * secrets, which make the modules mount `/api/events/http/<provider>` and
 * check each delivery's signature (token). In-process delivery: across
 * replicas production uses the database bus (`always`, PostgreSQL), whose
 * long polls would hold each test backend's shutdown for a minute.
 */
export function eventsConfig(secrets: { github: string; gitlab?: string }) {
  return {
    useEventBus: 'never',
    modules: {
      github: { webhookSecret: secrets.github },
      ...(secrets.gitlab && { gitlab: { webhookSecret: secrets.gitlab } }),
    },
  };
}
