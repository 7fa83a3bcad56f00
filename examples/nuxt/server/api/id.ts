import { defineEventHandler } from 'h3';
import { idAfterAwaits } from '#shared/request-id';

export default defineEventHandler(async () => ({ api: await idAfterAwaits() }));
