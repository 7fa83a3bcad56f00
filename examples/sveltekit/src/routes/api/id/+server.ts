import { json } from '@sveltejs/kit';
import { idAfterAwaits } from '#lib/server/request-id';

export const GET = async () => json({ api: await idAfterAwaits() });
