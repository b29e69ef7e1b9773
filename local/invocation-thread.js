// One invocation thread of the local runtime: plain JavaScript so that it starts without a
// loader; it registers tsx (loader hooks are per thread) and hands over to invocation-thread-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./invocation-thread-main.ts');
