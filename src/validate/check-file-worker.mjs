// The entry of the validation worker thread: registers the TypeScript loader (it does not
// carry over from the main thread), then runs the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./check-file-worker-main.ts');
