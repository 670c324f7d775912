import { z } from 'zod';

/**
 * Plivo's delivery report (form fields, after the signature check). Unknown fields pass: Plivo adds
 * fields over time, and the signature already covers them all.
 */
export const deliveryReport = z
  .object({ MessageUUID: z.string().trim().min(1).max(64), Status: z.string().trim().min(1), ErrorCode: z.string().optional() })
  .passthrough();

export type DeliveryReport = z.infer<typeof deliveryReport>;
