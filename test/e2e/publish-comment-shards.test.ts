/**
 * The sticky PR comment of a shard matrix, through the built action (dist/index.js) and the REAL
 * @actions/github octokit against the GitHub API fake: one comment with a section per shard, totals
 * that add up across them, a re-run of one shard replacing only its own section.
 */
import { describe, expect, it } from 'vitest';
import { parseSections } from '../../src/report/comment-sections.js';
import { runAction } from '../helpers/run-action.js';
import { BOT_TOKEN, gitEnv, inputsFor, logOf, pullRequestEvent, pullRequestSetup } from './fixtures.js';

const PR = 21;

const { t, pr } = pullRequestSetup({ latency: 20 });

function runShard(shard: string, extra: Record<string, string> = {}) {
  return runAction({
    workspace: t.fx.work,
    inputs: inputsFor(t.emu, { 'github-token': BOT_TOKEN, shard, ...extra }),
    env: { ...gitEnv(t.fx), GITHUB_API_URL: t.api.url, GITHUB_HEAD_REF: 'feature' },
    eventName: 'pull_request',
    event: pullRequestEvent({ number: PR, headRef: 'feature', baseSha: pr.baseSha }),
  });
}

const sectionText = (body: string, key: string) => parseSections(body).find((s) => s.key === key)?.text;

describe('the sticky comment of a shard matrix (built action)', () => {
  it('one comment, a section per shard, totals adding up; a re-run of shard 1 replaces only its section', async () => {
    const one = await runShard('1/2');
    expect(one.code, logOf(one)).toBe(0);
    const two = await runShard('2/2');
    expect(two.code, logOf(two)).toBe(0);

    expect(t.api.comments).toHaveLength(1);
    const body = t.api.comments[0]!.body;
    const sections = parseSections(body);
    expect(sections.map((s) => s.key)).toEqual(['shard-1-of-2', 'shard-2-of-2']);
    expect(sections.every((s) => s.data?.kind === 'results')).toBe(true);
    // Every entry of the manifest shows, whichever shard made it.
    for (const id of ['hero', 'harbour', 'gulls']) expect(body).toContain(`| **${id}**`);
    const generated = Number(one.outputs.generated) + Number(two.outputs.generated);
    expect(generated).toBe(3);
    const cost = Number(one.outputs.cost) + Number(two.outputs.cost);
    expect(cost).toBeCloseTo(0.048, 4);
    expect(body).toContain('**Across 2 run scopes**: **3** generated');
    expect(body).toMatch(/Cost: \*\*\$0\.048/);
    expect(sections.reduce((a, s) => a + s.data!.cost, 0)).toBeCloseTo(cost, 6);

    // Shard 1 again, forced: its section is new, shard 2's is the very same text.
    const before2 = sectionText(body, 'shard-2-of-2');
    const before1 = sectionText(body, 'shard-1-of-2');
    const again = await runShard('1/2', { force: 'all' });
    expect(again.code, logOf(again)).toBe(0);
    expect(t.api.comments).toHaveLength(1);
    const after = t.api.comments[0]!.body;
    expect(parseSections(after).map((s) => s.key)).toEqual(['shard-1-of-2', 'shard-2-of-2']);
    expect(sectionText(after, 'shard-2-of-2')).toBe(before2);
    expect(sectionText(after, 'shard-1-of-2')).not.toBe(before1);
    const total = Number(again.outputs.cost) + Number(two.outputs.cost);
    expect(after).toMatch(new RegExp(`Cost: \\*\\*\\$${total.toFixed(3).replace('.', '\\.')}`));
  });
});
