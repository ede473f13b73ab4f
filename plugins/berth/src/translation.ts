import {
  createTranslationRef,
  TranslationFunction,
} from '@backstage/core-plugin-api/alpha';

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
      close: 'Close',
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
        url: 'Open',
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
    sleep: {
      sleep: 'Sleep',
      wake: 'Wake',
      wakingButton: 'Waking…',
      title: 'Put {{name}} to sleep?',
      explanation:
        'Berth records the replicas of every Deployment and StatefulSet in namespace {{namespace}}, scales them to zero and suspends the CronJobs. Deploys are refused until it wakes; waking restores the replicas group by group in start order.',
      sleepFailed: 'Could not put it to sleep',
      wakeFailed: 'Could not wake {{name}}',
      puttingToSleep: 'Putting {{name}} to sleep',
      waking: 'Waking {{name}}',
      banner: {
        by: 'by {{actor}}',
        onSchedule: 'on schedule',
        none: 'none',
        wakingSince:
          'Waking since {{since}}: replicas come back group by group in start order',
        sleepingSince: 'Sleeping since {{since}} {{who}}',
        recordedOne: 'Recorded 1 workload ({{list}})',
        recorded: 'Recorded {{n}} workloads ({{list}})',
        andOneCronJob: ' and 1 CronJob',
        andCronJobs: ' and {{n}} CronJobs',
        wakeRestores: '; wake restores them.',
        lastWakeFailed: 'The last wake failed: {{error}}',
      },
    },
    chartVersions: {
      title: 'Chart versions',
      version: 'Version',
      appVersion: 'App version',
      created: 'Created',
      deprecated: ' (deprecated)',
      current: 'current',
      moveTo: 'Move to {{version}}',
      moveToVersion: 'Move to version {{version}}',
      moved:
        '{{service}} is on chart version {{version}} as revision {{revision}}',
      moveFailed: 'Could not move to another version: {{error}}',
    },
    environmentValues: {
      title: 'Environment values',
      explanation:
        "Helm values for every service of {{name}}, over the project's and under each service's own. Preview shows which services' merged values change; applying redeploys only those.",
      label: 'Environment values (YAML)',
      preview: 'Values change preview',
      previewButton: 'Preview',
      noChanges:
        'No service changes: the merged values of every service stay the same.',
      oneWouldChange: '1 service would change',
      wouldChange: '{{n}} services would change',
      valuesOf: 'values of {{service}}',
      unchanged: 'Unchanged: {{services}}',
      applyPreviewFirst: 'Apply (preview first)',
      applyOne: 'Apply and redeploy 1 service',
      apply: 'Apply and redeploy {{n}} services',
      saveOnly: 'Save without redeploying',
      needsPermission:
        'Changing the values needs the permission to update the environment.',
      savedForNextDeploy: 'Saved the values; they apply at the next deploy',
      savedRedeploying: 'Saved the values; redeploying {{services}}',
      savedNoRedeploy: 'Saved the values; no service needed a redeploy',
    },
    servicesTable: {
      title: 'Services',
      empty: 'The project has no services.',
      service: 'Service',
      revision: 'Revision',
      images: 'Images',
      ready: 'Ready',
      status: 'Status',
      actions: 'Actions',
      deploy: 'Deploy',
      deployService: 'Deploy {{service}}',
      restart: 'Restart',
      restartService: 'Restart {{service}}',
      scale: 'Scale',
      scaleService: 'Scale {{service}}',
      restarting: 'Restarting {{service}}',
      restartFailed: 'Could not restart {{service}}',
      deployingRevision: 'Deploying {{service}} at revision {{revision}}',
      pinned: '{{service}} is pinned to revision {{revision}}',
      moveFailed: 'Could not move {{service}} to revision {{revision}}',
      pinnedCaption: 'pinned {{revision}}',
      available: 'revision {{revision}} available',
      moveTo: 'Move to {{revision}}',
      moveServiceTo: 'Move {{service}} to revision {{revision}}',
    },
    deployService: {
      title: 'Deploy {{service}}',
      confirm: 'Deploy',
      failed: 'Could not deploy',
      deploying: 'Deploying {{service}}',
      redeployOnly:
        'You may redeploy {{service}} as it is; changing its revision, values or images needs the permission to update the environment.',
      revision: 'Revision',
      giveRevision: 'Give the revision to deploy',
      wholeNumber: 'A revision is a whole number from 1',
      latest: 'The latest revision is {{revision}}',
      variables: 'Variables (YAML)',
      values: 'Values (YAML)',
      valuesHint: "Values of this service, over the environment's",
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

/** The `t` of `useTranslationRef(berthTranslationRef)`, for helpers that build messages. */
export type BerthTranslate = TranslationFunction<typeof berthTranslationRef.T>;
