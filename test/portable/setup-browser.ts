// A page runs the contract suite as a browser user would: the patch layer installed first.
import { install } from '../../src/index.js';

install();
