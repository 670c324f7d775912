import { z } from 'zod';

/** A documentId in a path or a body. */
export const id = z.string().trim().min(1, 'an id is required');

/** `/:documentId` routes. */
export const documentIdParams = z.object({ documentId: id.max(64, 'at most 64 characters') });
