import { z } from 'zod';

/** A documentId in a path or a body (shared with the admin's forms). */
export { documentIdSchema as id } from '../../../shared/contracts';
import { documentIdSchema as id } from '../../../shared/contracts';

/** `/:documentId` routes. */
export const documentIdParams = z.object({ documentId: id.max(64, 'at most 64 characters') });
