/**
 * Webhook deliveries from the events backend (GitHub and GitLab), reduced to
 * what a git trigger matches on. Pure: no I/O.
 */

/** What a git trigger can match: a push, a tag push or a pull/merge request. */
export type GitEventKind = 'push' | 'tag' | 'pull_request';

/** Pull request actions that start runs (GitHub names; GitLab's are mapped). */
export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened'];

/** A webhook delivery as a git trigger sees it. */
export interface GitEvent {
  provider: 'github' | 'gitlab';
  kind: GitEventKind;
  /** As shown in deliveries: push, tag, pull_request.opened, merge_request.update. */
  name: string;
  /** Pull request action, in GitHub's words (opened, synchronize...), when it maps to one. */
  action?: string;
  /** `owner/name` (GitHub) or the project path (GitLab). */
  repo: string;
  /** Push: the branch pushed. Pull request: its head (source) branch. */
  branch?: string;
  /** Pull request: the branch it merges into. */
  baseBranch?: string;
  tag?: string;
  /** The commit to build: the head commit of the push or of the pull request. */
  commit?: string;
  /** Files the push's commits added, modified or removed; undefined: the payload lists none (pull requests). */
  changedFiles?: string[];
  /** Set when the payload lists only some of the pushed commits. */
  changedFilesNote?: string;
  /** The push deletes the branch or tag. */
  deleted?: boolean;
  pullRequest?: number;
  /** Who sent it (login or username). */
  sender?: string;
  /** x-github-delivery or x-gitlab-event-uuid: the same for a retried delivery. */
  deliveryId?: string;
}

type Metadata = Record<string, string | string[] | undefined> | undefined;
type Json = Record<string, any>;

const ZERO_SHA = /^0+$/;

function header(metadata: Metadata, name: string): string | undefined {
  const value = metadata?.[name] ?? metadata?.[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() ? first.trim() : undefined;
}

function asObject(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** Files of `commits[].added/modified/removed`, each once, in order. */
function changedFilesOf(commits: unknown): string[] {
  const files = new Set<string>();
  for (const commit of Array.isArray(commits) ? commits : []) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = asObject(commit)?.[key];
      for (const file of Array.isArray(list) ? list : []) {
        if (typeof file === 'string') files.add(file);
      }
    }
  }
  return [...files];
}

function splitRef(
  ref: string | undefined,
): { kind: 'push'; branch: string } | { kind: 'tag'; tag: string } | undefined {
  if (ref?.startsWith('refs/heads/')) {
    return { kind: 'push', branch: ref.slice('refs/heads/'.length) };
  }
  if (ref?.startsWith('refs/tags/')) {
    return { kind: 'tag', tag: ref.slice('refs/tags/'.length) };
  }
  return undefined;
}

function githubPush(payload: Json, deliveryId?: string): GitEvent | undefined {
  const ref = splitRef(asString(payload.ref));
  const repo = asString(asObject(payload.repository)?.full_name);
  if (!ref || !repo) return undefined;
  const after = asString(payload.after);
  const commit =
    asString(asObject(payload.head_commit)?.id) ??
    (after && !ZERO_SHA.test(after) ? after : undefined);
  return {
    provider: 'github',
    ...ref,
    name: ref.kind,
    repo,
    commit,
    changedFiles: changedFilesOf(payload.commits),
    deleted: payload.deleted === true || (!!after && ZERO_SHA.test(after)),
    sender: asString(asObject(payload.sender)?.login),
    deliveryId,
  };
}

function githubPullRequest(
  payload: Json,
  deliveryId?: string,
): GitEvent | undefined {
  const pr = asObject(payload.pull_request);
  const repo = asString(asObject(payload.repository)?.full_name);
  const action = asString(payload.action);
  if (!pr || !repo || !action) return undefined;
  return {
    provider: 'github',
    kind: 'pull_request',
    name: `pull_request.${action}`,
    action,
    repo,
    branch: asString(asObject(pr.head)?.ref),
    baseBranch: asString(asObject(pr.base)?.ref),
    commit: asString(asObject(pr.head)?.sha),
    pullRequest: typeof pr.number === 'number' ? pr.number : payload.number,
    sender: asString(asObject(payload.sender)?.login),
    deliveryId,
  };
}

function gitlabPush(payload: Json, deliveryId?: string): GitEvent | undefined {
  const ref = splitRef(asString(payload.ref));
  const repo = asString(asObject(payload.project)?.path_with_namespace);
  if (!ref || !repo) return undefined;
  const after = asString(payload.after);
  const commits = Array.isArray(payload.commits) ? payload.commits : [];
  const total =
    typeof payload.total_commits_count === 'number'
      ? payload.total_commits_count
      : commits.length;
  return {
    provider: 'gitlab',
    ...ref,
    name: ref.kind,
    repo,
    commit:
      asString(payload.checkout_sha) ??
      (after && !ZERO_SHA.test(after) ? after : undefined),
    changedFiles: changedFilesOf(commits),
    changedFilesNote:
      total > commits.length
        ? `the payload lists ${commits.length} of ${total} commits`
        : undefined,
    deleted: !!after && ZERO_SHA.test(after),
    sender: asString(payload.user_username),
    deliveryId,
  };
}

/** GitLab merge request actions in GitHub's words; `update` only with new commits. */
function gitlabMergeRequestAction(attributes: Json): string | undefined {
  switch (attributes.action) {
    case 'open':
      return 'opened';
    case 'reopen':
      return 'reopened';
    case 'update':
      return attributes.oldrev ? 'synchronize' : undefined;
    default:
      return undefined;
  }
}

function gitlabMergeRequest(
  payload: Json,
  deliveryId?: string,
): GitEvent | undefined {
  const attributes = asObject(payload.object_attributes);
  const repo = asString(asObject(payload.project)?.path_with_namespace);
  if (!attributes || !repo) return undefined;
  const gitlabAction = asString(attributes.action) ?? 'unknown';
  return {
    provider: 'gitlab',
    kind: 'pull_request',
    name:
      gitlabAction === 'update' && !attributes.oldrev
        ? 'merge_request.update (no new commits)'
        : `merge_request.${gitlabAction}`,
    action: gitlabMergeRequestAction(attributes) ?? gitlabAction,
    repo,
    branch: asString(attributes.source_branch),
    baseBranch: asString(attributes.target_branch),
    commit: asString(asObject(attributes.last_commit)?.id),
    pullRequest:
      typeof attributes.iid === 'number' ? attributes.iid : undefined,
    sender: asString(asObject(payload.user)?.username),
    deliveryId,
  };
}

/**
 * The git event of a delivery on one of the topics Berth subscribes to, or
 * undefined when it is no push, tag push or pull/merge request (or lacks the
 * fields one has).
 *
 * GitHub: `github.push` and `github.pull_request` (the GitHub module routes
 * by the `x-github-event` header). GitLab: `gitlab.push`, `gitlab.tag_push`,
 * `gitlab.merge_request` (the GitLab module routes by `object_kind`), read by
 * `object_kind`; the plain `gitlab` topic is read the same way.
 */
export function parseGitEvent(
  topic: string,
  payload: unknown,
  metadata?: Metadata,
): GitEvent | undefined {
  const body = asObject(payload);
  if (!body) return undefined;
  if (topic === 'github.push') {
    return githubPush(body, header(metadata, 'x-github-delivery'));
  }
  if (topic === 'github.pull_request') {
    return githubPullRequest(body, header(metadata, 'x-github-delivery'));
  }
  if (topic === 'gitlab' || topic.startsWith('gitlab.')) {
    const deliveryId = header(metadata, 'x-gitlab-event-uuid');
    switch (body.object_kind) {
      case 'push':
      case 'tag_push':
        return gitlabPush(body, deliveryId);
      case 'merge_request':
        return gitlabMergeRequest(body, deliveryId);
      default:
        return undefined;
    }
  }
  return undefined;
}
