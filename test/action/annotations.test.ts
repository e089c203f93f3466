/**
 * GitHub shows at most 10 error and 10 warning annotations per step: the annotator writes the rest
 * as log lines (through the real `@actions/core`), keeping one error for the step's failure.
 */
import * as core from '@actions/core';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_STEP, createAnnotator } from '../../src/action/annotations.js';
import { captureStdout } from './stdout.js';

const stdout = captureStdout();
const commands = (level: string) => stdout.lines().filter((l) => l.startsWith(`::${level}`));
const logLines = () => stdout.lines().filter((l) => !l.startsWith('::'));

describe('annotations', () => {
  it('are workflow commands pointing at the file, line and column', () => {
    createAnnotator().warning('unknown key `qualty`', {
      file: 'docs/images.config.yaml',
      line: 5,
      col: 3,
      title: 'pixazo-images',
    });
    expect(stdout.lines()).toEqual([
      '::warning title=pixazo-images,file=docs/images.config.yaml,line=5,col=3::unknown key `qualty`',
    ]);
  });

  it('past 10 warnings, the rest are log lines with their place, after one line saying why', () => {
    const annotate = createAnnotator();
    for (let i = 1; i <= 13; i++) annotate.warning(`problem ${i}`, { file: 'a.yaml', line: i, col: 2 });
    expect(commands('warning')).toHaveLength(ANNOTATIONS_PER_STEP);
    expect(commands('warning').at(-1)).toMatch(/::problem 10$/);
    expect(logLines()).toEqual([
      '(GitHub shows 10 warning annotations per step; the rest are these log lines.)',
      'a.yaml:11:2: warning: problem 11',
      'a.yaml:12:2: warning: problem 12',
      'a.yaml:13:2: warning: problem 13',
    ]);
  });

  it('errors stop at 9, so the failure message of setFailed is the tenth', () => {
    const annotate = createAnnotator();
    for (let i = 1; i <= 12; i++) annotate.error(`error ${i}`, { file: 'a.yaml', line: i });
    core.setFailed('12 problems in the manifest');
    const errors = commands('error');
    expect(errors).toHaveLength(ANNOTATIONS_PER_STEP);
    expect(errors.at(-1)).toBe('::error::12 problems in the manifest');
    expect(logLines().slice(1)).toEqual([
      'a.yaml:10: error: error 10',
      'a.yaml:11: error: error 11',
      'a.yaml:12: error: error 12',
    ]);
    process.exitCode = undefined;
  });

  it('counts each kind on its own; an unplaced one is a plain line', () => {
    const annotate = createAnnotator();
    for (let i = 1; i <= 11; i++) annotate.notice(`notice ${i}`);
    annotate.warning('still an annotation');
    expect(commands('notice')).toHaveLength(ANNOTATIONS_PER_STEP);
    expect(commands('warning')).toEqual(['::warning::still an annotation']);
    expect(logLines().at(-1)).toBe('notice: notice 11');
  });
});
