/** readContext: the runner's variables and event payload, read once and validated. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readContext } from '../../src/action/context.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pixazo-context-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eventFile(name: string, payload: unknown): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return file;
}

const runner = {
  GITHUB_REPOSITORY: 'octo/site',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_RUN_ID: '4242',
  GITHUB_WORKSPACE: path.join(dir, 'ws'),
  RUNNER_TEMP: path.join(dir, 'tmp'),
};
const pullRequest = (headRepo: string) => ({
  pull_request: {
    number: 7,
    head: { ref: 'feature', repo: { full_name: headRepo } },
    base: { repo: { full_name: 'octo/site' } },
  },
  repository: { private: true },
});

test.each([
  [
    'a push',
    {
      ...runner,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: eventFile('push', { ref: 'refs/heads/main' }),
    },
    {
      workspace: path.join(dir, 'ws'),
      runnerTemp: path.join(dir, 'tmp'),
      eventName: 'push',
      owner: 'octo',
      repo: 'site',
      sha: 'a'.repeat(40),
      runId: '4242',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      event: { ref: 'refs/heads/main' },
    },
    ['pr', 'privateRepo'],
  ],
  [
    'a pull request from a fork, on GitHub Enterprise Server',
    {
      ...runner,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile('fork', pullRequest('fork/site')),
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
    },
    {
      pr: { number: 7, headRef: 'feature', fork: true },
      privateRepo: true,
      serverUrl: 'https://ghe.example.com',
      apiUrl: 'https://ghe.example.com/api/v3',
    },
    [],
  ],
  [
    'a pull request from a branch of the same repository',
    {
      ...runner,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile('same', pullRequest('octo/site')),
    },
    { pr: { number: 7, headRef: 'feature', fork: false } },
    [],
  ],
  [
    'an unreadable payload, outside a repository',
    { GITHUB_EVENT_PATH: eventFile('broken', '{"pull_request": '), RUNNER_TEMP: path.join(dir, 'tmp') },
    { eventName: '', event: {}, workspace: process.cwd() },
    ['owner', 'repo', 'sha', 'pr'],
  ],
])('%s', (_name, env, expected, absent) => {
  const ctx = readContext(env);
  expect(ctx).toMatchObject(expected);
  for (const key of absent) expect(ctx).not.toHaveProperty(key);
});
