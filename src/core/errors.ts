/** Stable codes of dialog failures; adapters map them to localized replies, operators read the hint. */
/**
 * - CONFLICT: other writes kept winning; MACHINE_ERROR: the machine failed on an event;
 * - INVALID_INPUT: an event or actor no dialog can record (refused before anything is read);
 * - INVALID_RECORD: the record would not read back after the event (refused, nothing written).
 */
export type DialogErrorCode = 'CONFLICT' | 'MACHINE_ERROR' | 'INVALID_INPUT' | 'INVALID_RECORD';

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
