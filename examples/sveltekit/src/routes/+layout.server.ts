import { idAfterAwaits } from '#lib/server/request-id';

export const load = async () => ({ layout: await idAfterAwaits() });
