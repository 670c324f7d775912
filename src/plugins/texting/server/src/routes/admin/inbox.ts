/** Inbox routes (see API.md). */
export default [] as Array<{ method: string; path: string; handler: string; config: Record<string, unknown> }>;
