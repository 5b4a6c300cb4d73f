/** Stable codes of dialog failures; adapters map them to localized replies, operators read the hint. */
export type DialogErrorCode = 'CONFLICT' | 'MACHINE_ERROR';

export class DialogError extends Error {
  constructor(
    readonly code: DialogErrorCode,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DialogError';
  }
}
