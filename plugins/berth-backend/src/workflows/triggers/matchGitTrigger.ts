import {
  WorkflowGitTrigger,
  WorkflowParamValue,
} from '@berth/plugin-berth-common';
import { minimatch } from 'minimatch';
import RE2 from 're2';
import { GitEvent, PULL_REQUEST_ACTIONS } from './gitEvents';
import { GitEventScope, mapTriggerParams } from './mapTriggerParams';

/** What a git trigger makes of an event. */
export type GitTriggerMatch =
  | {
      outcome: 'matched';
      params: Record<string, WorkflowParamValue>;
      /** What matched, and what could not be checked. */
      reason: string;
      /** Set for a `supersede` trigger: runs of the same key cancel older ones. */
      supersedeKey?: string;
    }
  | { outcome: 'ignored'; reason: string }
  /** The trigger itself is wrong (a bad regex, an unknown `${event.x}`). */
  | { outcome: 'failed'; reason: string };

const SHOWN_FILES = 5;

function sameRepo(a: string, b: string): boolean {
  const norm = (repo: string) =>
    repo
      .trim()
      .replace(/^\/+|\/+$/g, '')
      .toLowerCase();
  return norm(a) === norm(b);
}

function listFiles(files: string[]): string {
  const shown = files.slice(0, SHOWN_FILES).join(', ');
  return files.length > SHOWN_FILES
    ? `${shown} and ${files.length - SHOWN_FILES} more`
    : shown;
}

function shortSha(commit?: string) {
  return commit ? ` (${commit.slice(0, 12)})` : '';
}

/** The values `${event.x}` stands for. */
export function gitEventScope(event: GitEvent): GitEventScope {
  return {
    branch: event.branch,
    commit: event.commit,
    repo: event.repo,
    tag: event.tag,
    baseBranch: event.baseBranch,
    pullRequest:
      event.pullRequest === undefined ? undefined : String(event.pullRequest),
    sender: event.sender,
    event: event.name,
  };
}

/** The event in words: "push to 'main' (abc123)". */
function describe(event: GitEvent): string {
  switch (event.kind) {
    case 'push':
      return `push to '${event.branch}'${shortSha(event.commit)}`;
    case 'tag':
      return `tag '${event.tag}'${shortSha(event.commit)}`;
    default:
      return `${event.name} #${event.pullRequest ?? '?'} '${
        event.branch
      }' into '${event.baseBranch}'${shortSha(event.commit)}`;
  }
}

/**
 * Whether a git trigger fires for an event, with its params or the reason it
 * does not, in words a person who wonders why nothing ran understands.
 * Pure: the same event and trigger give the same answer.
 *
 * - repository: equal, case-insensitive;
 * - event: `push` (branch pushes), `tag` (tag pushes), `pull_request`
 *   (opened, synchronize, reopened; GitLab merge requests open, reopen and
 *   update with new commits);
 * - `branches`: a regular expression (RE2) over the pushed branch, or the
 *   base branch of a pull request; tags are not filtered by it;
 * - `paths`: globs over the files the push's commits changed (at least one
 *   must match); not checked for tags and pull requests, whose payloads list
 *   no files, nor when the payload lists only some commits and none of the
 *   listed files match (the run starts: better one run too many).
 */
export function matchGitTrigger(
  event: GitEvent,
  trigger: WorkflowGitTrigger,
): GitTriggerMatch {
  if (event.provider !== trigger.provider) {
    return {
      outcome: 'ignored',
      reason: `a ${event.provider} event does not concern a ${trigger.provider} trigger`,
    };
  }
  if (!sameRepo(event.repo, trigger.repo)) {
    return {
      outcome: 'ignored',
      reason: `repository ${event.repo} is not ${trigger.repo}`,
    };
  }
  if (!trigger.events.includes(event.kind)) {
    return {
      outcome: 'ignored',
      reason: `event ${event.name} is not one of [${trigger.events.join(
        ', ',
      )}]`,
    };
  }
  if (event.deleted) {
    return {
      outcome: 'ignored',
      reason:
        event.kind === 'tag'
          ? `the push deletes tag '${event.tag}'`
          : `the push deletes branch '${event.branch}'`,
    };
  }
  if (
    event.kind === 'pull_request' &&
    !PULL_REQUEST_ACTIONS.includes(event.action ?? '')
  ) {
    return {
      outcome: 'ignored',
      reason: `${
        event.name
      } is not one of the pull request actions that run (${PULL_REQUEST_ACTIONS.join(
        ', ',
      )})`,
    };
  }
  const notes: string[] = [];

  if (trigger.branches && event.kind !== 'tag') {
    let pattern: RE2;
    try {
      pattern = new RE2(trigger.branches);
    } catch (error) {
      return {
        outcome: 'failed',
        reason: `branches '${
          trigger.branches
        }' is not a valid regular expression: ${(error as Error).message}`,
      };
    }
    const [what, branch] =
      event.kind === 'pull_request'
        ? ['base branch', event.baseBranch ?? '']
        : ['branch', event.branch ?? ''];
    if (!pattern.test(branch)) {
      return {
        outcome: 'ignored',
        reason: `${what} '${branch}' does not match ${trigger.branches}`,
      };
    }
  }

  if (trigger.paths?.length) {
    const paths = `[${trigger.paths.join(', ')}]`;
    if (event.kind !== 'push' || event.changedFiles === undefined) {
      notes.push(
        `paths ${paths} not checked: a ${
          event.kind === 'tag' ? 'tag push' : 'pull request'
        } event lists no changed files`,
      );
    } else {
      const matching = event.changedFiles.filter(file =>
        trigger.paths!.some(glob => minimatch(file, glob, { dot: true })),
      );
      if (matching.length) {
        notes.push(`changed ${listFiles(matching)} matches paths ${paths}`);
      } else if (event.changedFilesNote) {
        notes.push(
          `no listed file matches paths ${paths}, but ${event.changedFilesNote}: run to be safe`,
        );
      } else {
        return {
          outcome: 'ignored',
          reason: event.changedFiles.length
            ? `no changed file matches paths ${paths} (changed: ${listFiles(
                event.changedFiles,
              )})`
            : `no changed file matches paths ${paths}: the push lists no changed files`,
        };
      }
    }
  }

  let params: Record<string, WorkflowParamValue>;
  try {
    params = mapTriggerParams(trigger.params, gitEventScope(event));
  } catch (error) {
    return { outcome: 'failed', reason: (error as Error).message };
  }
  const ref = event.kind === 'tag' ? `tag:${event.tag}` : event.branch;
  return {
    outcome: 'matched',
    params,
    reason: [`${describe(event)} matched`, ...notes].join('; '),
    supersedeKey: trigger.supersede
      ? `git:${trigger.name}:${ref ?? ''}`
      : undefined,
  };
}
