/**
 * The plugin's access to the database beyond the Document Service and the query engine: dialect helpers,
 * table names read from Strapi's metadata, Strapi-shaped documentIds for raw inserts.
 */
export * from './dialect';
export * from './document-id';
export * from './tables';
export * from './prepared';
export * from './transaction';
