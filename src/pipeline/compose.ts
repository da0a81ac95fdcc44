/** Builds a dispatcher from interceptors, the way undici composes its dispatch interceptors. */
import type { Dispatch, Interceptor } from './contract.js';

/**
 * compose(a, b, c)(send) is a(b(c(send))): the first interceptor is the outermost, so it sees
 * the whole request and each later one sees what the one before hands it.
 */
export function compose(...interceptors: Interceptor[]): <Res>(send: Dispatch<Res>) => Dispatch<Res> {
  return <Res>(send: Dispatch<Res>) => interceptors.reduceRight<Dispatch<Res>>((next, interceptor) => interceptor(next), send);
}
