import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  PERMISSIONS_SNIPPET,
  RESULTS_TAG,
  type UpsertCommentOptions,
  upsertPrComment,
} from '../../src/publish/comment.js';
import { commentMarker } from '../../src/report/markdown.js';
import { ACTIONS_BOT, type GitHubApi, startGitHubApi } from '../fakes/github-api.js';

const TOKEN = 'test-token';
const PAT = 'pat-token';
const MARKER = commentMarker('images.config.yaml');

let api: GitHubApi;
let log: { info: string[]; warning: string[] };

beforeAll(async () => {
  // One server for the file: @actions/github reads GITHUB_API_URL (and its context) when first
  // imported, which upsertPrComment does lazily, so the environment is set before any test runs.
  api = await startGitHubApi({
    users: { [TOKEN]: ACTIONS_BOT, [PAT]: { login: 'maintainer', type: 'User' } },
  });
  process.env.GITHUB_API_URL = api.url;
  process.env.GITHUB_REPOSITORY = 'o/r';
  delete process.env.GITHUB_EVENT_PATH;
});

afterAll(async () => {
  await api.close();
});

beforeEach(() => {
  api.reset();
  log = { info: [], warning: [] };
});

function upsert(over: Partial<UpsertCommentOptions> = {}) {
  return upsertPrComment({
    token: TOKEN,
    owner: 'o',
    repo: 'r',
    issueNumber: 7,
    marker: MARKER,
    body: `${MARKER}\nfirst`,
    kind: 'plan',
    apiUrl: api.url,
    logger: { info: (m) => log.info.push(m), warning: (m) => log.warning.push(m) },
    ...over,
  });
}

const writes = () => api.requests.filter((r) => r.method !== 'GET');

describe('upsertPrComment', () => {
  test('first run creates, second run updates the same comment', async () => {
    const first = await upsert();
    expect(first).toEqual({ id: expect.any(Number), outcome: 'created' });
    const second = await upsert({ body: `${MARKER}\nsecond` });
    expect(second).toEqual({ id: first!.id, outcome: 'updated' });

    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toBe(`${MARKER}\nsecond`);
    expect(writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(api.requests.every((r) => r.authorized)).toBe(true);
    expect(log.warning).toEqual([]);
  });

  test('compose: builds the body from the comment as re-read right before writing; undefined keeps it', async () => {
    const seen: (string | undefined)[] = [];
    const compose = (existing: string | undefined) => {
      seen.push(existing);
      return `${MARKER}\n${existing ? 'second' : 'first'} {"kind":"results"}`;
    };
    const first = await upsert({ compose });
    expect(first?.outcome).toBe('created');
    expect(api.comments[0]!.body).toBe(`${MARKER}\nfirst {"kind":"results"}\n${RESULTS_TAG}`);
    api.requests.length = 0;
    const second = await upsert({ compose });
    expect(second).toEqual({ id: first!.id, outcome: 'updated' });
    expect(seen).toEqual([undefined, `${MARKER}\nfirst {"kind":"results"}\n${RESULTS_TAG}`]);
    // Listed, then read again by id, then written.
    expect(api.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      `GET /repos/o/r/issues/comments/${first!.id}`,
      `PATCH /repos/o/r/issues/comments/${first!.id}`,
    ]);
    const kept = await upsert({ compose: () => undefined });
    expect(kept).toEqual({ id: first!.id, outcome: 'kept' });
    expect(api.comments[0]!.body).toContain('second');
  });

  test("a second manifest's marker makes a separate comment", async () => {
    const other = commentMarker('docs/images.config.yaml');
    const a = await upsert();
    const b = await upsert({ marker: other, body: `${other}\nother` });
    await upsert({ body: `${MARKER}\nagain` });

    expect(b!.id).not.toBe(a!.id);
    expect(api.comments.map((c) => c.body)).toEqual([`${MARKER}\nagain`, `${other}\nother`]);
  });

  test('finds the marker on page 2 of more than 100 comments', async () => {
    for (let i = 0; i < 130; i++) api.addComment({ issueNumber: 7, body: `chatter ${i}` });
    const ours = api.addComment({ issueNumber: 7, body: `${MARKER}\nold`, user: ACTIONS_BOT });
    api.addComment({ issueNumber: 7, body: 'later chatter' });

    expect(await upsert({ body: `${MARKER}\nnew` })).toEqual({ id: ours.id, outcome: 'updated' });
    expect(ours.body).toBe(`${MARKER}\nnew`);
    expect(api.requests.some((r) => r.method === 'GET' && r.url.includes('page=2'))).toBe(true);
    expect(writes().map((r) => r.method)).toEqual(['PATCH']);
  });

  test('comments on other PRs and repositories are not ours', async () => {
    api.addComment({ issueNumber: 8, body: MARKER, user: ACTIONS_BOT });
    api.addComment({ issueNumber: 7, body: MARKER, user: ACTIONS_BOT, repo: 'other' });
    expect(await upsert()).toMatchObject({ outcome: 'created' });
    expect(api.comments).toHaveLength(3);
  });

  test("a person's comment quoting the marker is never overwritten", async () => {
    const human = api.addComment({ issueNumber: 7, body: `look: ${MARKER}` });
    expect(await upsert()).toMatchObject({ outcome: 'created' });
    expect(human.body).toBe(`look: ${MARKER}`);
    expect(api.comments).toHaveLength(2);
    // GET /user answered 403 to the installation token: that was no reason to fail.
    expect(log.warning).toEqual([]);
  });

  test("with a personal token, that user's own comment is ours", async () => {
    api.addComment({
      issueNumber: 7,
      body: `${MARKER}\nby someone`,
      user: { login: 'someone', type: 'User' },
    });
    const mine = api.addComment({
      issueNumber: 7,
      body: `${MARKER}\nold`,
      user: { login: 'maintainer', type: 'User' },
    });
    expect(await upsert({ token: PAT })).toEqual({ id: mine.id, outcome: 'updated' });
  });

  test('a comment deleted between listing and updating is posted anew', async () => {
    api.addComment({ issueNumber: 7, body: MARKER, user: ACTIONS_BOT });
    api.onRequest = (r) => {
      if (r.method === 'PATCH') api.comments.length = 0;
    };
    expect(await upsert()).toMatchObject({ outcome: 'created' });
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'POST']);
    expect(api.comments).toHaveLength(1);
  });

  test('read-only token: a warning with the permissions snippet, no throw, no comment', async () => {
    api.readOnly = true;
    await expect(upsert()).resolves.toBeUndefined();
    expect(api.comments).toHaveLength(0);
    expect(log.warning).toHaveLength(1);
    expect(log.warning[0]).toContain('Resource not accessible by integration');
    expect(log.warning[0]).toContain(PERMISSIONS_SNIPPET);
    expect(log.warning[0]).toContain('permissions:\n  contents: write\n  pull-requests: write');
    expect(log.warning[0]).not.toContain(TOKEN);
  });

  test('read-only token with an existing comment: the update is refused softly too', async () => {
    api.addComment({ issueNumber: 7, body: MARKER, user: ACTIONS_BOT });
    api.readOnly = true;
    await expect(upsert()).resolves.toBeUndefined();
    expect(log.warning[0]).toContain(PERMISSIONS_SNIPPET);
  });

  test('bad credentials and an unreachable API are warnings, not failures', async () => {
    await expect(upsert({ token: 'wrong-secret' })).resolves.toBeUndefined();
    expect(log.warning[0]).toContain('401');
    expect(log.warning[0]).not.toContain('wrong-secret');

    const gone = await startGitHubApi();
    await gone.close();
    await expect(upsert({ apiUrl: gone.url })).resolves.toBeUndefined();
    expect(log.warning).toHaveLength(2);
  });

  test('the GITHUB_API_URL default is honoured without apiUrl', async () => {
    expect(await upsert({ apiUrl: undefined })).toMatchObject({ outcome: 'created' });
    expect(api.comments).toHaveLength(1);
  });
});

describe('a plan never replaces results', () => {
  test('results are tagged; a later plan keeps them, says so, and writes nothing', async () => {
    const results = await upsert({ body: `${MARKER}\n3 generated`, kind: 'results' });
    expect(api.comments[0]!.body).toBe(`${MARKER}\n3 generated\n${RESULTS_TAG}`);

    const plan = await upsert({ body: `${MARKER}\n1 planned`, kind: 'plan' });
    expect(plan).toEqual({ id: results!.id, outcome: 'kept' });
    expect(api.comments[0]!.body).toBe(`${MARKER}\n3 generated\n${RESULTS_TAG}`);
    expect(writes().map((r) => r.method)).toEqual(['POST']);
    expect(log.info.at(-1)).toMatch(/shows the results of a real run; this run only planned .*job summary/);
    expect(log.warning).toEqual([]);
  });

  test('a plan updates a plan; results update a plan and results', async () => {
    const first = await upsert({ body: `${MARKER}\nplan 1` });
    expect(await upsert({ body: `${MARKER}\nplan 2` })).toEqual({ id: first!.id, outcome: 'updated' });
    expect(api.comments[0]!.body).toBe(`${MARKER}\nplan 2`);
    await upsert({ body: `${MARKER}\nresults 1`, kind: 'results' });
    expect(await upsert({ body: `${MARKER}\nresults 2`, kind: 'results' })).toEqual({
      id: first!.id,
      outcome: 'updated',
    });
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toBe(`${MARKER}\nresults 2\n${RESULTS_TAG}`);
    expect(writes().map((r) => r.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH']);
  });

  test("the tag in someone else's comment holds nothing back", async () => {
    api.addComment({ issueNumber: 7, body: `${MARKER}\n${RESULTS_TAG}` });
    expect(await upsert()).toMatchObject({ outcome: 'created' });
    expect(api.comments).toHaveLength(2);
  });
});
