/** Training produced a NaN or infinite loss; the trial fails with this message. */
export class NonFiniteLossError extends Error {
  readonly code = 'train/non-finite-loss';

  constructor(
    readonly stage: string,
    readonly epoch: number,
    /** 1-based step, or 'validation'. */
    readonly step: number | 'validation',
    readonly value: number,
    readonly learningRate: number,
  ) {
    const where = step === 'validation' ? 'validation' : `step ${step}`;
    const what = Number.isNaN(value) ? 'NaN' : value > 0 ? 'infinite' : '-infinite';
    super(
      `stage "${stage}", epoch ${epoch}, ${where}: loss is ${what} — lower the learning rate ` +
        `(stages.${stage}.optimizer.lr, ${learningRate} in this epoch), check the inputs for NaN/∞ and the loss for overflow`,
    );
    this.name = 'NonFiniteLossError';
  }
}
