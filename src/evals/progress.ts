/** Progress on stderr while the eval runs: a cli-progress bar on a terminal, plain periodic lines otherwise (CI logs). */
import { Presets, SingleBar } from 'cli-progress';

/** Reports rows done; `stop` ends the bar. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress reporter for this stream: a bar when it is a TTY, else a line per ~10% of the rows. */
export function createProgress(stream: NodeJS.WriteStream, total: number): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { stream, format: 'eval [{bar}] {value}/{total} rows | {eta_formatted} left', hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    update(done, all) {
      if (done % step === 0 || done === all) stream.write(`eval: ${done}/${all} rows\n`);
    },
    stop() {},
  };
}
