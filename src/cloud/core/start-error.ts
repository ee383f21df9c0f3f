/** @module Reasons the local cloud cannot start that the user can fix: the CLI shows them as they are. */
export class CloudStartError extends Error {}
