// The main extension-host suite, run against the extension under development (or the installed .vsix).
// Module order is test order.
import './diagnostics-and-hover';
import './quick-fixes';
import './settings';
import './config-and-suppressions';
import './fix-all-on-save';
import './pin-digest';
import './restart';
import './audit';
import './export-policies';
import { runRegistered } from './harness';

export function run(): Promise<void> {
  return runRegistered();
}
