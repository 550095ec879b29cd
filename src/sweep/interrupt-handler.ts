/**
 * Ctrl-C / SIGTERM for a running sweep: the first signal aborts `signal` (stop launching, ask trials to
 * checkpoint and stop), the second aborts `forceSignal` (kill trials now), a third exits at once.
 */
export interface InterruptHandler {
  readonly signal: AbortSignal;
  readonly forceSignal: AbortSignal;
  /** Calls `force` on the second signal as well (e.g. to print "forcing"). */
  onForce(force: () => void): void;
  /** Removes the process listeners (call when the sweep is over). */
  dispose(): void;
}

export function installInterruptHandler(
  opts: {
    signals?: readonly NodeJS.Signals[];
    onFirst?: (sig: NodeJS.Signals) => void;
    exit?: (code: number) => void;
  } = {},
): InterruptHandler {
  const signals = opts.signals ?? (['SIGINT', 'SIGTERM'] as const);
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const stop = new AbortController();
  const force = new AbortController();
  const forceCallbacks: Array<() => void> = [];
  let count = 0;
  const listener = (sig: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      opts.onFirst?.(sig);
      stop.abort(new Error(`interrupted by ${sig}`));
    } else if (count === 2) {
      force.abort(new Error(`forced by a second ${sig}`));
      for (const cb of forceCallbacks) cb();
    } else {
      exit(130);
    }
  };
  for (const s of signals) process.on(s, listener);
  return {
    signal: stop.signal,
    forceSignal: force.signal,
    onForce: (cb) => void forceCallbacks.push(cb),
    dispose: () => {
      for (const s of signals) process.off(s, listener);
    },
  };
}
