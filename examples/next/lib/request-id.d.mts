import type { Variable } from 'taskcontext';
export declare const requestId: Variable<string, string>;
export declare const pause: () => Promise<void>;
