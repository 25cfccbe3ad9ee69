// dockerfile-ast re-scans an instruction's text every time its arguments are asked for, and its own getFlags,
// getJSONStrings, getProperties… ask again: in a 500-line Dockerfile that was two thirds of the analysis, three times
// the parse itself. A parsed instruction never changes, so the scan is remembered per instruction. Callers get a
// copy each time because dockerfile-ast's ModifiableInstruction shifts flags off the array it receives.
import type { Argument, Instruction } from 'dockerfile-ast';

// The scan is kept on the instruction itself: a WeakMap holding thousands of short-lived instructions per keystroke
// costs the garbage collector more than a property does.
const SCANNED = Symbol('scannedArguments');
type WithRawArguments = { getRawArguments(): Argument[]; [SCANNED]?: Argument[] };

/** Installs the memo on dockerfile-ast's Instruction class (once, when the parser is loaded). */
export function rememberArgumentScans(instruction: typeof Instruction): void {
  const prototype = instruction.prototype as unknown as WithRawArguments;
  const scan = prototype.getRawArguments;
  prototype.getRawArguments = function (this: WithRawArguments): Argument[] {
    const args = (this[SCANNED] ??= scan.call(this));
    return args.slice();
  };
}
