/**
 * Contracts shared by the server and the admin: request/response types, zod schemas and constants.
 * Both sides import from here (`../../shared/contracts` relative to their `src`); nothing is copied by hand.
 * One file per concern; this index re-exports them.
 */
export * from './common';
export * from './limits';
export * from './phone';
export * from './numbers';
export * from './health';
export * from './provisioning';
export * from './campaigns';
export * from './inbox';
export * from './dispatch';
export * from './settings';
export * from './capacity';
export * from './notifications';
export * from './impact';
export * from './bulk';
export * from './audit';
