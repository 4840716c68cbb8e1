import { githubRepository, openPullRequest } from '../../src/deliver/pull-request';

describe(githubRepository.name, () => {
  it.each([
    ['https://github.com/acme/widgets.git', undefined, { owner: 'acme', repo: 'widgets' }],
    ['git@github.com:acme/widgets.git', undefined, { owner: 'acme', repo: 'widgets' }],
    ['ssh://git@github.com/acme/widgets', undefined, { owner: 'acme', repo: 'widgets' }],
    ['https://gitlab.com/acme/widgets.git', undefined, null],
    [
      'https://ghe.corp/acme/widgets.git',
      'https://ghe.corp/api/v3',
      { owner: 'acme', repo: 'widgets' },
    ],
  ])('reads %s (API %s)', (url, api, expected) => {
    expect(githubRepository(url, api)).toEqual(expected);
  });
});

describe(openPullRequest.name, () => {
  it('says why it opens nothing without a token, and for a remote not on GitHub', async () => {
    const base = { head: 'attest/1', base: 'main', title: 't', body: 'b', apiUrl: undefined };
    await expect(
      openPullRequest({ ...base, remoteUrl: 'https://github.com/a/b.git', token: undefined }),
    ).resolves.toEqual({ url: null, reason: 'no token: set ATTEST_GIT_TOKEN or GITHUB_TOKEN' });
    await expect(
      openPullRequest({ ...base, remoteUrl: 'https://gitlab.com/a/b.git', token: 'x' }),
    ).resolves.toEqual({ url: null, reason: 'the remote is not on GitHub' });
  });
});
