/**
 * Webhook payloads shaped as GitHub and GitLab send them (the fields Berth
 * reads, and a few it does not), for the trigger tests.
 */

export const SHA_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const SHA_B = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';

export function githubPushPayload(options: {
  repo?: string;
  ref?: string;
  files?: string[][];
  after?: string;
  deleted?: boolean;
}) {
  const after = options.after ?? SHA_A;
  const commits = (options.files ?? [['README.md']]).map((files, i) => ({
    id: `${i}${after.slice(1)}`,
    message: `commit ${i}`,
    added: files.filter(f => f.startsWith('new/')),
    modified: files.filter(
      f => !f.startsWith('new/') && !f.startsWith('gone/'),
    ),
    removed: files.filter(f => f.startsWith('gone/')),
  }));
  return {
    ref: options.ref ?? 'refs/heads/main',
    before: SHA_B,
    after,
    created: false,
    deleted: options.deleted ?? false,
    forced: false,
    repository: {
      id: 1,
      name: (options.repo ?? 'acme/shop').split('/')[1],
      full_name: options.repo ?? 'acme/shop',
    },
    pusher: { name: 'ada' },
    sender: { login: 'ada' },
    commits,
    head_commit: options.deleted ? null : { id: after, message: 'head' },
  };
}

export function githubPullRequestPayload(options: {
  action?: string;
  repo?: string;
  head?: string;
  base?: string;
  number?: number;
}) {
  return {
    action: options.action ?? 'opened',
    number: options.number ?? 7,
    pull_request: {
      number: options.number ?? 7,
      state: 'open',
      head: { ref: options.head ?? 'feature/x', sha: SHA_A },
      base: { ref: options.base ?? 'main', sha: SHA_B },
    },
    repository: { full_name: options.repo ?? 'acme/shop' },
    sender: { login: 'ada' },
  };
}

export function gitlabPushPayload(options: {
  repo?: string;
  ref?: string;
  files?: string[][];
  total?: number;
  after?: string;
  kind?: 'push' | 'tag_push';
}) {
  const after = options.after ?? SHA_A;
  const commits = (options.files ?? [['README.md']]).map((files, i) => ({
    id: `${i}${after.slice(1)}`,
    added: [],
    modified: files,
    removed: [],
  }));
  const kind = options.kind ?? 'push';
  return {
    object_kind: kind,
    event_name: kind,
    before: SHA_B,
    after,
    ref: options.ref ?? 'refs/heads/main',
    checkout_sha: /^0+$/.test(after) ? null : after,
    user_username: 'ada',
    project: { path_with_namespace: options.repo ?? 'acme/shop' },
    commits,
    total_commits_count: options.total ?? commits.length,
  };
}

export function gitlabMergeRequestPayload(options: {
  action?: string;
  oldrev?: string;
  source?: string;
  target?: string;
  repo?: string;
}) {
  return {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: { username: 'ada' },
    project: { path_with_namespace: options.repo ?? 'acme/shop' },
    object_attributes: {
      iid: 12,
      action: options.action ?? 'open',
      oldrev: options.oldrev,
      source_branch: options.source ?? 'feature/x',
      target_branch: options.target ?? 'main',
      last_commit: { id: SHA_A },
    },
  };
}
