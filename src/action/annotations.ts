/**
 * Annotations within GitHub's limits: a step shows at most 10 error and 10 warning annotations and
 * drops the rest without a word, so past the limit they are printed as log lines instead, where
 * nothing is lost. One error annotation is kept for the step's own failure message (setFailed).
 */
import * as core from '@actions/core';
import type { Logger } from '../shared/logger.js';
import { neutraliseCommands } from '../shared/redact.js';

export type Level = 'error' | 'warning' | 'notice';

/** Where an annotation points, and its title. */
export interface Place {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly title?: string;
}

/** GitHub's limit per step and kind. */
export const ANNOTATIONS_PER_STEP = 10;

/** The calls of `@actions/core` an annotator writes through. */
export type AnnotationSink = Pick<typeof core, Level | 'info'>;

export interface Annotator {
  error(message: string, place?: Place): void;
  warning(message: string, place?: Place): void;
  notice(message: string, place?: Place): void;
}

export function createAnnotator(sink: AnnotationSink = core): Annotator {
  const limit: Record<Level, number> = {
    error: ANNOTATIONS_PER_STEP - 1,
    warning: ANNOTATIONS_PER_STEP,
    notice: ANNOTATIONS_PER_STEP,
  };
  const shown: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  const annotate = (level: Level, message: string, place: Place = {}): void => {
    if (shown[level] < limit[level]) {
      shown[level]++;
      sink[level](message, {
        ...(place.title ? { title: place.title } : {}),
        ...(place.file ? { file: place.file } : {}),
        ...(place.line ? { startLine: place.line } : {}),
        ...(place.col ? { startColumn: place.col } : {}),
      });
      return;
    }
    if (shown[level] === limit[level]) {
      shown[level]++;
      sink.info(
        `(GitHub shows ${ANNOTATIONS_PER_STEP} ${level} annotations per step; the rest are these log lines.)`,
      );
    }
    const where = place.file ? `${[place.file, place.line, place.col].filter(Boolean).join(':')}: ` : '';
    // A log line, unlike an annotation (whose message core escapes): no line of it may start a command.
    sink.info(neutraliseCommands(`${where}${level}: ${message}`));
  };
  return {
    error: (message, place) => annotate('error', message, place),
    warning: (message, place) => annotate('warning', message, place),
    notice: (message, place) => annotate('notice', message, place),
  };
}

/** The step's annotator: every annotation of the action goes through it. */
export const annotations: Annotator = createAnnotator();

/** The action's Logger for the modules it runs: warnings become annotations, within the limit. */
export const actionLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(neutraliseCommands(m)),
  warning: (m) => annotations.warning(m),
};
