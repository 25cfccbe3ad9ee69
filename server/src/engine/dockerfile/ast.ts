// dockerfile-ast, loaded with the first Dockerfile: a server that only ever sees YAML never pays for it at start.
import { rememberArgumentScans } from './memo-arguments';

let loaded: typeof import('dockerfile-ast') | undefined;

export function dockerfileAst(): typeof import('dockerfile-ast') {
  if (!loaded) {
    loaded = require('dockerfile-ast') as typeof import('dockerfile-ast');
    rememberArgumentScans(loaded.Instruction);
  }
  return loaded;
}
