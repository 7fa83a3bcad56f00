import { Variable } from 'taskcontext';

/** Which click a piece of client code runs for ('empty' outside any). */
export const click = new Variable<string>({ name: 'click', defaultValue: 'empty' });
