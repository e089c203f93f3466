/** `/pixazo` command lines (SPEC §10): every line starting with `/pixazo ` is a command; nothing else is. */
import { describe, expect, it } from 'vitest';
import { parseCommands } from '../../src/plan/commands-parse.js';

describe('parseCommands', () => {
  it.each([
    ['Looks good!', []],
    ['/pixazo pick hero 2', [{ kind: 'pick', id: 'hero', k: 2 }]],
    [
      'thanks\n/pixazo reroll hero\r\n/pixazo pick logo 1',
      [
        { kind: 'reroll', id: 'hero' },
        { kind: 'pick', id: 'logo', k: 1 },
      ],
    ],
    ['/pixazo pick hero', [{ kind: 'malformed' }]],
    ['/pixazo pick hero two', [{ kind: 'malformed' }]],
    ['/pixazo pick hero 0', [{ kind: 'malformed' }]],
    ['/pixazo reroll', [{ kind: 'malformed' }]],
    ['/pixazo merge hero', [{ kind: 'malformed' }]],
    [' /pixazo pick hero 2', []],
    ['/pixazopick hero 2', []],
    ['> /pixazo pick hero 2', []],
  ])('%j', (body, expected) => {
    expect(parseCommands(body)).toMatchObject(expected);
    expect(parseCommands(body)).toHaveLength(expected.length);
  });

  it('cuts a huge line instead of echoing it whole', () => {
    const [c] = parseCommands(`/pixazo pick ${'x'.repeat(10_000)} 1`);
    expect(c!.line.length).toBeLessThanOrEqual(200);
  });
});
