import { acquireRepo } from '../acquire/acquire-repo';
export const a = acquireRepo;
