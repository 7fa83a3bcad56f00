import { query } from '$app/server';
import { idAfterAwaits } from '#lib/server/request-id';

/** The request id as an awaiting component sees it: run on the server during the render (one call per depth). */
export const nestedId = query('unchecked', (_depth: number) => idAfterAwaits());
