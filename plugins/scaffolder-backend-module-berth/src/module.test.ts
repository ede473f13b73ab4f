import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleBerth } from './module';

// Starting a backend takes seconds on a loaded machine.
jest.setTimeout(60_000);

describe('scaffolderModuleBerth', () => {
  it("adds Berth's six actions to the scaffolder", async () => {
    const added: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions: any[]) => added.push(...actions) },
        ],
      ],
      features: [
        scaffolderModuleBerth,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });
    expect(added.map(a => a.id)).toEqual([
      'berth:environment:create',
      'berth:environment:copy',
      'berth:environment:deploy',
      'berth:helm:import',
      'berth:workflow:run',
      'berth:sandbox:create',
    ]);
  });
});
