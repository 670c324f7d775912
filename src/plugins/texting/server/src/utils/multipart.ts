import { promises as fs } from 'node:fs';
import { errors } from '@strapi/utils';
import { formatBytes } from '../../../shared/contracts';
import type { AdminContext } from './context';
import { StatusError } from './errors';

interface UploadedFile {
  filepath: string;
  size: number;
  originalFilename?: string | null;
}

/**
 * The text of the one file of a multipart request (field `file`), and the form's other fields. Strapi's body
 * middleware has already streamed the file to a temporary file (and deletes it after the request); the
 * body-limits middleware refused an oversize request from its length, and a chunked one is caught here.
 */
export async function readUploadedText(ctx: AdminContext, maxBytes: number): Promise<{ text: string; fields: Record<string, unknown> }> {
  const files = ctx.request.files ?? {};
  const names = Object.keys(files);
  const file = files.file as UploadedFile | UploadedFile[] | undefined;
  if (!file || Array.isArray(file) || names.length !== 1) {
    throw new errors.ValidationError('Invalid upload: send exactly one file, in the form field "file"', {
      errors: [{ path: ['file'], message: 'send exactly one file, in the form field "file"', name: 'ValidationError' }],
    });
  }
  if (file.size > maxBytes) {
    throw new StatusError(`The file is ${formatBytes(file.size)}; it may be at most ${formatBytes(maxBytes)}.`, 413, 'PayloadTooLargeError', {
      limit: maxBytes,
      size: file.size,
    });
  }
  const text = await fs.readFile(file.filepath, 'utf8');
  return { text, fields: { ...(ctx.request.body ?? {}) } };
}
