/** What a route handler is: the request, its response, and what the server knew at arrival. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Per-request facts the server knows at arrival. */
export interface RequestMeta {
  requestId: string;
  startedAt: number;
  time: number;
}

/** A route handler; `param` is the path parameter of a parameterised route (e.g. a response id). */
export type Handler = (req: IncomingMessage, res: ServerResponse, meta: RequestMeta, param?: string) => Promise<void> | void;

/** A parameterised route matched against a path: its handlers by method, and the parameter taken from the path. */
export interface PathMatch {
  methods: ReadonlyMap<string, Handler>;
  param: string;
}

/** Matches paths with a parameter in them; undefined when the path is not one of its routes. */
export type PathRouter = (path: string) => PathMatch | undefined;
