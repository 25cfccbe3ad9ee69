// The packaged product's suite: the installed extension first, then the whole main suite against it.
import './installed-product';
export { run } from './index';
