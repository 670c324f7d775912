/** Limits and fixed texts that the server enforces and the admin shows; one definition for both sides. */

/** Longest text the plugin sends or stores (Plivo concatenates up to 1600 characters). */
export const MESSAGE_MAX_LENGTH = 1600;
