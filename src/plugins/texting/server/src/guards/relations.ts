/**
 * Whether a relation value, in any of the shapes Strapi accepts (documentId, id, {documentId}, {id},
 * {connect}, {set}, arrays of those), names at least one target. Used where only the raw input is seen.
 */
export function hasRelationValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.some(hasRelationValue);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('set' in v) return hasRelationValue(v.set);
    if ('connect' in v) return hasRelationValue(v.connect);
    return v.id !== undefined || v.documentId !== undefined;
  }
  return false;
}
