import { createTranslationRef } from '@backstage/core-plugin-api/alpha';

/**
 * The user-visible strings of Berth, for `useTranslationRef`; an app
 * translates them with `createTranslationResource` (or overrides a few with
 * `createTranslationMessages`).
 *
 * @alpha
 */
export const berthTranslationRef = createTranslationRef({
  id: 'berth',
  messages: {
    dialog: {
      cancel: 'Cancel',
    },
    environmentPage: {
      title: 'Environment',
      subtitle: 'Environment of {{project}}',
      views: 'Environment views',
      tabs: {
        services: 'Services',
        history: 'History',
        activity: 'Activity',
        configs: 'Configs',
        settings: 'Settings',
      },
      labels: {
        project: 'Project',
        cluster: 'Cluster',
        namespace: 'Namespace',
        tier: 'Tier',
        status: 'Status',
      },
      workloads: 'Workloads',
      deployAll: 'Deploy all',
      wakeFirst: 'Wake the environment first',
      copy: 'Copy',
      deleteEnvironment: 'Delete environment',
      drift: 'Drift',
      deploymentHistory: 'Deployment history',
      historyOf: 'History of {{service}}',
      deployingAll: 'Deploying every service of {{name}}',
      deployFailed: 'Could not deploy {{name}}: {{error}}',
      copied: 'Copied {{from}} into {{to}}',
      deleting: 'Deleting environment {{name}}',
    },
    deleteEnvironment: {
      title: 'Delete environment {{name}}?',
      keepingResources:
        'Berth forgets {{name}}; what runs in namespace {{namespace}} on {{cluster}} stays as it is.',
      uninstallingCreated:
        'Berth uninstalls every service of {{name}} from namespace {{namespace}} on {{cluster}} and deletes the namespace, which it created.',
      uninstallingAdopted:
        'Berth uninstalls every service of {{name}} from namespace {{namespace}} on {{cluster}}; the namespace stays, as Berth did not create it.',
      keepResources: 'Keep resources (leave everything running in the cluster)',
      failed: 'Could not delete',
      confirm: 'Delete',
    },
    scaleService: {
      title: 'Scale {{service}}',
      replicas: 'Replicas',
      wholeNumber: 'A whole number from 0',
      now: 'Now {{replicas}}',
      scaling: 'Scaling {{service}} to {{replicas}}',
      failed: 'Could not scale',
      confirm: 'Scale',
    },
    rollback: {
      title: 'Roll {{service}} back?',
      explanation:
        'Berth restores the settings of {{record}} (revision, values, images) and deploys {{service}} with them.',
      checkFailed: 'Could not check the images: {{error}}',
      images: 'Images',
      inRegistry: 'In its registry',
      notInRegistry: 'No longer in its registry',
      oneImageGone: 'An image of this deployment is gone',
      imagesGone: '{{n}} images of this deployment are gone',
      refuses: ': Berth refuses to roll back to it.',
      rollingBack: 'Rolling {{service}} back to revision {{revision}}',
      failed: 'Could not roll back',
      confirm: 'Roll back',
    },
  },
});
