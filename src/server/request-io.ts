/**
 * The RequestIO the runner uses for one HTTP request: how to read its body and how to write the
 * result, over node:http. A class rather than closures, since one is made per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientClosed, type RequestContext } from '../pipeline/context.js';
import type { PipelineResult } from '../pipeline/contract.js';
import type { RequestIO } from '../pipeline/runner.js';
import { parseJsonBody, readBody, requireJsonContentType } from './read-body.js';
import { type ResultCodec, writeResult } from './write-result.js';

/** One request's body reading and result writing; aborts the context when the client leaves. */
export class NodeRequestIO<Req, Res> implements RequestIO<Req, Res> {
  private bodyRead = false;
  /** Listens for the client leaving before the answer is written. */
  readonly onClose = (): void => {
    if (!this.res.writableFinished) this.ctx.abort(clientClosed());
  };

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly ctx: RequestContext<Req, Res>,
    private readonly codec: ResultCodec<Req, Res>,
    private readonly decodeBody: (body: unknown, ctx: RequestContext<Req, Res>) => Req,
    private readonly limitBytes: number,
  ) {}

  decode(body: unknown): Req {
    return this.decodeBody(body, this.ctx);
  }

  async readBody(): Promise<unknown> {
    requireJsonContentType(this.req.headers['content-type']);
    const body = await readBody(this.req, this.limitBytes);
    this.bodyRead = true;
    return parseJsonBody(body);
  }

  respond(result: PipelineResult<Res>): Promise<void> | undefined {
    return writeResult(this.res, this.codec, this.ctx, result, this.bodyRead);
  }
}
