/** The route contract between the simulator server and its wire families. */
import type { SimRequest, SimResponder } from './responder.js';

/** One endpoint of one wire family. */
export interface SimRoute {
  method: 'GET' | 'POST';
  /** Matched against SimRequest.path; groups become SimRequest.params. */
  pattern: RegExp;
  handle(req: SimRequest, res: SimResponder): Promise<void> | void;
}
