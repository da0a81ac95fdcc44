/**
 * Deterministic token log-probabilities for the simulator's replies: each stream piece of the
 * text counts as one token, with a made-up but stable logprob and the asked number of
 * alternatives (the chosen token first, as it is the most likely).
 */

/** One token in OpenAI's ChatCompletionTokenLogprob shape. */
export interface SimTokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

const bytesOf = (text: string) => [...Buffer.from(text, 'utf8')];

/** The token entry for the piece at `index`, with `top` alternatives. */
export function tokenLogprob(piece: string, index: number, top: number): SimTokenLogprob {
  const logprob = -Math.round((0.01 + (index % 7) * 0.05) * 1000) / 1000;
  const alternatives = Array.from({ length: top }, (_, k) => {
    const token = k === 0 ? piece : `${piece.trim()}~${k}`;
    return { token, logprob: k === 0 ? logprob : logprob - k * 1.5, bytes: bytesOf(token) };
  });
  return { token: piece, logprob, bytes: bytesOf(piece), top_logprobs: alternatives };
}

/** A choice's logprobs object for these pieces. */
export function choiceLogprobs(pieces: string[], top: number, offset = 0): { content: SimTokenLogprob[]; refusal: null } {
  return { content: pieces.map((piece, i) => tokenLogprob(piece, offset + i, top)), refusal: null };
}
