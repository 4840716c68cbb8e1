import { Octokit } from '@octokit/rest';
export const o = Octokit;
