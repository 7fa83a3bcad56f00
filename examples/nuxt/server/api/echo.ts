import { defineEventHandler, getQuery } from 'h3';

/** Answers after `ms` milliseconds, so that a slow click's fetch outlasts a fast one's. */
export default defineEventHandler(async (event) => {
  const ms = Number(getQuery(event).ms ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return String(ms);
});
