/** Inputs of the provisioning routes (API.md): the schemas live in shared/contracts, where the admin's form uses them too. */
export { availableNumbersQuery, provisionBody, releaseUnmanagedBody } from '../../../shared/contracts';
export type { ProvisionBody } from '../../../shared/contracts';
