import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  BERTH_ENVIRONMENT_RESOURCE_TYPE,
  BERTH_PROJECT_RESOURCE_TYPE,
  berthEnvironmentPermissions,
  berthPermissions,
  berthProjectPermissions,
} from './permissions';

describe('berth environment permissions', () => {
  it('covers read, create, update, deploy, scale/restart, delete, copy, sleep, config, rollback and namespace adoption', () => {
    expect(berthEnvironmentPermissions.map(p => p.name)).toEqual([
      'berth.environment.read',
      'berth.environment.create',
      'berth.environment.update',
      'berth.environment.deploy',
      'berth.environment.scale',
      'berth.environment.delete',
      'berth.environment.copy',
      'berth.environment.copy.production',
      'berth.environment.sleep',
      'berth.environment.config',
      'berth.environment.rollback',
      'berth.namespace.adopt',
    ]);
  });

  it('are resource permissions on the environment resource type', () => {
    for (const permission of berthEnvironmentPermissions) {
      expect(
        isResourcePermission(permission, BERTH_ENVIRONMENT_RESOURCE_TYPE),
      ).toBe(true);
    }
  });

  it('have unique names and a known action each', () => {
    const names = berthPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const permission of berthPermissions) {
      expect(['create', 'read', 'update', 'delete']).toContain(
        permission.attributes.action,
      );
    }
  });
});

describe('berth project permissions', () => {
  it('are read and update, resource permissions on the project resource type', () => {
    expect(berthProjectPermissions.map(p => p.name)).toEqual([
      'berth.project.read',
      'berth.project.update',
    ]);
    for (const permission of berthProjectPermissions) {
      expect(
        isResourcePermission(permission, BERTH_PROJECT_RESOURCE_TYPE),
      ).toBe(true);
    }
  });
});
