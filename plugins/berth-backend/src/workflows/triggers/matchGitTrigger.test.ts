import { WorkflowGitTrigger } from '@berth/plugin-berth-common';
import { parseGitEvent, GitEvent } from './gitEvents';
import { matchGitTrigger } from './matchGitTrigger';
import {
  SHA_A,
  githubPullRequestPayload,
  githubPushPayload,
  gitlabMergeRequestPayload,
  gitlabPushPayload,
} from './testPayloads';

const trigger = (
  overrides: Partial<WorkflowGitTrigger> = {},
): WorkflowGitTrigger => ({
  type: 'git',
  name: 'on-push',
  provider: 'github',
  repo: 'acme/shop',
  events: ['push'],
  ...overrides,
});

function event(topic: string, payload: unknown, delivery = 'd-1'): GitEvent {
  const parsed = parseGitEvent(topic, payload, {
    'x-github-delivery': delivery,
    'x-gitlab-event-uuid': delivery,
  });
  if (!parsed) throw new Error(`no git event in ${topic}`);
  return parsed;
}

const push = (options: Parameters<typeof githubPushPayload>[0] = {}) =>
  event('github.push', githubPushPayload(options));

describe('parseGitEvent', () => {
  it('reads a GitHub push: branch from ref, head commit, changed files of every commit, delivery id', () => {
    expect(
      push({ files: [['services/cart/a.ts'], ['new/b.ts', 'gone/c.ts']] }),
    ).toEqual({
      provider: 'github',
      kind: 'push',
      name: 'push',
      repo: 'acme/shop',
      branch: 'main',
      commit: SHA_A,
      changedFiles: ['services/cart/a.ts', 'new/b.ts', 'gone/c.ts'],
      deleted: false,
      sender: 'ada',
      deliveryId: 'd-1',
    });
  });

  it('reads a GitHub tag push as a tag', () => {
    expect(push({ ref: 'refs/tags/v1.2.0' })).toMatchObject({
      kind: 'tag',
      name: 'tag',
      tag: 'v1.2.0',
      commit: SHA_A,
    });
  });

  it('reads a GitHub pull request: head branch, base branch, head commit, number', () => {
    expect(
      event(
        'github.pull_request',
        githubPullRequestPayload({ action: 'synchronize' }),
      ),
    ).toMatchObject({
      kind: 'pull_request',
      name: 'pull_request.synchronize',
      action: 'synchronize',
      branch: 'feature/x',
      baseBranch: 'main',
      commit: SHA_A,
      pullRequest: 7,
    });
  });

  it('reads GitLab pushes, tag pushes and merge requests from the gitlab topic by object_kind', () => {
    expect(event('gitlab', gitlabPushPayload({}))).toMatchObject({
      provider: 'gitlab',
      kind: 'push',
      branch: 'main',
      changedFiles: ['README.md'],
    });
    expect(
      event(
        'gitlab',
        gitlabPushPayload({ kind: 'tag_push', ref: 'refs/tags/v2' }),
      ),
    ).toMatchObject({ kind: 'tag', tag: 'v2' });
    expect(
      event(
        'gitlab',
        gitlabMergeRequestPayload({ action: 'update', oldrev: 'x' }),
      ),
    ).toMatchObject({
      kind: 'pull_request',
      name: 'merge_request.update',
      action: 'synchronize',
      branch: 'feature/x',
      baseBranch: 'main',
      pullRequest: 12,
    });
  });

  it('gives nothing for payloads that are no push or pull request', () => {
    expect(parseGitEvent('gitlab', { object_kind: 'note' })).toBeUndefined();
    expect(parseGitEvent('github.push', { zen: 'hello' })).toBeUndefined();
    expect(parseGitEvent('github.push', 'text')).toBeUndefined();
    expect(
      parseGitEvent('bitbucket.push', githubPushPayload({})),
    ).toBeUndefined();
  });
});

describe('matchGitTrigger', () => {
  it('matches a push to a matching branch with changed files in the paths, mapping ${event.*} params', () => {
    const result = matchGitTrigger(
      push({ files: [['services/cart/src/app.ts', 'docs/x.md']] }),
      trigger({
        branches: '^main$',
        paths: ['services/cart/**'],
        params: {
          revision: '${event.commit}',
          branch: 'ref-${event.branch}',
          repo: '${ event.repo }',
          tags: ['${event.tag}', 'latest'],
          replicas: 2,
          keep: '${params.other}',
        },
      }),
    );
    expect(result).toEqual({
      outcome: 'matched',
      params: {
        revision: SHA_A,
        branch: 'ref-main',
        repo: 'acme/shop',
        tags: ['', 'latest'],
        replicas: 2,
        keep: '${params.other}',
      },
      reason: `push to 'main' (${SHA_A.slice(
        0,
        12,
      )}) matched; changed services/cart/src/app.ts matches paths [services/cart/**]`,
      supersedeKey: undefined,
    });
  });

  it('ignores a branch that does not match the regex, saying which', () => {
    expect(
      matchGitTrigger(
        push({ ref: 'refs/heads/feature/x' }),
        trigger({ branches: '^main$' }),
      ),
    ).toEqual({
      outcome: 'ignored',
      reason: "branch 'feature/x' does not match ^main$",
    });
  });

  it('ignores a push touching no file in the paths, listing what changed', () => {
    expect(
      matchGitTrigger(
        push({ files: [['docs/a.md'], ['README.md']] }),
        trigger({ paths: ['services/cart/**'] }),
      ),
    ).toEqual({
      outcome: 'ignored',
      reason:
        'no changed file matches paths [services/cart/**] (changed: docs/a.md, README.md)',
    });
  });

  it('matches dot files with globs and a removed file counts as changed', () => {
    expect(
      matchGitTrigger(
        push({ files: [['gone/.github/workflows/ci.yaml']] }),
        trigger({ paths: ['gone/.github/**'] }),
      ).outcome,
    ).toBe('matched');
  });

  it('ignores an event kind the trigger does not list', () => {
    expect(
      matchGitTrigger(
        event(
          'github.pull_request',
          githubPullRequestPayload({ action: 'closed' }),
        ),
        trigger(),
      ),
    ).toEqual({
      outcome: 'ignored',
      reason: 'event pull_request.closed is not one of [push]',
    });
    expect(
      matchGitTrigger(push({ ref: 'refs/tags/v1' }), trigger()).reason,
    ).toBe('event tag is not one of [push]');
  });

  it('ignores another repository', () => {
    expect(matchGitTrigger(push({ repo: 'acme/other' }), trigger())).toEqual({
      outcome: 'ignored',
      reason: 'repository acme/other is not acme/shop',
    });
    expect(
      matchGitTrigger(push({ repo: 'ACME/Shop' }), trigger()).outcome,
    ).toBe('matched');
  });

  it('matches pull requests opened, synchronized and reopened, filtering on the base branch', () => {
    const pr = trigger({
      events: ['pull_request'],
      branches: '^main$',
      paths: ['services/**'],
      params: { branch: '${event.branch}', pr: '${event.pullRequest}' },
    });
    for (const action of ['opened', 'synchronize', 'reopened']) {
      const result = matchGitTrigger(
        event('github.pull_request', githubPullRequestPayload({ action })),
        pr,
      );
      expect(result).toMatchObject({
        outcome: 'matched',
        params: { branch: 'feature/x', pr: '7' },
      });
      expect(result.reason).toContain(
        'paths [services/**] not checked: a pull request event lists no changed files',
      );
    }
    expect(
      matchGitTrigger(
        event(
          'github.pull_request',
          githubPullRequestPayload({ action: 'closed' }),
        ),
        pr,
      ).reason,
    ).toBe(
      'pull_request.closed is not one of the pull request actions that run (opened, synchronize, reopened)',
    );
    expect(
      matchGitTrigger(
        event(
          'github.pull_request',
          githubPullRequestPayload({ base: 'develop' }),
        ),
        pr,
      ).reason,
    ).toBe("base branch 'develop' does not match ^main$");
  });

  it('matches tag pushes for tag triggers with ${event.tag}, not filtered by branches', () => {
    expect(
      matchGitTrigger(
        push({ ref: 'refs/tags/v1.4.0' }),
        trigger({
          events: ['tag'],
          branches: '^main$',
          params: { version: '${event.tag}' },
        }),
      ),
    ).toMatchObject({ outcome: 'matched', params: { version: 'v1.4.0' } });
  });

  it('ignores a push that deletes the branch', () => {
    expect(
      matchGitTrigger(
        push({
          deleted: true,
          after: '0000000000000000000000000000000000000000',
        }),
        trigger(),
      ),
    ).toEqual({
      outcome: 'ignored',
      reason: "the push deletes branch 'main'",
    });
  });

  it('fails, saying why, for a bad regex or an unknown ${event.x}', () => {
    expect(
      matchGitTrigger(push(), trigger({ branches: '(main' })),
    ).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining(
        "branches '(main' is not a valid regular expression",
      ),
    });
    expect(
      matchGitTrigger(push(), trigger({ params: { x: '${event.author}' } })),
    ).toEqual({
      outcome: 'failed',
      reason: expect.stringContaining('params.x: unknown ${event.author}'),
    });
  });

  it('gives a supersede key per trigger and branch', () => {
    expect(matchGitTrigger(push(), trigger({ supersede: true }))).toMatchObject(
      { supersedeKey: 'git:on-push:main' },
    );
  });

  it('matches GitLab pushes and merge requests; a merge request update without new commits is ignored', () => {
    const gitlab = trigger({
      provider: 'gitlab',
      events: ['push', 'pull_request'],
      paths: ['services/cart/**'],
    });
    expect(
      matchGitTrigger(
        event('gitlab', gitlabPushPayload({ files: [['services/cart/x.go']] })),
        gitlab,
      ).outcome,
    ).toBe('matched');
    expect(
      matchGitTrigger(
        event('gitlab', gitlabPushPayload({ files: [['docs/x.md']] })),
        gitlab,
      ).reason,
    ).toBe(
      'no changed file matches paths [services/cart/**] (changed: docs/x.md)',
    );
    expect(
      matchGitTrigger(event('gitlab', gitlabMergeRequestPayload({})), gitlab)
        .outcome,
    ).toBe('matched');
    expect(
      matchGitTrigger(
        event('gitlab', gitlabMergeRequestPayload({ action: 'update' })),
        gitlab,
      ).reason,
    ).toBe(
      'merge_request.update (no new commits) is not one of the pull request actions that run (opened, synchronize, reopened)',
    );
    expect(
      matchGitTrigger(event('gitlab', gitlabPushPayload({})), trigger()).reason,
    ).toBe('a gitlab event does not concern a github trigger');
  });

  it('runs a GitLab push listing only some of its commits even when the listed files miss the paths', () => {
    const result = matchGitTrigger(
      event('gitlab', gitlabPushPayload({ files: [['docs/x.md']], total: 40 })),
      trigger({ provider: 'gitlab', paths: ['services/**'] }),
    );
    expect(result.outcome).toBe('matched');
    expect(result.reason).toContain(
      'no listed file matches paths [services/**], but the payload lists 1 of 40 commits: run to be safe',
    );
  });
});
