/**
 * Consuming the fault knobs. Each `*Next*` knob is a count or a queue on the mutable options
 * object; a matching request takes one unit, so a test decides exactly which calls misbehave.
 */
import type { ServerResponse } from 'node:http';
import { errorBody, sendJson } from './http.js';
import type { EmulatorOptions, FaultAnswer, JsonObject } from './types.js';

type CountKnob = {
  [K in keyof EmulatorOptions]: EmulatorOptions[K] extends number ? K : never;
}[keyof EmulatorOptions] &
  `${string}Next${string}`;

/** Takes one unit of a counted knob; true when this request is to misbehave. */
export function take(options: EmulatorOptions, knob: CountKnob): boolean {
  if (options[knob] > 0) {
    options[knob] -= 1;
    return true;
  }
  return false;
}

const DEFAULT_BODIES: Readonly<Record<FaultAnswer['status'], JsonObject>> = {
  // A success without the one field that matters: a broken proxy or a truncated rewrite.
  200: { status: 'QUEUED' },
  202: { status: 'QUEUED' },
  400: errorBody('Bad Request', 'The request could not be processed.'),
  401: errorBody('Unauthorized', 'Access denied due to invalid subscription key.'),
  // The seed's own 402 body.
  402: errorBody('Insufficient Balance', 'Your wallet does not have enough balance.'),
  403: errorBody('Forbidden', 'This subscription key is not allowed to use this API.'),
  404: errorBody('Not Found', 'Resource not found.'),
  429: errorBody('Too Many Requests', 'Rate limit is exceeded. Try again later.'),
  500: errorBody('Internal Server Error', 'An unexpected error occurred.'),
  502: errorBody('Bad Gateway', 'The upstream service answered with an invalid response.'),
  503: errorBody('Service Unavailable', 'The service is temporarily unavailable.'),
  504: errorBody('Gateway Timeout', 'The upstream service did not answer in time.'),
};

/** Answers with a canned fault (its body, or the gateway's error shape for that status). */
export function sendFault(res: ServerResponse, fault: FaultAnswer): void {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
  if (fault.contentType !== undefined) headers['Content-Type'] = fault.contentType;
  sendJson(res, fault.status, fault.body ?? DEFAULT_BODIES[fault.status], headers);
}

/**
 * A proxy's own error page in front of the gateway: HTML, not the gateway's JSON error body, so a
 * client cannot tell whether the gateway saw (and charged) the request.
 */
export function proxyPage(status: 500 | 502 | 503 | 504): FaultAnswer {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<html><head><title>${status} Error</title></head><body><center><h1>${status} Error</h1></center><hr><center>nginx</center></body></html>\n`,
  };
}
