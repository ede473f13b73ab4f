import { triggerErrors } from './triggerErrors';

describe('triggerErrors', () => {
  it('accepts valid git and cron triggers', () => {
    expect(
      triggerErrors([
        {
          type: 'git',
          name: 'push',
          provider: 'github',
          repo: 'acme/shop',
          events: ['push', 'tag'],
          branches: '^(main|release/.*)$',
          paths: ['services/cart/**'],
          params: { revision: '${event.commit}', tags: ['${event.tag}'] },
        },
        {
          type: 'cron',
          name: 'nightly',
          cron: '0 3 * * 1-5',
          timeZone: 'Europe/Berlin',
          params: { suite: 'full' },
        },
      ]),
    ).toEqual([]);
    expect(triggerErrors(undefined)).toEqual([]);
  });

  it('names the path of each error', () => {
    expect(
      triggerErrors([
        { type: 'cron', name: 'bad-cron', cron: '61 * * * *' },
        { type: 'cron', name: 'four-fields', cron: '* * * *' },
        {
          type: 'cron',
          name: 'zone',
          cron: '* * * * *',
          timeZone: 'Mars/Olympus',
        },
        {
          type: 'cron',
          name: 'zone',
          cron: '0 * * * *',
          params: { x: '${event.branch}' },
        },
        {
          type: 'git',
          name: 'git',
          provider: 'bitbucket' as any,
          repo: 'shop',
          events: ['merge' as any],
          branches: '(main',
          paths: [''],
          params: { who: '${event.author}' },
        },
      ]),
    ).toEqual([
      "triggers[0].cron: The cron expression '61 * * * *' does not parse: Field value (61) is out of range",
      "triggers[1].cron: The cron expression '* * * *' must have five fields: minute hour day-of-month month day-of-week",
      "triggers[2].timeZone: Unknown time zone 'Mars/Olympus': give an IANA name such as 'Europe/Berlin' or 'UTC'",
      "triggers[3].name: 'zone' is used by another trigger",
      'triggers[3].params.x: ${event.branch} is only known to git triggers',
      'triggers[4].provider: must be github or gitlab',
      'triggers[4].repo: give the repository as owner/name (GitHub) or the project path (GitLab)',
      "triggers[4].events: unknown event 'merge'; known: push, pull_request, tag",
      expect.stringMatching(
        /^triggers\[4\]\.branches: '\(main' is not a valid regular expression/,
      ),
      'triggers[4].paths[0]: an empty glob matches nothing',
      'triggers[4].params.who: unknown ${event.author}; known: branch, commit, repo, tag, baseBranch, pullRequest, sender, event',
    ]);
  });
});
